import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import { useApi } from '../../api/use-api';
import { Loading } from '../../components/status';
import { useLanguage } from '../../i18n/i18n';
import { answerOf } from '../console-client';
import { ConsoleFrame, useSignedIn } from '../console-frame';
import { ConsoleEmpty, ConsoleProblem } from '../console-problem';
import { type Agreement, type ResearchProject } from './research-shared';

/** /console/projects: the researcher organisation's projects, and a new one under an agreement naming it as a recipient. */
export function ProjectsPage() {
  const { t } = useLanguage();
  return (
    <ConsoleFrame title={t('console.research.projects.title')} roles={['researcher']}>
      <Projects />
    </ConsoleFrame>
  );
}

function Projects() {
  const { t } = useLanguage();
  const { client, session } = useSignedIn();
  const [version, setVersion] = useState(0);
  const [submitted, setSubmitted] = useState<string>();
  const projects = useApi(`research-projects:${version}`, async (signal) => answerOf(await client.GET('/research/projects', { signal })));
  const agreements = useApi('agreements', async (signal) => answerOf(await client.GET('/agreements', { signal })).agreements);
  // Agreements naming the organisation as a recipient in a version it may see.
  const offered = (agreements.state === 'loaded' ? agreements.value : []).filter((agreement) =>
    agreement.versions.some((version) => version.terms.parties.some((party) => party.organizationId === session.organizationId && party.roles.includes('recipient'))),
  );
  return (
    <>
      <p className="usa-intro">{t('console.research.projects.intro')}</p>
      {submitted && (
        <div className="usa-alert usa-alert--success usa-alert--slim" role="status">
          <div className="usa-alert__body">
            <p className="usa-alert__text">{t('console.research.projects.submitted', { title: submitted })}</p>
          </div>
        </div>
      )}
      <h2>{t('console.research.projects.listHeading')}</h2>
      {projects.state === 'loading' && <Loading />}
      {projects.state === 'failed' && <ConsoleProblem error={projects.error} />}
      {projects.state === 'loaded' && <ProjectTable projects={projects.value} agreements={offered} />}
      <h2>{t('console.research.projects.newHeading')}</h2>
      {agreements.state === 'loading' && <Loading />}
      {agreements.state === 'failed' && <ConsoleProblem error={agreements.error} />}
      {agreements.state === 'loaded' &&
        (offered.length === 0 ? (
          <ConsoleEmpty message={t('console.research.projects.noAgreements')} />
        ) : (
          <ProjectForm
            agreements={offered}
            onSubmitted={(project) => {
              setSubmitted(project.title);
              setVersion((value) => value + 1);
            }}
          />
        ))}
    </>
  );
}

function agreementTitle(agreements: Agreement[], id: string): string {
  const agreement = agreements.find((candidate) => candidate.id === id);
  return agreement?.versions.at(-1)?.terms.title ?? id;
}

function ProjectTable({ projects, agreements }: { projects: ResearchProject[]; agreements: Agreement[] }) {
  const { t, dateTime } = useLanguage();
  if (projects.length === 0) return <ConsoleEmpty message={t('console.research.projects.none')} />;
  return (
    <table className="usa-table usa-table--borderless usa-table--stacked width-full">
      <thead>
        <tr>
          <th scope="col">{t('console.research.projects.projectTitle')}</th>
          <th scope="col">{t('console.research.projects.agreement')}</th>
          <th scope="col">{t('console.research.projects.irbReference')}</th>
          <th scope="col">{t('console.research.projects.submittedAt')}</th>
        </tr>
      </thead>
      <tbody>
        {projects.map((project) => (
          <tr key={project.id}>
            <th scope="row" data-label={t('console.research.projects.projectTitle')}>
              <Link to={`/console/projects/${project.id}`}>{project.title}</Link>
            </th>
            <td data-label={t('console.research.projects.agreement')}>{agreementTitle(agreements, project.agreementId)}</td>
            <td data-label={t('console.research.projects.irbReference')}>{project.irbReference}</td>
            <td data-label={t('console.research.projects.submittedAt')}>{dateTime(project.submittedAt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function ProjectForm({ agreements, onSubmitted }: { agreements: Agreement[]; onSubmitted: (project: ResearchProject) => void }) {
  const { t } = useLanguage();
  const { client } = useSignedIn();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const field = (name: string) => String(new FormData(form).get(name) ?? '').trim();
    setBusy(true);
    setError(undefined);
    try {
      const project = answerOf(
        await client.POST('/research/projects', {
          body: {
            title: field('title'),
            questions: field('questions')
              .split('\n')
              .map((question) => question.trim())
              .filter(Boolean),
            institution: field('institution'),
            teamMembers: [{ name: field('memberName'), role: field('memberRole') }],
            irbReference: field('irbReference'),
            agreementId: field('agreementId'),
          },
        }),
      );
      form.reset();
      onSubmitted(project);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  const text = (name: string, required = true) => (
    <>
      <label className="usa-label" htmlFor={`project-${name}`}>
        {t(`console.research.projects.fields.${name}`)}
      </label>
      <input className="usa-input" id={`project-${name}`} name={name} required={required} />
    </>
  );
  return (
    <form className="usa-form usa-form--large" onSubmit={(event) => void submit(event)}>
      {error !== undefined && <ConsoleProblem error={error} />}
      {text('title')}
      <label className="usa-label" htmlFor="project-questions">
        {t('console.research.projects.fields.questions')}
      </label>
      <div className="usa-hint" id="project-questions-hint">
        {t('console.research.projects.fields.questionsHint')}
      </div>
      <textarea className="usa-textarea" id="project-questions" name="questions" aria-describedby="project-questions-hint" required />
      {text('institution')}
      {text('memberName')}
      {text('memberRole')}
      {text('irbReference')}
      <label className="usa-label" htmlFor="project-agreementId">
        {t('console.research.projects.fields.agreement')}
      </label>
      <select className="usa-select" id="project-agreementId" name="agreementId" required>
        {agreements.map((agreement) => (
          <option key={agreement.id} value={agreement.id}>
            {agreementTitle(agreements, agreement.id)}
          </option>
        ))}
      </select>
      <button type="submit" className="usa-button margin-top-3" disabled={busy}>
        {t('console.research.projects.submit')}
      </button>
    </form>
  );
}
