import { Link, useParams } from 'react-router';
import { useApi } from '../../api/use-api';
import { Loading } from '../../components/status';
import { useLanguage } from '../../i18n/i18n';
import { answerOf, ConsoleApiError } from '../console-client';
import { ConsoleFrame, useSignedIn } from '../console-frame';
import { ConsoleEmpty, ConsoleProblem } from '../console-problem';
import { ExtractRequestBuilder } from './extract-request-builder';
import { type ExtractRequest, ExtractRequestLink, ExtractStatusTag, type ResearchProject, termsInForce } from './research-shared';

/** /console/projects/<id>: one project, its extract requests and, for its researchers, the extract request builder. */
export function ProjectPage() {
  const { t } = useLanguage();
  return (
    <ConsoleFrame title={t('console.research.project.title')} roles={['researcher', 'steward']}>
      <Project />
    </ConsoleFrame>
  );
}

function Project() {
  const { t } = useLanguage();
  const { id = '' } = useParams();
  const { client } = useSignedIn();
  const project = useApi(`research-project:${id}`, async (signal) => answerOf(await client.GET('/research/projects/{id}', { params: { path: { id } }, signal })));
  if (project.state === 'loading') return <Loading />;
  if (project.state === 'failed') {
    return project.error instanceof ConsoleApiError && project.error.status === 404 ? (
      <div className="usa-alert usa-alert--error usa-alert--slim" role="alert">
        <div className="usa-alert__body">
          <p className="usa-alert__text">{t('console.research.project.notFound')}</p>
        </div>
      </div>
    ) : (
      <ConsoleProblem error={project.error} />
    );
  }
  return <ProjectDetails project={project.value} />;
}

function ProjectDetails({ project }: { project: ResearchProject }) {
  const { t } = useLanguage();
  const { client, session } = useSignedIn();
  const requests = useApi(`research-project-requests:${project.id}`, async (signal) =>
    answerOf(await client.GET('/research/extract-requests', { signal })).filter((request) => request.projectId === project.id),
  );
  const agreement = useApi(`agreement:${project.agreementId}`, async (signal) => answerOf(await client.GET('/agreements/{id}', { params: { path: { id: project.agreementId } }, signal })));
  return (
    <>
      <p>
        <Link to={session.role === 'researcher' ? '/console/projects' : '/console/extracts'}>
          {t(session.role === 'researcher' ? 'console.research.project.backToProjects' : 'console.research.extract.backToExtracts')}
        </Link>
      </p>
      <h2>{project.title}</h2>
      <dl className="lantern-facts">
        <dt>{t('console.research.project.institution')}</dt>
        <dd>{project.institution}</dd>
        <dt>{t('console.research.project.team')}</dt>
        <dd>{project.teamMembers.map((member) => t('console.research.project.member', { name: member.name, role: member.role })).join('; ')}</dd>
        <dt>{t('console.research.project.irbReference')}</dt>
        <dd>{project.irbReference}</dd>
        <dt>{t('console.research.project.agreement')}</dt>
        <dd>{agreement.state === 'loaded' ? (termsInForce(agreement.value)?.title ?? agreement.value.versions.at(-1)?.terms.title) : project.agreementId}</dd>
      </dl>
      <h3>{t('console.research.project.questions')}</h3>
      <ul>
        {project.questions.map((question) => (
          <li key={question}>{question}</li>
        ))}
      </ul>
      <h2>{t('console.research.project.requestsHeading')}</h2>
      {requests.state === 'loading' && <Loading />}
      {requests.state === 'failed' && <ConsoleProblem error={requests.error} />}
      {requests.state === 'loaded' && <RequestList requests={requests.value} />}
      {session.role === 'researcher' && (
        <>
          {agreement.state === 'loading' && <Loading />}
          {agreement.state === 'failed' && <ConsoleProblem error={agreement.error} />}
          {agreement.state === 'loaded' && <ExtractRequestBuilder project={project} terms={termsInForce(agreement.value)} />}
        </>
      )}
    </>
  );
}

function RequestList({ requests }: { requests: ExtractRequest[] }) {
  const { t, dateTime } = useLanguage();
  if (requests.length === 0) return <ConsoleEmpty message={t('console.research.project.noRequests')} />;
  return (
    <table className="usa-table usa-table--borderless width-full">
      <thead>
        <tr>
          <th scope="col">{t('console.research.extracts.request')}</th>
          <th scope="col">{t('console.research.extracts.status')}</th>
          <th scope="col">{t('console.research.extracts.requestedAt')}</th>
        </tr>
      </thead>
      <tbody>
        {requests.map((request) => (
          <tr key={request.id}>
            <th scope="row">
              <ExtractRequestLink id={request.id} />
            </th>
            <td>
              <ExtractStatusTag status={request.status} />
            </td>
            <td>{dateTime(request.requestedAt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
