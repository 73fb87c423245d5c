import { useState } from 'react';
import { useLanguage } from '../../i18n/i18n';
import { answerOf } from '../console-client';
import { ConsoleFrame, useSignedIn } from '../console-frame';
import { ConsoleProblem } from '../console-problem';
import { type AuditVerification, STEWARDS } from './governance-types';

type Run = { state: 'idle' } | { state: 'running' } | { state: 'done'; verification: AuditVerification } | { state: 'failed'; error: unknown };

/** The audit log's hash chain, verified on demand by the API as `lantern audit verify` does (each run is itself audited). */
export function AuditPage() {
  const { t } = useLanguage();
  return (
    <ConsoleFrame title={t('console.governance.audit.title')} roles={STEWARDS}>
      <AuditVerificationPanel />
    </ConsoleFrame>
  );
}

function AuditVerificationPanel() {
  const { t } = useLanguage();
  const { client } = useSignedIn();
  const [run, setRun] = useState<Run>({ state: 'idle' });
  const verify = () => {
    setRun({ state: 'running' });
    client.POST('/audit/verification').then(
      (answer) => {
        try {
          setRun({ state: 'done', verification: answerOf(answer) });
        } catch (error) {
          setRun({ state: 'failed', error });
        }
      },
      (error: unknown) => setRun({ state: 'failed', error }),
    );
  };
  return (
    <>
      <p>{t('console.governance.audit.intro')}</p>
      <button type="button" className="usa-button" disabled={run.state === 'running'} aria-describedby="audit-verification-state" onClick={verify}>
        {t(run.state === 'running' ? 'console.governance.audit.verifying' : 'console.governance.audit.verify')}
      </button>
      <div id="audit-verification-state" role="status" aria-live="polite" className="margin-top-2">
        {run.state === 'running' && <p className="lantern-loading">{t('console.governance.audit.running')}</p>}
        {run.state === 'done' && <VerificationResult verification={run.verification} />}
      </div>
      {run.state === 'failed' && <ConsoleProblem error={run.error} />}
      <p className="usa-hint margin-top-4">{t('console.governance.audit.checkpointsNote')}</p>
    </>
  );
}

function VerificationResult({ verification }: { verification: AuditVerification }) {
  const { t, number, dateTime } = useLanguage();
  const { intact, entriesChecked, head, firstBreak, verifiedAt } = verification;
  return (
    <div className={`usa-alert ${intact ? 'usa-alert--success' : 'usa-alert--error'}`} data-testid="audit-verification">
      <div className="usa-alert__body">
        <h2 className="usa-alert__heading">{t(intact ? 'console.governance.audit.intact' : 'console.governance.audit.broken')}</h2>
        <dl className="lantern-facts">
          <dt>{t('console.governance.audit.entriesChecked')}</dt>
          <dd>{number(entriesChecked)}</dd>
          <dt>{t('console.governance.audit.verifiedAt')}</dt>
          <dd>{dateTime(verifiedAt)}</dd>
          {head && (
            <>
              <dt>{t('console.governance.audit.head')}</dt>
              <dd>
                {t('console.governance.audit.headEntry', { id: head.id })} <code style={{ overflowWrap: 'anywhere' }}>{head.hash}</code>
              </dd>
            </>
          )}
          {firstBreak && (
            <>
              <dt>{t('console.governance.audit.firstBreak')}</dt>
              <dd>
                {t('console.governance.audit.breakAt', { id: firstBreak.entryId, problem: t(`console.governance.audit.problems.${firstBreak.problem}`) })} {firstBreak.explanation}
              </dd>
            </>
          )}
        </dl>
      </div>
    </div>
  );
}
