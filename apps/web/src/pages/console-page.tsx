import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { CONSOLE_ROLES, signInUrl, signOut } from '../api/console-api';
import { PageHeading } from '../components/page-heading';
import { ConsoleFrame, useSignedIn } from '../console/console-frame';
import { useLanguage } from '../i18n/i18n';

/** Why the console shows no one: what the API's /auth/callback said (?signIn=…), or that the person signed out. */
type SignedOutReason = 'not-registered' | 'failed' | 'signed-out';
const SIGNED_OUT_REASONS: readonly SignedOutReason[] = ['not-registered', 'failed', 'signed-out'];

/**
 * The staff console's home: who is signed in (name, role, organisation) and sign-out. A visit
 * without a session goes to sign-in, except after a refused sign-in or a sign-out, which the
 * page explains first (else the identity provider's own session would sign the person straight back in).
 */
export function ConsolePage() {
  const { t } = useLanguage();
  const [parameters] = useSearchParams();
  const reason = parameters.get('signIn') as SignedOutReason | null;
  const [signedOut, setSignedOut] = useState(false);
  if (signedOut) return <SignedOut reason="signed-out" />;
  if (reason && SIGNED_OUT_REASONS.includes(reason)) return <SignedOut reason={reason} />;
  return (
    <ConsoleFrame title={t('console.title')} roles={CONSOLE_ROLES}>
      <Person onSignedOut={() => setSignedOut(true)} />
    </ConsoleFrame>
  );
}

function Person({ onSignedOut }: { onSignedOut: () => void }) {
  const { t } = useLanguage();
  const { session } = useSignedIn();
  const [failed, setFailed] = useState(false);
  const end = () =>
    signOut(session).then(
      () => onSignedOut(),
      () => setFailed(true),
    );
  return (
    <>
      <p className="usa-intro">{t('console.signedInAs', { name: session.displayName })}</p>
      <dl className="lantern-facts">
        <dt>{t('console.name')}</dt>
        <dd>{session.displayName}</dd>
        <dt>{t('console.role')}</dt>
        <dd>{t(`console.roles.${session.role}`)}</dd>
        <dt>{t('console.organization')}</dt>
        <dd>{session.organizationId}</dd>
      </dl>
      {failed && (
        <div className="usa-alert usa-alert--error usa-alert--slim" role="alert">
          <div className="usa-alert__body">
            <p className="usa-alert__text">{t('console.signOutFailed')}</p>
          </div>
        </div>
      )}
      <button type="button" className="usa-button" onClick={() => void end()}>
        {t('console.signOut')}
      </button>
    </>
  );
}

function SignedOut({ reason }: { reason: SignedOutReason }) {
  const { t } = useLanguage();
  const problem = reason !== 'signed-out';
  return (
    <>
      <PageHeading title={t('console.title')} />
      <div className={`usa-alert ${problem ? 'usa-alert--error' : 'usa-alert--success'}`} role={problem ? 'alert' : 'status'}>
        <div className="usa-alert__body">
          <p className="usa-alert__text">{t(`console.signedOut.${reason}`)}</p>
        </div>
      </div>
      <p>
        <a className="usa-button" href={signInUrl()}>
          {t('console.signIn')}
        </a>
      </p>
    </>
  );
}
