import { type FormEvent, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useApi } from '../../api/use-api';
import { Loading } from '../../components/status';
import { useLanguage } from '../../i18n/i18n';
import { answerOf } from '../console-client';
import { ConsoleFrame, useSignedIn } from '../console-frame';
import { ConsoleProblem } from '../console-problem';
import { AgreementTermsForm } from './agreement-terms-form';
import { type Agreement, type AgreementTerms, type AgreementVersion, currentTermsOf, elementName, type PolicyCheckDecision, STEWARDS } from './governance-types';

type LifecycleChange = 'suspend' | 'reinstate' | 'terminate';

/** One agreement: its versions with their approvals, its lifecycle, and what a steward does with it. */
export function AgreementPage() {
  const { t } = useLanguage();
  return (
    <ConsoleFrame title={t('console.governance.agreement.title')} roles={STEWARDS}>
      <p>
        <Link className="usa-link" to="/console/agreements">
          {t('console.governance.agreement.back')}
        </Link>
      </p>
      <AgreementDetail />
    </ConsoleFrame>
  );
}

function AgreementDetail() {
  const { agreementId = '' } = useParams();
  const { client } = useSignedIn();
  const loaded = useApi(`agreement:${agreementId}`, async (signal) => answerOf(await client.GET('/agreements/{id}', { params: { path: { id: agreementId } }, signal })));
  // Each change answers with the agreement as it now is.
  const [changed, setChanged] = useState<Agreement>();
  if (loaded.state === 'loading') return <Loading />;
  if (loaded.state === 'failed') return <ConsoleProblem error={loaded.error} />;
  const agreement = changed?.id === agreementId ? changed : loaded.value;
  return <AgreementView agreement={agreement} onChanged={setChanged} />;
}

function AgreementView({ agreement, onChanged }: { agreement: Agreement; onChanged: (agreement: Agreement) => void }) {
  const { t } = useLanguage();
  const terms = currentTermsOf(agreement);
  const newest = agreement.versions[agreement.versions.length - 1];
  return (
    <>
      <h2>{terms.title}</h2>
      <div className="usa-summary-box" role="region" aria-labelledby="agreement-summary">
        <div className="usa-summary-box__body">
          <h3 className="usa-summary-box__heading" id="agreement-summary">
            {t('console.governance.agreement.summary')}
          </h3>
          <p className="usa-summary-box__text" data-testid="agreement-status">
            {t('console.governance.agreement.statusNow', { status: t(`console.governance.statuses.${agreement.status}`), version: agreement.currentVersion })}
          </p>
          <p className="usa-summary-box__text">{t('console.governance.agreement.id', { id: agreement.id })}</p>
        </div>
      </div>
      {agreement.status !== 'terminated' && <LifecycleActions agreement={agreement} onChanged={onChanged} />}
      <PolicyCheck agreement={agreement} />
      <h2>{t('console.governance.agreement.versions')}</h2>
      {[...agreement.versions].reverse().map((version) => (
        <VersionView
          key={version.version}
          agreementId={agreement.id}
          version={version}
          newest={version.version === newest.version}
          terminated={agreement.status === 'terminated'}
          onChanged={onChanged}
        />
      ))}
      <Lifecycle agreement={agreement} />
      {agreement.status !== 'terminated' && <Amend agreement={agreement} newest={newest.terms} onChanged={onChanged} />}
    </>
  );
}

/** Suspend, reinstate or terminate: each asks for the reason kept with it and for confirmation first. */
function LifecycleActions({ agreement, onChanged }: { agreement: Agreement; onChanged: (agreement: Agreement) => void }) {
  const { t } = useLanguage();
  const { client } = useSignedIn();
  const [asking, setAsking] = useState<LifecycleChange>();
  const [reason, setReason] = useState('');
  const [sending, setSending] = useState(false);
  const [failure, setFailure] = useState<unknown>();
  const offered: LifecycleChange[] = agreement.status === 'suspended' ? ['reinstate', 'terminate'] : ['suspend', 'terminate'];

  const confirm = (event: FormEvent) => {
    event.preventDefault();
    if (!asking) return;
    setSending(true);
    setFailure(undefined);
    const change = { params: { path: { id: agreement.id } }, body: { reason } };
    const sent =
      asking === 'suspend'
        ? client.POST('/agreements/{id}/suspend', change)
        : asking === 'reinstate'
          ? client.POST('/agreements/{id}/reinstate', change)
          : client.POST('/agreements/{id}/terminate', change);
    sent.then(
      (answer) => {
        setSending(false);
        try {
          onChanged(answerOf(answer));
          setAsking(undefined);
          setReason('');
        } catch (error) {
          setFailure(error);
        }
      },
      (error: unknown) => {
        setSending(false);
        setFailure(error);
      },
    );
  };

  return (
    <section aria-labelledby="agreement-lifecycle-actions">
      <h2 id="agreement-lifecycle-actions">{t('console.governance.lifecycle.actions')}</h2>
      {asking === undefined ? (
        <ul className="usa-button-group">
          {offered.map((change) => (
            <li className="usa-button-group__item" key={change}>
              <button type="button" className={`usa-button ${change === 'terminate' ? 'usa-button--secondary' : 'usa-button--outline'}`} onClick={() => setAsking(change)}>
                {t(`console.governance.lifecycle.${change}`)}
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <form className="usa-form usa-form--large" onSubmit={confirm} aria-labelledby="agreement-lifecycle-confirm">
          <div className="usa-alert usa-alert--warning usa-alert--slim">
            <div className="usa-alert__body">
              <p className="usa-alert__text" id="agreement-lifecycle-confirm">
                {t(`console.governance.lifecycle.confirm.${asking}`)}
              </p>
            </div>
          </div>
          <label className="usa-label" htmlFor="agreement-lifecycle-reason">
            {t('console.governance.lifecycle.reason')}
          </label>
          <textarea className="usa-textarea" id="agreement-lifecycle-reason" required maxLength={2000} value={reason} onChange={(event) => setReason(event.target.value)} />
          {failure !== undefined && <ConsoleProblem error={failure} />}
          <ul className="usa-button-group margin-top-2">
            <li className="usa-button-group__item">
              <button type="submit" className="usa-button" disabled={sending}>
                {t(`console.governance.lifecycle.confirmButton.${asking}`)}
              </button>
            </li>
            <li className="usa-button-group__item">
              <button type="button" className="usa-button usa-button--unstyled" onClick={() => setAsking(undefined)}>
                {t('console.governance.lifecycle.cancel')}
              </button>
            </li>
          </ul>
        </form>
      )}
    </section>
  );
}

/** Elements typed as `domain.element`, separated by commas (the domain may itself hold dots). */
function elementsFrom(text: string) {
  return text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.includes('.'))
    .map((item) => ({ domain: item.slice(0, item.lastIndexOf('.')), element: item.slice(item.lastIndexOf('.') + 1) }));
}

/**
 * The decision the policy decision point would give a request under this agreement now, with
 * its reasons: the steward picks the recipient, purpose and elements (the API audits the check).
 */
function PolicyCheck({ agreement }: { agreement: Agreement }) {
  const { t } = useLanguage();
  const { client } = useSignedIn();
  const terms = currentTermsOf(agreement);
  const organisations = [...new Set(agreement.versions.flatMap((version) => version.terms.parties.map((party) => party.organizationId)))];
  const firstRecipient = terms.parties.find((party) => party.roles.includes('recipient'))?.organizationId ?? organisations[0];
  const [organizationId, setOrganizationId] = useState(firstRecipient);
  const [clientId, setClientId] = useState('');
  const [purpose, setPurpose] = useState(terms.purpose.code);
  const [chosen, setChosen] = useState<string[]>(terms.elements.map(elementName));
  const [others, setOthers] = useState('');
  const [checking, setChecking] = useState(false);
  const [answer, setAnswer] = useState<{ decision: PolicyCheckDecision } | { failure: unknown }>();

  const check = (event: FormEvent) => {
    event.preventDefault();
    setChecking(true);
    setAnswer(undefined);
    const elements = [...terms.elements.filter((element) => chosen.includes(elementName(element))).map(({ domain, element }) => ({ domain, element })), ...elementsFrom(others)];
    client
      .POST('/agreements/{id}/policy-check', {
        params: { path: { id: agreement.id } },
        body: { organizationId, purpose: purpose.trim(), elements, ...(clientId.trim() === '' ? {} : { clientId: clientId.trim() }) },
      })
      .then(
        (response) => {
          try {
            setAnswer({ decision: answerOf(response) });
          } catch (failure) {
            setAnswer({ failure });
          }
        },
        (failure: unknown) => setAnswer({ failure }),
      )
      .finally(() => setChecking(false));
  };

  return (
    <section aria-labelledby="policy-check-heading">
      <h2 id="policy-check-heading">{t('console.governance.policyCheck.title')}</h2>
      <p>{t('console.governance.policyCheck.intro')}</p>
      <form className="usa-form usa-form--large" onSubmit={check}>
        <label className="usa-label" htmlFor="policy-check-organization">
          {t('console.governance.policyCheck.organization')}
        </label>
        <select className="usa-select" id="policy-check-organization" value={organizationId} onChange={(event) => setOrganizationId(event.target.value)}>
          {organisations.map((organisation) => (
            <option key={organisation} value={organisation}>
              {organisation}
            </option>
          ))}
        </select>
        <label className="usa-label" htmlFor="policy-check-client">
          {t('console.governance.policyCheck.client')}
        </label>
        <div className="usa-hint" id="policy-check-client-hint">
          {t('console.governance.policyCheck.clientHint')}
        </div>
        <input className="usa-input" id="policy-check-client" aria-describedby="policy-check-client-hint" value={clientId} onChange={(event) => setClientId(event.target.value)} />
        <label className="usa-label" htmlFor="policy-check-purpose">
          {t('console.governance.policyCheck.purpose')}
        </label>
        <input className="usa-input" id="policy-check-purpose" required value={purpose} onChange={(event) => setPurpose(event.target.value)} />
        <fieldset className="usa-fieldset">
          <legend className="usa-legend">{t('console.governance.policyCheck.elements')}</legend>
          {terms.elements.map((element) => {
            const name = elementName(element);
            return (
              <div className="usa-checkbox" key={name}>
                <input
                  className="usa-checkbox__input"
                  id={`policy-check-${name}`}
                  type="checkbox"
                  checked={chosen.includes(name)}
                  onChange={(event) => setChosen(event.target.checked ? [...chosen, name] : chosen.filter((candidate) => candidate !== name))}
                />
                <label className="usa-checkbox__label" htmlFor={`policy-check-${name}`}>
                  {name}
                </label>
              </div>
            );
          })}
        </fieldset>
        <label className="usa-label" htmlFor="policy-check-others">
          {t('console.governance.policyCheck.others')}
        </label>
        <div className="usa-hint" id="policy-check-others-hint">
          {t('console.governance.policyCheck.othersHint')}
        </div>
        <input className="usa-input" id="policy-check-others" aria-describedby="policy-check-others-hint" value={others} onChange={(event) => setOthers(event.target.value)} />
        <button type="submit" className="usa-button margin-top-2" disabled={checking}>
          {t('console.governance.policyCheck.check')}
        </button>
      </form>
      <div aria-live="polite">
        {checking && <p>{t('console.governance.policyCheck.checking')}</p>}
        {answer && 'failure' in answer && <ConsoleProblem error={answer.failure} />}
        {answer && 'decision' in answer && <PolicyDecisionView decision={answer.decision} />}
      </div>
    </section>
  );
}

function PolicyDecisionView({ decision }: { decision: PolicyCheckDecision }) {
  const { t } = useLanguage();
  const allowed = decision.decision === 'allow';
  return (
    <div className={`usa-alert ${allowed ? 'usa-alert--success' : 'usa-alert--error'} margin-top-2`} data-testid="policy-decision">
      <div className="usa-alert__body">
        <h3 className="usa-alert__heading">{t(allowed ? 'console.governance.policyCheck.allowed' : 'console.governance.policyCheck.denied')}</h3>
        <p className="usa-alert__text">{t('console.governance.policyCheck.reasons')}</p>
        <ul className="usa-list">
          {decision.reasons.map((reason) => (
            <li key={reason}>{reason}</li>
          ))}
        </ul>
        {decision.elements && decision.elements.length > 0 && (
          <>
            <p className="usa-alert__text">{t('console.governance.policyCheck.released', { version: decision.agreementVersion })}</p>
            <ul className="usa-list">
              {decision.elements.map((element) => (
                <li key={elementName(element)}>
                  {elementName(element)}: {t(`console.governance.granularities.${element.granularity}`)}
                </li>
              ))}
            </ul>
          </>
        )}
      </div>
    </div>
  );
}

/** One version: its state, terms and approvals; the newest one's awaited approvals can be recorded here. */
function VersionView({
  agreementId,
  version,
  newest,
  terminated,
  onChanged,
}: {
  agreementId: string;
  version: AgreementVersion;
  newest: boolean;
  terminated: boolean;
  onChanged: (agreement: Agreement) => void;
}) {
  const { t, dateTime, day } = useLanguage();
  const { client } = useSignedIn();
  const [failure, setFailure] = useState<unknown>();
  const [sending, setSending] = useState(false);
  const { terms } = version;
  const headingId = `version-${version.version}`;

  const approve = (organizationId: string) => {
    setSending(true);
    setFailure(undefined);
    client
      .POST('/agreements/{id}/versions/{version}/approvals', { params: { path: { id: agreementId, version: String(version.version) } }, body: { organizationId } })
      .then(
        (answer) => {
          try {
            onChanged(answerOf(answer));
          } catch (error) {
            setFailure(error);
          }
        },
        (error: unknown) => setFailure(error),
      )
      .finally(() => setSending(false));
  };

  return (
    <section className="border-1px border-base-lighter padding-2 margin-bottom-2" aria-labelledby={headingId}>
      <h3 id={headingId} className="margin-top-0">
        {t('console.governance.version.heading', { version: version.version, status: t(`console.governance.statuses.${version.status}`) })}
      </h3>
      <dl className="lantern-facts">
        <dt>{t('console.governance.terms.title')}</dt>
        <dd>{terms.title}</dd>
        <dt>{t('console.governance.terms.purpose')}</dt>
        <dd>
          {terms.purpose.code}: {terms.purpose.description}
        </dd>
        <dt>{t('console.governance.terms.legalBases')}</dt>
        <dd>{terms.legalBases.map((basis) => t(`console.governance.legalBases.${basis.kind}`) + (basis.citation ? ` (${basis.citation})` : '')).join('; ')}</dd>
        <dt>{t('console.governance.terms.parties')}</dt>
        <dd>
          <ul className="usa-list usa-list--unstyled">
            {terms.parties.map((party) => (
              <li key={party.organizationId}>
                {party.organizationId}: {party.roles.map((role) => t(`console.governance.partyRoles.${role}`)).join(', ')}
                {party.authorizedClients && ` (${t('console.governance.version.clients', { clients: party.authorizedClients.join(', ') })})`}
              </li>
            ))}
          </ul>
        </dd>
        <dt>{t('console.governance.terms.population')}</dt>
        <dd>{populationText(terms, t)}</dd>
        <dt>{t('console.governance.terms.linkagePermitted')}</dt>
        <dd>{t(terms.linkagePermitted ? 'console.governance.yes' : 'console.governance.no')}</dd>
        <dt>{t('console.governance.terms.outputRules')}</dt>
        <dd>
          {t('console.governance.version.outputRules', {
            level: t(`console.governance.dataLevels.${terms.outputRules.dataLevel}`),
            cell: terms.outputRules.minimumCellSize,
            k: terms.outputRules.k,
          })}
          {'; '}
          {t(terms.outputRules.linkAcrossExtracts ? 'console.governance.version.extractsLinked' : 'console.governance.version.extractsNotLinked')}
        </dd>
        <dt>{t('console.governance.terms.dates')}</dt>
        <dd>{t('console.governance.version.dates', { from: day(terms.effectiveDate), to: day(terms.expiresAt), destroy: day(terms.destroyBy) })}</dd>
        <dt>{t('console.governance.version.drafted')}</dt>
        <dd>{t('console.governance.version.draftedBy', { at: dateTime(version.draftedAt), by: version.draftedBy })}</dd>
      </dl>
      <table className="usa-table usa-table--borderless">
        <caption>{t('console.governance.version.elementsCaption', { version: version.version })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('console.governance.terms.domain')}</th>
            <th scope="col">{t('console.governance.terms.elementName')}</th>
            <th scope="col">{t('console.governance.terms.granularity')}</th>
          </tr>
        </thead>
        <tbody>
          {terms.elements.map((element) => (
            <tr key={elementName(element)}>
              <td>{element.domain}</td>
              <td>{element.element}</td>
              <td>{t(`console.governance.granularities.${element.granularity}`)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h4>{t('console.governance.version.approvals')}</h4>
      {version.approvals.length === 0 ? (
        <p>{t('console.governance.version.noApprovals')}</p>
      ) : (
        <ul className="usa-list">
          {version.approvals.map((approval) => (
            <li key={approval.organizationId}>
              {t('console.governance.version.approved', { organization: approval.organizationId, at: dateTime(approval.approvedAt), by: approval.approvedBy })}
            </li>
          ))}
        </ul>
      )}
      {version.awaitingApprovals.length > 0 && (
        <>
          <p>{t('console.governance.version.awaiting', { organizations: version.awaitingApprovals.join(', ') })}</p>
          {newest && !terminated && (
            <ul className="usa-button-group">
              {version.awaitingApprovals.map((organizationId) => (
                <li className="usa-button-group__item" key={organizationId}>
                  <button type="button" className="usa-button usa-button--outline" disabled={sending} onClick={() => approve(organizationId)}>
                    {t('console.governance.version.recordApproval', { organization: organizationId })}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
      {failure !== undefined && <ConsoleProblem error={failure} />}
    </section>
  );
}

function populationText(terms: AgreementTerms, t: ReturnType<typeof useLanguage>['t']): string {
  const { population } = terms;
  if (population.kind === 'research-cohort') return t('console.governance.populations.research-cohort', { cohort: population.cohortId });
  if (population.kind !== 'cohort') return t(`console.governance.populations.${population.kind}`);
  const { criteria } = population;
  const parts = [
    t('console.governance.version.sectors', { sectors: criteria.sectors.map((sector) => t(`console.governance.sectors.${sector}`)).join(', ') }),
    ...(['districts', 'schools', 'schoolYears', 'grades', 'programs', 'institutions'] as const)
      .filter((field) => criteria[field] !== undefined)
      .map((field) => `${t(`console.governance.terms.${field}`)}: ${(criteria[field] ?? []).join(', ')}`),
  ];
  return `${t('console.governance.populations.cohort')}: ${parts.join('; ')}`;
}

function Lifecycle({ agreement }: { agreement: Agreement }) {
  const { t, dateTime } = useLanguage();
  return (
    <section aria-labelledby="agreement-lifecycle">
      <h2 id="agreement-lifecycle">{t('console.governance.lifecycle.title')}</h2>
      {agreement.lifecycle.length === 0 ? (
        <p>{t('console.governance.lifecycle.none')}</p>
      ) : (
        <table className="usa-table usa-table--borderless">
          <caption className="usa-sr-only">{t('console.governance.lifecycle.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('console.governance.lifecycle.event')}</th>
              <th scope="col">{t('console.governance.lifecycle.when')}</th>
              <th scope="col">{t('console.governance.lifecycle.by')}</th>
              <th scope="col">{t('console.governance.lifecycle.reason')}</th>
            </tr>
          </thead>
          <tbody>
            {[...agreement.lifecycle].reverse().map((event) => (
              <tr key={`${event.kind}-${event.at}`}>
                <td>{t(`console.governance.lifecycle.kinds.${event.kind}`)}</td>
                <td>{dateTime(event.at)}</td>
                <td>{event.by}</td>
                <td>{event.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** A new version with the complete new terms, starting from the newest version's. */
function Amend({ agreement, newest, onChanged }: { agreement: Agreement; newest: AgreementTerms; onChanged: (agreement: Agreement) => void }) {
  const { t } = useLanguage();
  const { client } = useSignedIn();
  const [open, setOpen] = useState(false);
  return (
    <section aria-labelledby="agreement-amend">
      <h2 id="agreement-amend">{t('console.governance.amend.title')}</h2>
      <p>{t('console.governance.amend.intro')}</p>
      {open ? (
        <AgreementTermsForm
          initial={newest}
          submitLabel={t('console.governance.amend.save')}
          onSubmit={async (terms) => {
            onChanged(answerOf(await client.POST('/agreements/{id}/versions', { params: { path: { id: agreement.id } }, body: terms })));
            setOpen(false);
          }}
        />
      ) : (
        <button type="button" className="usa-button usa-button--outline" onClick={() => setOpen(true)}>
          {t('console.governance.amend.open')}
        </button>
      )}
    </section>
  );
}
