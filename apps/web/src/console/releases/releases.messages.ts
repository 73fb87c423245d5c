// The outcome releases page's messages (console.releases in messages.ts), in English and Spanish.

export const releasesMessages = {
  en: {
    nav: 'Outcome releases',
    title: 'Outcome releases',
    intro:
      'Each run computed a school year’s indicators from a snapshot of the records. Releasing a run puts its published values on the public pages, in place of the year’s current release.',
    filter: {
      legend: 'Show runs',
      year: 'School year, by its spring (for example 2025 for 2024–25); empty for every year',
      show: 'Show',
    },
    runs: {
      caption: 'Outcome indicator runs, newest first',
      none: 'No run matches.',
      run: 'Run',
      schoolYear: 'School year',
      snapshot: 'Snapshot of the records',
      inputs: 'Records read',
      noInputs: 'None counted',
      input: '{{contract}}: {{count}}',
      students: 'Students',
      values: 'Values',
      published: 'Published',
      suppressed: 'Suppressed',
      computed: 'Computed',
      release: 'Release',
      released: 'Released',
      releaseRun: 'Release run {{runId}}',
    },
    confirm: {
      heading: 'Release run {{runId}} for {{schoolYear}}?',
      body_one:
        'Its {{published}} published value replaces the public pages’ current numbers for {{schoolYear}}; its {{suppressed}} suppressed values stay withheld. The release is recorded in the audit log.',
      body_other:
        'Its {{published}} published values replace the public pages’ current numbers for {{schoolYear}}; its {{suppressed}} suppressed values stay withheld. The release is recorded in the audit log.',
      yes: 'Yes, release run {{runId}}',
      cancel: 'Cancel',
    },
    releasedRun: 'Run {{runId}} is now the released run for {{schoolYear}}.',
    request: {
      heading: 'Compute a school year again',
      intro: 'The worker computes the year’s indicators from the current records. The new run appears above when it is done; it is not released until you release it.',
      year: 'School year, by its spring (for example 2025 for 2024–25)',
      submit: 'Compute',
      check: 'Check again',
      status: 'Request {{requestId}} for {{schoolYear}}: {{status}}.',
      states: {
        pending: 'waiting for the worker',
        running: 'being computed',
        done: 'done',
        failed: 'failed',
      },
      done: 'It produced run {{runId}}.',
      failed: 'Why: {{failure}}',
    },
  },
  es: {
    nav: 'Publicación de resultados',
    title: 'Publicación de resultados',
    intro:
      'Cada ejecución calculó los indicadores de un año escolar a partir de una instantánea de los registros. Publicar una ejecución pone sus valores publicados en las páginas públicas, en lugar de la publicación actual del año.',
    filter: {
      legend: 'Mostrar ejecuciones',
      year: 'Año escolar, por su primavera (por ejemplo 2025 para 2024–25); vacío para todos los años',
      show: 'Mostrar',
    },
    runs: {
      caption: 'Ejecuciones de indicadores de resultados, las más recientes primero',
      none: 'Ninguna ejecución coincide.',
      run: 'Ejecución',
      schoolYear: 'Año escolar',
      snapshot: 'Instantánea de los registros',
      inputs: 'Registros leídos',
      noInputs: 'Ninguno contado',
      input: '{{contract}}: {{count}}',
      students: 'Estudiantes',
      values: 'Valores',
      published: 'Publicados',
      suppressed: 'Suprimidos',
      computed: 'Calculada',
      release: 'Publicar',
      released: 'Publicada',
      releaseRun: 'Publicar la ejecución {{runId}}',
    },
    confirm: {
      heading: '¿Publicar la ejecución {{runId}} para {{schoolYear}}?',
      body_one:
        'Su {{published}} valor publicado reemplaza los números actuales de las páginas públicas para {{schoolYear}}; sus {{suppressed}} valores suprimidos siguen ocultos. La publicación queda registrada en el registro de auditoría.',
      body_many:
        'Sus {{published}} valores publicados reemplazan los números actuales de las páginas públicas para {{schoolYear}}; sus {{suppressed}} valores suprimidos siguen ocultos. La publicación queda registrada en el registro de auditoría.',
      body_other:
        'Sus {{published}} valores publicados reemplazan los números actuales de las páginas públicas para {{schoolYear}}; sus {{suppressed}} valores suprimidos siguen ocultos. La publicación queda registrada en el registro de auditoría.',
      yes: 'Sí, publicar la ejecución {{runId}}',
      cancel: 'Cancelar',
    },
    releasedRun: 'La ejecución {{runId}} es ahora la publicada para {{schoolYear}}.',
    request: {
      heading: 'Volver a calcular un año escolar',
      intro:
        'El proceso de fondo calcula los indicadores del año a partir de los registros actuales. La nueva ejecución aparece arriba cuando termina; no se publica hasta que usted la publique.',
      year: 'Año escolar, por su primavera (por ejemplo 2025 para 2024–25)',
      submit: 'Calcular',
      check: 'Volver a comprobar',
      status: 'Solicitud {{requestId}} para {{schoolYear}}: {{status}}.',
      states: {
        pending: 'esperando al proceso de fondo',
        running: 'en cálculo',
        done: 'terminada',
        failed: 'fallida',
      },
      done: 'Produjo la ejecución {{runId}}.',
      failed: 'Motivo: {{failure}}',
    },
  },
};
