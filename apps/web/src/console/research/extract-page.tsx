import { type FormEvent, useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import type { components } from '../../api/generated/hub-api';
import { type Loaded, useApi } from '../../api/use-api';
import { Loading } from '../../components/status';
import { useLanguage } from '../../i18n/i18n';
import { answerOf, ConsoleApiError } from '../console-client';
import { ConsoleFrame, useSignedIn } from '../console-frame';
import { ConsoleEmpty, ConsoleProblem } from '../console-problem';
import { PolicyDecision } from './extract-request-builder';
import { BUILDING, elementName, type ExtractRequestWithAgreement, type ExtractStatus, ExtractStatusTag } from './research-shared';

/** How soon to ask again: often while the worker builds, now and then while a steward has yet to decide; not at all once it is settled. */
const ASK_AGAIN_MS: Partial<Record<ExtractStatus, number>> = { submitted: 10_000, approved: 2_000, building: 2_000 };

/** /console/extracts/<id>: a request's status and build progress, refusal or download; for a steward, its policy review and the decision. */
export function ExtractPage() {
  const { t } = useLanguage();
  const { id = '' } = useParams();
  return (
    <ConsoleFrame title={t('console.research.extract.title', { id })} roles={['researcher', 'steward']}>
      <ExtractRequestView id={id} />
    </ConsoleFrame>
  );
}

/** The request, asked for again while it may still change by itself (ASK_AGAIN_MS); `reload` after acting on it. */
function useExtractRequest(id: string): [Loaded<ExtractRequestWithAgreement>, () => void] {
  const { client } = useSignedIn();
  const [version, setVersion] = useState(0);
  const [loaded, setLoaded] = useState<Loaded<ExtractRequestWithAgreement>>({ state: 'loading' });
  useEffect(() => {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = async () => {
      try {
        const value = answerOf(await client.GET('/research/extract-requests/{id}', { params: { path: { id } }, signal: controller.signal }));
        setLoaded({ state: 'loaded', value });
        const wait = ASK_AGAIN_MS[value.status];
        if (wait !== undefined) timer = setTimeout(() => void load(), wait);
      } catch (error) {
        if (!controller.signal.aborted) setLoaded({ state: 'failed', error });
      }
    };
    void load();
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [id, version, client]);
  return [loaded, () => setVersion((value) => value + 1)];
}

function ExtractRequestView({ id }: { id: string }) {
  const { t } = useLanguage();
  const { session } = useSignedIn();
  const [request, reload] = useExtractRequest(id);
  if (request.state === 'loading') return <Loading />;
  if (request.state === 'failed') {
    return request.error instanceof ConsoleApiError && request.error.status === 404 ? (
      <div className="usa-alert usa-alert--error usa-alert--slim" role="alert">
        <div className="usa-alert__body">
          <p className="usa-alert__text">{t('console.research.extract.notFound')}</p>
        </div>
      </div>
    ) : (
      <ConsoleProblem error={request.error} />
    );
  }
  const value = request.value;
  return (
    <>
      <p>
        <Link to="/console/extracts">{t('console.research.extract.backToExtracts')}</Link>
      </p>
      <RequestFacts request={value} />
      {BUILDING.includes(value.status) && <Progress request={value} />}
      {value.status === 'failed' && value.failure && (
        <div className="usa-alert usa-alert--error usa-alert--slim" role="alert">
          <div className="usa-alert__body">
            <p className="usa-alert__text">{t('console.research.extract.failure', { failure: value.failure })}</p>
          </div>
        </div>
      )}
      {value.status === 'refused' && value.review && <Refusal request={value} />}
      {value.status === 'ready' && session.role === 'researcher' && <Download request={value} />}
      {value.status === 'submitted' && session.role === 'steward' && <StewardReview request={value} onDecided={reload} />}
    </>
  );
}

function RequestFacts({ request }: { request: ExtractRequestWithAgreement }) {
  const { t, list, day, dateTime } = useLanguage();
  const { client } = useSignedIn();
  const project = useApi(`research-project:${request.projectId}`, async (signal) =>
    answerOf(await client.GET('/research/projects/{id}', { params: { path: { id: request.projectId } }, signal })),
  );
  const { cohort, timeSpan, tables = [] } = request.specification;
  const criteria = [
    ...(cohort.districts ?? []).map((id) => t('console.research.builder.district', { id })),
    ...(cohort.schools ?? []).map((id) => t('console.research.builder.school', { id })),
    ...(cohort.grades ?? []),
    ...(cohort.schoolYears ?? []).map((year) => t('console.research.builder.schoolYear', { from: year - 1, to: String(year).slice(2) })),
    ...(cohort.programs ?? []),
    ...(cohort.institutions ?? []),
  ];
  return (
    <>
      <dl className="lantern-facts">
        <dt>{t('console.research.extract.status')}</dt>
        <dd>
          <ExtractStatusTag status={request.status} />
        </dd>
        <dt>{t('console.research.extract.project')}</dt>
        <dd>
          <Link to={`/console/projects/${request.projectId}`}>{project.state === 'loaded' ? project.value.title : request.projectId}</Link>
        </dd>
        <dt>{t('console.research.extract.requestedAt')}</dt>
        <dd>{dateTime(request.requestedAt)}</dd>
        <dt>{t('console.research.extract.requestedBy')}</dt>
        <dd>{request.requestedBy}</dd>
        <dt>{t('console.research.extract.elements')}</dt>
        <dd>{list(request.specification.elements.map(elementName))}</dd>
        {request.approvedElements && (
          <>
            <dt>{t('console.research.extract.approvedElements')}</dt>
            <dd>{list(request.approvedElements.map((element) => t('console.research.builder.element', { element: elementName(element), granularity: element.granularity })))}</dd>
          </>
        )}
        <dt>{t('console.research.extract.cohort')}</dt>
        <dd>{list(criteria)}</dd>
        <dt>{t('console.research.extract.timeSpan')}</dt>
        <dd>{t('console.research.extract.span', { from: day(timeSpan.from), to: day(timeSpan.to) })}</dd>
        {tables.length > 0 && (
          <>
            <dt>{t('console.research.extract.tables')}</dt>
            <dd>{list(tables.map((table) => t('console.research.extract.table', { rows: table.rows, columns: table.columns })))}</dd>
          </>
        )}
      </dl>
      <h2>{t('console.research.extract.agreementHeading')}</h2>
      <dl className="lantern-facts">
        <dt>{t('console.research.extract.status')}</dt>
        <dd>{t(request.agreement.inForce ? 'console.research.extract.inForce' : 'console.research.extract.notInForce')}</dd>
        {request.agreement.expiresAt && (
          <>
            <dt>{t('console.research.extract.expiresAt')}</dt>
            <dd>{day(request.agreement.expiresAt)}</dd>
          </>
        )}
        {request.agreement.destroyBy && (
          <>
            <dt>{t('console.research.extract.destroyBy')}</dt>
            <dd>{day(request.agreement.destroyBy)}</dd>
          </>
        )}
      </dl>
    </>
  );
}

function Progress({ request }: { request: ExtractRequestWithAgreement }) {
  const { t, number, dateTime } = useLanguage();
  return (
    <section aria-labelledby="progress-heading">
      <h2 id="progress-heading">{t('console.research.extract.progressHeading')}</h2>
      <p role="status">{t('console.research.extract.building')}</p>
      {request.progress && (
        <dl className="lantern-facts">
          <dt>{t('console.research.extract.phase')}</dt>
          <dd>{request.progress.phase}</dd>
          {request.progress.cohort !== undefined && (
            <>
              <dt>{t('console.research.extract.cohortSize')}</dt>
              <dd>{number(request.progress.cohort)}</dd>
            </>
          )}
          <dt>{t('console.research.extract.rowsWritten')}</dt>
          <dd>{number(request.progress.rowsWritten)}</dd>
          <dt>{t('console.research.extract.updatedAt')}</dt>
          <dd>{dateTime(request.progress.updatedAt)}</dd>
        </dl>
      )}
    </section>
  );
}

function Refusal({ request }: { request: ExtractRequestWithAgreement }) {
  const { t, dateTime } = useLanguage();
  const review = request.review!;
  return (
    <section aria-labelledby="refusal-heading">
      <h2 id="refusal-heading">{t('console.research.extract.refusedHeading')}</h2>
      <ul>
        {review.reasons.map((reason) => (
          <li key={reason}>{reason}</li>
        ))}
      </ul>
      <p>{t('console.research.extract.reviewedBy', { by: review.reviewedBy, at: dateTime(review.reviewedAt) })}</p>
    </section>
  );
}

function Download({ request }: { request: ExtractRequestWithAgreement }) {
  const { t, dateTime } = useLanguage();
  return (
    <section aria-labelledby="download-heading">
      <h2 id="download-heading">{t('console.research.extract.downloadHeading')}</h2>
      {request.package && (
        <>
          <p>{t('console.research.extract.builtAt', { at: dateTime(request.package.builtAt) })}</p>
          <p className="text-mono font-mono-3xs">{t('console.research.extract.packageDigest', { sha256: request.package.sha256 })}</p>
        </>
      )}
      <p>{t('console.research.extract.downloadNote')}</p>
      {request.agreement.inForce && (
        <a className="usa-button" href={`/research/extract-requests/${encodeURIComponent(request.id)}/package`} download>
          {t('console.research.extract.download')}
        </a>
      )}
      {request.agreement.inForce && <EncryptedDownload requestId={request.id} />}
    </section>
  );
}

type EncryptionCertificate = components['schemas']['EncryptionCertificates']['certificates'][number];

/** SHA-256 of a PEM certificate's DER bytes, as the hub writes a certificate's fingerprint (lower-case hex). */
async function fingerprintOf(pem: string): Promise<string | undefined> {
  const base64 = /-----BEGIN CERTIFICATE-----([\s\S]+?)-----END CERTIFICATE-----/.exec(pem)?.[1].replace(/\s+/g, '');
  if (!base64) return undefined;
  const der = Uint8Array.from(atob(base64), (character) => character.charCodeAt(0));
  return Array.from(new Uint8Array(await crypto.subtle.digest('SHA-256', der)), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** Saves what the API answered as a file, as a link with `download` would. */
function save(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * The package encrypted to a certificate of one of the organisation's researcher clients (the
 * hub keeps no certificate's file, so the person gives the chosen one's; it is checked against the
 * choice here, and the API checks again whether it may be used).
 */
function EncryptedDownload({ requestId }: { requestId: string }) {
  const { t, day } = useLanguage();
  const { client } = useSignedIn();
  const offered = useApi('encryption-certificates', async (signal) => answerOf(await client.GET('/research/encryption-certificates', { signal })));
  const [chosen, setChosen] = useState<string>();
  const [error, setError] = useState<unknown>();
  const [mismatch, setMismatch] = useState<string>();
  const [busy, setBusy] = useState(false);
  const fileName = `lantern-extract-${requestId}.tar.p7m`;
  if (offered.state === 'loading') return <Loading />;
  if (offered.state === 'failed') return <ConsoleProblem error={offered.error} />;
  const { certificates } = offered.value;
  const choice = certificates.find((certificate) => certificate.serialNumber === chosen) ?? certificates[0];
  const download = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setError(undefined);
    setMismatch(undefined);
    const file = new FormData(event.currentTarget).get('certificate-file');
    if (!(file instanceof File) || file.size === 0) return setMismatch(t('console.research.extract.encryptedNoFile'));
    const certificatePem = await file.text();
    if ((await fingerprintOf(certificatePem)) !== choice.fingerprintSha256) return setMismatch(t('console.research.extract.encryptedMismatch', { serial: choice.serialNumber }));
    setBusy(true);
    try {
      save(answerOf(await client.POST('/research/extract-requests/{id}/package/encrypted', { params: { path: { id: requestId } }, body: { certificatePem }, parseAs: 'blob' })), fileName);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <h3>{t('console.research.extract.encryptedHeading')}</h3>
      <p>{t('console.research.extract.encryptedNote')}</p>
      {certificates.length === 0 ? (
        <ConsoleEmpty message={t('console.research.extract.encryptedNone')} />
      ) : (
        <form className="usa-form usa-form--large" onSubmit={(event) => void download(event)} aria-label={t('console.research.extract.encryptedHeading')}>
          <fieldset className="usa-fieldset">
            <legend className="usa-legend">{t('console.research.extract.encryptedChoose')}</legend>
            {certificates.map((certificate: EncryptionCertificate) => (
              <div className="usa-radio" key={certificate.serialNumber}>
                <input
                  className="usa-radio__input"
                  id={`certificate-${certificate.serialNumber}`}
                  type="radio"
                  name="certificate"
                  checked={choice === certificate}
                  onChange={() => setChosen(certificate.serialNumber)}
                />
                <label className="usa-radio__label" htmlFor={`certificate-${certificate.serialNumber}`}>
                  {t('console.research.extract.encryptedCertificate', { client: certificate.clientName, clientId: certificate.clientId, until: day(certificate.notAfter) })}
                  <span className="usa-radio__label-description text-mono font-mono-3xs">
                    {t('console.research.extract.encryptedSerial', { serial: certificate.serialNumber, sha256: certificate.fingerprintSha256 })}
                  </span>
                </label>
              </div>
            ))}
          </fieldset>
          <label className="usa-label" htmlFor="certificate-file">
            {t('console.research.extract.encryptedFile')}
          </label>
          <span className="usa-hint" id="certificate-file-hint">
            {t('console.research.extract.encryptedFileHint')}
          </span>
          <input className="usa-file-input" id="certificate-file" name="certificate-file" type="file" accept=".pem,.crt,.cer" aria-describedby="certificate-file-hint" />
          {mismatch && (
            <div className="usa-alert usa-alert--error usa-alert--slim" role="alert">
              <div className="usa-alert__body">
                <p className="usa-alert__text">{mismatch}</p>
              </div>
            </div>
          )}
          {error !== undefined && <ConsoleProblem error={error} />}
          <button type="submit" className="usa-button margin-top-2" disabled={busy}>
            {t('console.research.extract.downloadEncrypted')}
          </button>
          <p className="usa-hint">{t('console.research.extract.encryptedOpen')}</p>
          <p className="text-mono font-mono-3xs">{`openssl cms -decrypt -binary -inform DER -in ${fileName} -inkey key.pem -out lantern-extract-${requestId}.tar`}</p>
        </form>
      )}
    </>
  );
}

function StewardReview({ request, onDecided }: { request: ExtractRequestWithAgreement; onDecided: () => void }) {
  const { t } = useLanguage();
  const { client } = useSignedIn();
  const requested = request.specification.elements.map(elementName);
  const [approved, setApproved] = useState<string[]>(requested);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const review = useApi(`extract-policy-review:${request.id}`, async (signal) =>
    answerOf(await client.GET('/research/extract-requests/{id}/policy-review', { params: { path: { id: request.id } }, signal })),
  );
  const act = async (step: () => Promise<unknown>) => {
    setBusy(true);
    setError(undefined);
    try {
      await step();
      onDecided();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  const approve = (event: FormEvent) => {
    event.preventDefault();
    const narrowed = approved.length < requested.length;
    void act(async () => answerOf(await client.POST('/research/extract-requests/{id}/approve', { params: { path: { id: request.id } }, body: narrowed ? { elements: approved } : {} })));
  };
  const refuse = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const reason = String(new FormData(event.currentTarget).get('reason') ?? '');
    void act(async () => answerOf(await client.POST('/research/extract-requests/{id}/refuse', { params: { path: { id: request.id } }, body: { reason } })));
  };
  return (
    <>
      <section aria-labelledby="review-heading">
        <h2 id="review-heading">{t('console.research.extract.reviewHeading')}</h2>
        <p>{t('console.research.extract.reviewIntro')}</p>
        {review.state === 'loading' && <Loading />}
        {review.state === 'failed' && <ConsoleProblem error={review.error} />}
        {review.state === 'loaded' && <PolicyDecision decision={review.value} />}
      </section>
      {error !== undefined && <ConsoleProblem error={error} />}
      <form className="usa-form usa-form--large" onSubmit={approve} aria-labelledby="approve-heading">
        <h2 id="approve-heading">{t('console.research.extract.approveHeading')}</h2>
        <fieldset className="usa-fieldset">
          <legend className="usa-legend">{t('console.research.extract.approveHint')}</legend>
          {requested.map((key) => (
            <div className="usa-checkbox" key={key}>
              <input
                className="usa-checkbox__input"
                id={`approve-${key}`}
                type="checkbox"
                checked={approved.includes(key)}
                onChange={() => setApproved((current) => (current.includes(key) ? current.filter((candidate) => candidate !== key) : [...current, key]))}
              />
              <label className="usa-checkbox__label" htmlFor={`approve-${key}`}>
                {key}
              </label>
            </div>
          ))}
        </fieldset>
        <button type="submit" className="usa-button margin-top-2" disabled={busy || approved.length === 0}>
          {t('console.research.extract.approve')}
        </button>
      </form>
      <form className="usa-form usa-form--large" onSubmit={refuse} aria-labelledby="refuse-heading">
        <h2 id="refuse-heading">{t('console.research.extract.refuseHeading')}</h2>
        <label className="usa-label" htmlFor="refuse-reason">
          {t('console.research.extract.reason')}
        </label>
        <textarea className="usa-textarea" id="refuse-reason" name="reason" required maxLength={2000} />
        <button type="submit" className="usa-button usa-button--secondary margin-top-2" disabled={busy}>
          {t('console.research.extract.refuse')}
        </button>
      </form>
    </>
  );
}
