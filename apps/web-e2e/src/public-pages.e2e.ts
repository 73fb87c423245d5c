import { expect, type Page, test } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { expectNoAccessibilityViolations } from './accessibility';
import { DISTRICTS, SCHOOLS, STUDENT } from './directory-fixture';
import { OUTCOMES_YEAR, SHOWN } from './outcomes-fixture';

const searchFor = async (page: Page, text: string, label = 'School name, district or city') => {
  await page.getByLabel(label).fill(text);
  await page.getByLabel(label).press('Enter');
};

test('a visitor searches for a school by name, opens it and sees its directory facts', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: 'Find a school' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expectNoAccessibilityViolations(page);

  await searchFor(page, 'grand bend high');
  await expect(page).toHaveURL(/\/schools\?q=grand\+bend\+high$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Search results for “grand bend high”' })).toBeFocused();
  await expect(page.getByText('1 school matches.')).toBeVisible();
  await expectNoAccessibilityViolations(page);

  await page.getByRole('link', { name: SCHOOLS.grandBendHigh.nameOfInstitution }).click();
  await expect(page).toHaveURL(`/schools/${SCHOOLS.grandBendHigh.schoolId}`);
  await expect(page.getByRole('heading', { level: 1, name: SCHOOLS.grandBendHigh.nameOfInstitution })).toBeVisible();
  await expect(page).toHaveTitle(`${SCHOOLS.grandBendHigh.nameOfInstitution} | Lantern school information`);
  const about = page.getByRole('region', { name: 'About this school' });
  await expect(about.getByText(DISTRICTS.grandBend.nameOfInstitution)).toBeVisible();
  await expect(about.getByText('1200 Main Street')).toBeVisible();
  await expect(about.getByText('Grand Bend, TX 78701')).toBeVisible();
  await expect(about.getByText('Ninth grade, Tenth grade, Eleventh grade, and Twelfth grade')).toBeVisible();
  await expect(page.getByText('No numbers about this school’s students have been released yet.')).toBeVisible();
  await expectNoAccessibilityViolations(page);
});

test('a school’s released indicators: growth by group with withheld cells marked and their reasons, in Spanish too, and the numbers as CSV', async ({ page }) => {
  await page.goto(`/schools/${SCHOOLS.riversideMiddle.schoolId}`);
  const growth = page.getByRole('region', { name: 'Academic growth', exact: true });
  await expect(growth.getByText('Growth shows how much students learned during the year')).toBeVisible();
  const growthTable = growth.getByRole('table', { name: 'Academic growth by student group, 2024–25 (grades 4–8)' });
  const allStudents = growthTable.getByRole('row', { name: /^All students/ });
  await expect(allStudents.getByRole('cell').first()).toHaveText(`${SHOWN.growthAllEla}n = 240`);
  const nonbinary = growthTable.getByRole('row', { name: /^Nonbinary/ });
  await expect(nonbinary.getByRole('cell').first()).toHaveText(SHOWN.withheldFewer);
  await expect(growthTable.getByRole('row', { name: /^Male/ }).getByRole('cell').first()).toHaveText(SHOWN.withheldComplementary);
  await expect(growth.getByRole('img', { name: /^Bar chart: English language arts growth \(points\), by student group\./ })).toBeVisible();
  await expect(growth.getByRole('table', { name: 'Spending per pupil by source of funds, 2024–25' }).getByRole('row', { name: /^All students/ })).toContainText('$12,480');
  await expect(page.getByRole('region', { name: 'Chronic absence' }).getByRole('row', { name: /^Homeless/ })).toContainText(SHOWN.topCoded);
  await expect(page.getByRole('region', { name: 'School plan goals' }).getByRole('row', { name: /^Chronically absent \(All students\)/ })).toContainText('On track');
  await expectNoAccessibilityViolations(page);

  const [download] = await Promise.all([page.waitForEvent('download'), growth.getByRole('link', { name: 'Download these numbers for 2024–25 (CSV)' }).click()]);
  const csv = await readFile(await download.path(), 'utf8');
  expect(csv.split('\r\n')[0]).toBe('indicator,schoolYear,level,organisationId,group,kind,n,value,coded,reason');
  expect(csv).toContain(`growth-ela,${OUTCOMES_YEAR},school,${SCHOOLS.riversideMiddle.schoolId},all,mean,240,3.2,,`);
  expect(csv).toContain(`growth-ela,${OUTCOMES_YEAR},school,${SCHOOLS.riversideMiddle.schoolId},sex:nonbinary,mean,,,,below-minimum-n`);
  // The section's own numbers: growth and spending, not the chronic absence shown further down.
  expect(csv).toContain(`ppe-total,${OUTCOMES_YEAR},school,${SCHOOLS.riversideMiddle.schoolId},all,`);
  expect(csv).not.toContain('chronic-absenteeism');

  await page.getByRole('button', { name: 'Español' }).click();
  const crecimiento = page.getByRole('region', { name: 'Crecimiento académico', exact: true });
  await expect(crecimiento.getByText('El crecimiento muestra cuánto aprendieron')).toBeVisible();
  const tabla = crecimiento.getByRole('table', { name: 'Crecimiento académico por grupo de estudiantes, 2024–25 (grados 4 a 8)' });
  await expect(
    tabla
      .getByRole('row', { name: /^No binarios/ })
      .getByRole('cell')
      .first(),
  ).toHaveText('No publicado: menos de 11 estudiantes');
  await expectNoAccessibilityViolations(page);
});

test('a visitor chooses an earlier released year, then opens the school’s district and sees its numbers', async ({ page }) => {
  await page.goto(`/schools/${SCHOOLS.riversideMiddle.schoolId}`);
  await page.getByLabel('School year').selectOption('2024');
  await page.getByRole('button', { name: 'Show' }).click();
  await expect(page).toHaveURL(`/schools/${SCHOOLS.riversideMiddle.schoolId}?year=2024`);
  const growth = page.getByRole('region', { name: 'Academic growth', exact: true });
  await expect(growth.getByRole('table', { name: 'Academic growth by student group, 2023–24 (grades 4–8)' }).getByRole('row', { name: /^All students/ })).toContainText(
    SHOWN.growthAllElaEarlier,
  );
  await expect(page.getByRole('region', { name: 'Graduation' })).toHaveCount(0);

  await page.getByRole('link', { name: `How students do across ${DISTRICTS.riverside.nameOfInstitution}` }).click();
  await expect(page).toHaveURL(`/districts/${DISTRICTS.riverside.localEducationAgencyId}`);
  await expect(page.getByRole('heading', { level: 1, name: DISTRICTS.riverside.nameOfInstitution })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Graduation' }).getByRole('row', { name: /^All students/ })).toContainText(SHOWN.districtGraduation);
  await expect(page.getByRole('region', { name: 'School plan goals' })).toHaveCount(0);
  await expectNoAccessibilityViolations(page);
});

test('searching by district or city finds that district’s or city’s schools; a child’s name finds nothing', async ({ page }) => {
  await page.goto('/');
  await searchFor(page, 'Riverside');
  await expect(page.getByText('1 school matches.')).toBeVisible();
  await expect(page.getByRole('link', { name: SCHOOLS.riversideMiddle.nameOfInstitution })).toBeVisible();

  await searchFor(page, DISTRICTS.grandBend.nameOfInstitution);
  await expect(page.getByText('2 schools match.')).toBeVisible();
  await expect(page.getByRole('link', { name: SCHOOLS.lakeviewElementary.nameOfInstitution })).toBeVisible();

  // From a school's page, every school of its district.
  await page.getByRole('link', { name: SCHOOLS.lakeviewElementary.nameOfInstitution }).click();
  await page.getByRole('link', { name: `All schools in ${DISTRICTS.grandBend.nameOfInstitution}` }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Schools in ${DISTRICTS.grandBend.nameOfInstitution}` })).toBeVisible();
  await expect(page.getByRole('link', { name: SCHOOLS.grandBendHigh.nameOfInstitution })).toBeVisible();

  await searchFor(page, STUDENT.lastSurname);
  await expect(page.getByText('No school matches. Check the spelling, or try fewer words.')).toBeVisible();
  await expectNoAccessibilityViolations(page);
});

test('a visitor switches to Spanish: the pages, <html lang> and grade names are in Spanish, and stay so after a reload', async ({ page }) => {
  await page.goto(`/schools/${SCHOOLS.riversideMiddle.schoolId}`);
  await expect(page.getByRole('heading', { level: 1, name: SCHOOLS.riversideMiddle.nameOfInstitution })).toBeVisible();

  await page.getByRole('button', { name: 'Español' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'es');
  const about = page.getByRole('region', { name: 'Sobre esta escuela' });
  await expect(about.getByText('Sexto grado, Séptimo grado y Octavo grado')).toBeVisible();
  await expect(page.getByRole('button', { name: 'English' })).toHaveAttribute('lang', 'en');
  await expectNoAccessibilityViolations(page);

  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('lang', 'es');
  await page.getByRole('link', { name: 'Lantern: información escolar' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Buscar una escuela' })).toBeVisible();
  await searchFor(page, 'school', 'Nombre de la escuela, distrito o ciudad');
  await expect(page.getByText('3 escuelas coinciden.')).toBeVisible();
  await expectNoAccessibilityViolations(page);

  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByText('3 schools match.')).toBeVisible();
});

test('a school id no School record has shows "School not found"; a path that is no page stays the API’s 404', async ({ page }) => {
  await page.goto('/schools/999999999');
  await expect(page.getByRole('heading', { level: 1, name: 'School not found' })).toBeVisible();
  await expectNoAccessibilityViolations(page);

  // Served by the API as JSON problem details, not by the web app.
  const response = await page.request.get('/no-such-page');
  expect(response.status()).toBe(404);
});

test('the state page: the state’s numbers by student group, a withheld group marked with its reason, in Spanish too; reached from home and from a district', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('link', { name: 'How students do across the state' }).click();
  await expect(page).toHaveURL('/state');
  await expect(page.getByRole('heading', { level: 1, name: 'Students across the state' })).toBeFocused();
  const graduation = page.getByRole('region', { name: 'Graduation' }).getByRole('table', { name: 'Graduation rates by student group, 2024–25' });
  await expect(
    graduation
      .getByRole('row', { name: /^All students/ })
      .getByRole('cell')
      .first(),
  ).toHaveText(`${SHOWN.stateGraduation}n = 48,210`);
  const nonbinary = graduation
    .getByRole('row', { name: /^Nonbinary/ })
    .getByRole('cell')
    .first();
  await expect(nonbinary).toHaveText(SHOWN.withheldFewer);
  await expect(nonbinary).toHaveAttribute('data-reason', 'below-minimum-n');
  await expect(page.getByRole('region', { name: 'Academic growth', exact: true }).getByRole('row', { name: /^All students/ })).toContainText(SHOWN.stateGrowthEla);
  await expect(page.getByRole('region', { name: 'Chronic absence' }).getByRole('row', { name: /^All students/ })).toContainText(SHOWN.stateChronicAbsence);
  await expect(page.getByRole('region', { name: 'Graduation' }).getByRole('link', { name: 'Download these numbers for 2024–25 (CSV)' })).toHaveAttribute(
    'href',
    `/public/state/indicators?year=${OUTCOMES_YEAR}&indicators=graduation-4-year%2Cgraduation-5-year&format=csv`,
  );
  await expect(page.getByRole('region', { name: 'School plan goals' })).toHaveCount(0);
  await expectNoAccessibilityViolations(page);

  await page.getByRole('button', { name: 'Español' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Los estudiantes de todo el estado' })).toBeVisible();
  const graduacion = page.getByRole('region', { name: 'Graduación' }).getByRole('table', { name: 'Tasas de graduación por grupo de estudiantes, 2024–25' });
  await expect(
    graduacion
      .getByRole('row', { name: /^No binarios/ })
      .getByRole('cell')
      .first(),
  ).toHaveText('No publicado: menos de 11 estudiantes');
  await expectNoAccessibilityViolations(page);
  await page.getByRole('button', { name: 'English' }).click();

  await page.goto(`/districts/${DISTRICTS.riverside.localEducationAgencyId}`);
  await page.getByRole('link', { name: 'How students do across the state' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Students across the state' })).toBeVisible();
});

test('a visitor compares up to four schools side by side: values and withheld reasons in the table, charts, a fifth refused, removal, a reload keeps them', async ({ page }) => {
  const { riversideMiddle, lakeviewElementary, northgateAcademy, pineHollowAcademy, grandBendHigh } = SCHOOLS;
  await page.goto(`/schools/${riversideMiddle.schoolId}`);
  await page.getByRole('button', { name: 'Add to comparison' }).click();
  await expect(page).toHaveURL(`/compare?schools=${riversideMiddle.schoolId}`);
  await expect(page.getByRole('heading', { level: 1, name: 'Compare schools' })).toBeVisible();

  const add = async (query: string, name: string) => {
    await searchFor(page, query);
    await page.getByRole('button', { name: `Add ${name}` }).click();
  };
  await add('lakeview', lakeviewElementary.nameOfInstitution);
  await expect(page).toHaveURL(`/compare?schools=${riversideMiddle.schoolId},${lakeviewElementary.schoolId}`);
  const table = page.getByRole('table', { name: 'Key numbers for all students, 2024–25' });
  const cells = (school: string) => table.getByRole('row', { name: new RegExp(`^${school}`) }).getByRole('cell');
  // Columns: ELA growth, math growth, 4-year graduation, chronic absence, college the first fall, spending per pupil.
  await expect(cells(riversideMiddle.nameOfInstitution)).toHaveText([`${SHOWN.growthAllEla}n = 240`, '+1.5n = 238', SHOWN.notReleased, '13.8%n = 412', SHOWN.notReleased, '$12,480n = 410']);
  await expect(cells(lakeviewElementary.nameOfInstitution)).toHaveText([
    SHOWN.notReleased,
    SHOWN.notReleased,
    SHOWN.notReleased,
    `${SHOWN.lakeviewChronicAbsence}n = 160`,
    SHOWN.notReleased,
    `${SHOWN.lakeviewSpending}n = 160`,
  ]);
  await expectNoAccessibilityViolations(page);

  await add('cedar falls', northgateAcademy.nameOfInstitution);
  await add('cedar falls', pineHollowAcademy.nameOfInstitution);
  await expect(table.getByRole('row')).toHaveCount(5);
  await expect(cells(northgateAcademy.nameOfInstitution).nth(2)).toHaveText(`${SHOWN.northgateGraduation}n = 180`);
  // Withheld as the school's own page marks it: the reason in words.
  await expect(cells(northgateAcademy.nameOfInstitution).nth(4)).toHaveText(SHOWN.withheldFewer);
  await expect(cells(northgateAcademy.nameOfInstitution).nth(4)).toHaveAttribute('data-reason', 'below-minimum-n');
  await expect(page.getByRole('img', { name: 'Bar chart: Chronically absent, by school. The table gives every number.' })).toBeVisible();
  await expect(page.getByRole('img', { name: 'Bar chart: Graduated in 4 years, by school. The table gives every number.' })).toBeVisible();
  await expectNoAccessibilityViolations(page);

  // A fifth school is refused, from the search and from the school's own page.
  await add('grand bend high', grandBendHigh.nameOfInstitution);
  await expect(page.getByRole('alert')).toHaveText(
    `A comparison holds up to four schools, and this one is full: ${grandBendHigh.nameOfInstitution} was not added. Remove a school first, then add it.`,
  );
  const four = `/compare?schools=${[riversideMiddle, lakeviewElementary, northgateAcademy, pineHollowAcademy].map(({ schoolId }) => schoolId).join(',')}`;
  await expect(page).toHaveURL(four);
  await expect(table.getByRole('row')).toHaveCount(5);
  await expectNoAccessibilityViolations(page);
  await page.reload();
  await expect(cells(pineHollowAcademy.nameOfInstitution).first()).toHaveText(SHOWN.notReleased);
  await expect(table.getByRole('row')).toHaveCount(5);

  await page.goto(`/schools/${grandBendHigh.schoolId}`);
  await page.getByRole('button', { name: 'Add to comparison' }).click();
  await expect(page.getByRole('alert')).toContainText('Your comparison already holds four schools, the most it can.');
  await page.getByRole('link', { name: 'Go to your comparison' }).click();
  await expect(page).toHaveURL(four);

  await page.getByRole('button', { name: `Remove ${pineHollowAcademy.nameOfInstitution}` }).click();
  await expect(page).toHaveURL(`/compare?schools=${riversideMiddle.schoolId},${lakeviewElementary.schoolId},${northgateAcademy.schoolId}`);
  await expect(table.getByRole('row')).toHaveCount(4);
  await expect(table.getByRole('row', { name: new RegExp(`^${pineHollowAcademy.nameOfInstitution}`) })).toHaveCount(0);
  await add('grand bend high', grandBendHigh.nameOfInstitution);
  await expect(cells(grandBendHigh.nameOfInstitution).first()).toHaveText(SHOWN.notReleased);

  await page.getByRole('button', { name: 'Español' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Comparar escuelas' })).toBeVisible();
  const tabla = page.getByRole('table', { name: 'Cifras principales de todos los estudiantes, 2024–25' });
  const celdas = tabla.getByRole('row', { name: new RegExp(`^${northgateAcademy.nameOfInstitution}`) }).getByRole('cell');
  await expect(celdas.nth(4)).toHaveText('No publicado: menos de 11 estudiantes');
  await expect(celdas.first()).toHaveText('Sin cifra publicada');
  await expect(page.getByRole('button', { name: `Quitar ${northgateAcademy.nameOfInstitution}` })).toBeVisible();
  await expect(page.getByRole('img', { name: 'Gráfico de barras: Ausentes de forma crónica, por escuela. La tabla da todas las cifras.' })).toBeVisible();
  await expectNoAccessibilityViolations(page);

  // An address naming a fifth school (or one no school has) shows the first four and says so.
  await page.goto(`${four},${grandBendHigh.schoolId}`);
  await expect(page.getByText('Una comparación admite hasta cuatro escuelas: solo se muestran las cuatro primeras de la dirección.')).toBeVisible();
  await expect(tabla.getByRole('row')).toHaveCount(5);
  await expect(tabla.getByRole('row', { name: new RegExp(`^${grandBendHigh.nameOfInstitution}`) })).toHaveCount(0);
  await page.goto(`/compare?schools=${riversideMiddle.schoolId},999999999`);
  await expect(page.getByText('Ninguna escuela del directorio tiene el número 999999999, así que se deja fuera.')).toBeVisible();
  await expect(tabla.getByRole('row')).toHaveCount(2);
  await expectNoAccessibilityViolations(page);
});
