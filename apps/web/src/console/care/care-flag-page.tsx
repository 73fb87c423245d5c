import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useApi } from '../../api/use-api';
import { Loading } from '../../components/status';
import { useLanguage } from '../../i18n/i18n';
import { answerOf } from '../console-client';
import { ConsoleFrame, useSignedIn } from '../console-frame';
import { ConsoleEmpty, ConsoleProblem } from '../console-problem';
import { type CareFlag, CareFlagForm, EMPTY_FLAG } from './care-flag-form';
import type { FlagStatus } from './care-flags-page';
import { useCareFormat } from './care-format';

/** /console/care-flags/:flagId: one of the agency's flags, its notices' delivery and acknowledgement, and its correction or revocation. */
export function CareFlagPage() {
  const { t } = useLanguage();
  const flagId = useParams().flagId ?? '';
  return (
    <ConsoleFrame title={t('console.care.flag.title', { flagId })} roles={['agency']}>
      <p>
        <Link className="usa-link" to="/console/care-flags">
          {t('console.care.flag.back')}
        </Link>
      </p>
      <CareFlagView flagId={flagId} />
    </ConsoleFrame>
  );
}

type Done = { kind: 'corrected' | 'revoked'; status: FlagStatus };

function CareFlagView({ flagId }: { flagId: string }) {
  const { t } = useLanguage();
  const { client } = useSignedIn();
  const loaded = useApi(`care-flag:${flagId}`, async (signal) => answerOf(await client.GET('/care/flags/{flagId}', { params: { path: { flagId } }, signal })));
  // What the last correction or revocation answered: the flag as it is now.
  const [done, setDone] = useState<Done>();
  const [problem, setProblem] = useState<unknown>();
  if (loaded.state === 'loading') return <Loading />;
  if (loaded.state === 'failed') return <ConsoleProblem error={loaded.error} />;
  const flag = done?.status ?? loaded.value;
  const act = async (kind: Done['kind'], call: () => Promise<FlagStatus>) => {
    try {
      setDone({ kind, status: await call() });
      setProblem(undefined);
    } catch (error) {
      setProblem(error);
    }
  };
  const correct = (corrected: CareFlag) => act('corrected', async () => answerOf(await client.POST('/care/flags', { body: corrected })));
  const revoke = () => act('revoked', async () => answerOf(await client.POST('/care/flags/{flagId}/revoke', { params: { path: { flagId } } })));
  return (
    <>
      <div aria-live="polite">
        {done && (
          <div className="usa-alert usa-alert--success usa-alert--slim">
            <div className="usa-alert__body">
              <p className="usa-alert__text">
                {done.kind === 'revoked' ? t('console.care.flag.revoked', { flagId }) : t('console.care.flag.corrected', { status: t(`console.care.status.${done.status.status}`) })}
              </p>
            </div>
          </div>
        )}
      </div>
      {problem !== undefined && <ConsoleProblem error={problem} />}
      <FlagFacts flag={flag} />
      <Notices flag={flag} />
      <section aria-labelledby="care-correct-heading">
        <h2 id="care-correct-heading">{t('console.care.flag.correctHeading')}</h2>
        {flag.status === 'revoked' ? (
          <p>{t('console.care.flag.revokedNoCorrection')}</p>
        ) : (
          <>
            <p>{t('console.care.flag.correctIntro')}</p>
            <CareFlagForm
              key={flag.version}
              agencyId={flag.agencyId}
              fixedFlagId={flag.flagId}
              initial={{ ...EMPTY_FLAG, localPersonId: flag.localPersonId, agencyType: flag.agencyType ?? '', eventDate: flag.eventDate, expiresOn: flag.expiresOn ?? '' }}
              childHint={t('console.care.flag.correctNamesHint')}
              submitLabel={t('console.care.flag.correct')}
              busyLabel={t('console.care.flag.correcting')}
              onSubmit={correct}
            />
          </>
        )}
      </section>
      {flag.status !== 'revoked' && <Revoke flagId={flag.flagId} onRevoke={revoke} />}
    </>
  );
}

function FlagFacts({ flag }: { flag: FlagStatus }) {
  const { t, number } = useLanguage();
  const format = useCareFormat();
  return (
    <dl className="lantern-facts">
      <dt>{t('console.care.flag.status')}</dt>
      <dd>
        <strong>{t(`console.care.status.${flag.status}`)}</strong>: {t(`console.care.statusMeaning.${flag.status}`)}
      </dd>
      <dt>{t('console.care.flag.version')}</dt>
      <dd>
        {number(flag.version)} <span className="usa-hint">({t('console.care.flag.versionHint')})</span>
      </dd>
      <dt>{t('console.care.flag.localPersonId')}</dt>
      <dd>{flag.localPersonId}</dd>
      <dt>{t('console.care.flag.agencyType')}</dt>
      <dd>{flag.agencyType ? format.agencyType(flag.agencyType) : t('console.care.flag.notGiven')}</dd>
      <dt>{t('console.care.flag.eventDate')}</dt>
      <dd>{format.day(flag.eventDate)}</dd>
      <dt>{t('console.care.flag.expiresOn')}</dt>
      <dd>{flag.expiresOn ? format.day(flag.expiresOn) : t('console.care.flag.expiresOnDefault')}</dd>
      <dt>{t('console.care.flag.receivedAt')}</dt>
      <dd>{format.dateTime(flag.receivedAt)}</dd>
      <dt>{t('console.care.flag.updatedAt')}</dt>
      <dd>{format.dateTime(flag.updatedAt)}</dd>
    </dl>
  );
}

/** Each notice's delivery and acknowledgement, as the API gives them: never which school. */
function Notices({ flag }: { flag: FlagStatus }) {
  const { t } = useLanguage();
  const format = useCareFormat();
  const when = (instant: string | null) => (instant ? format.dateTime(instant) : t('console.care.flag.never'));
  return (
    <section aria-labelledby="care-notices-heading">
      <h2 id="care-notices-heading">{t('console.care.flag.noticesHeading')}</h2>
      <p>{t('console.care.flag.noticesIntro')}</p>
      {flag.notices.length === 0 ? (
        <ConsoleEmpty message={t('console.care.flag.noNotices')} />
      ) : (
        <table className="usa-table usa-table--borderless usa-table--stacked">
          <caption>{t('console.care.flag.noticesCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('console.care.flag.notice')}</th>
              <th scope="col">{t('console.care.flag.noticeStatus')}</th>
              <th scope="col">{t('console.care.flag.issuedAt')}</th>
              <th scope="col">{t('console.care.flag.dueBy')}</th>
              <th scope="col">{t('console.care.flag.acknowledgedAt')}</th>
              <th scope="col">{t('console.care.flag.escalatedAt')}</th>
              <th scope="col">{t('console.care.flag.closedAt')}</th>
            </tr>
          </thead>
          <tbody>
            {flag.notices.map((notice) => (
              <tr key={notice.noticeId}>
                <th scope="row" data-label={t('console.care.flag.notice')}>
                  {notice.noticeId}
                </th>
                <td data-label={t('console.care.flag.noticeStatus')}>{t(`console.care.noticeStatus.${notice.status}`)}</td>
                <td data-label={t('console.care.flag.issuedAt')}>{format.dateTime(notice.issuedAt)}</td>
                <td data-label={t('console.care.flag.dueBy')}>{format.dateTime(notice.dueBy)}</td>
                <td data-label={t('console.care.flag.acknowledgedAt')}>{when(notice.acknowledgedAt)}</td>
                <td data-label={t('console.care.flag.escalatedAt')}>{when(notice.escalatedAt)}</td>
                <td data-label={t('console.care.flag.closedAt')}>{when(notice.closedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** Revoking cannot be undone, so it asks first. */
function Revoke({ flagId, onRevoke }: { flagId: string; onRevoke: () => Promise<void> }) {
  const { t } = useLanguage();
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const confirm = () => {
    setBusy(true);
    void onRevoke().finally(() => {
      setBusy(false);
      setAsking(false);
    });
  };
  return (
    <section aria-labelledby="care-revoke-heading">
      <h2 id="care-revoke-heading">{t('console.care.flag.revokeHeading')}</h2>
      <p>{t('console.care.flag.revokeIntro')}</p>
      {asking ? (
        <div className="usa-alert usa-alert--warning" role="alert">
          <div className="usa-alert__body">
            <p className="usa-alert__text">{t('console.care.flag.revokeConfirm', { flagId })}</p>
            <ul className="usa-button-group">
              <li className="usa-button-group__item">
                <button type="button" className="usa-button usa-button--secondary" onClick={confirm} disabled={busy}>
                  {busy ? t('console.care.flag.revoking') : t('console.care.flag.revokeYes', { flagId })}
                </button>
              </li>
              <li className="usa-button-group__item">
                <button type="button" className="usa-button usa-button--unstyled" onClick={() => setAsking(false)} disabled={busy}>
                  {t('console.care.flag.revokeCancel')}
                </button>
              </li>
            </ul>
          </div>
        </div>
      ) : (
        <button type="button" className="usa-button usa-button--secondary" onClick={() => setAsking(true)}>
          {t('console.care.flag.revoke')}
        </button>
      )}
    </section>
  );
}
