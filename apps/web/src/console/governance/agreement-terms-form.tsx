import { type FormEvent, useState } from 'react';
import { useLanguage } from '../../i18n/i18n';
import { ConsoleProblem } from '../console-problem';
import type { AgreementTerms } from './governance-types';

type PartyRole = AgreementTerms['parties'][number]['roles'][number];
type Granularity = AgreementTerms['elements'][number]['granularity'];
type LegalBasisKind = AgreementTerms['legalBases'][number]['kind'];
type Sector = 'k12' | 'postsecondary' | 'partner' | 'workforce';
type PopulationKind = 'enrolled-at-recipient' | 'cohort' | 'statewide';

const PARTY_ROLES: readonly PartyRole[] = ['contributor', 'recipient', 'approver'];
const GRANULARITIES: readonly Granularity[] = ['as-recorded', 'year-month', 'year', 'zip3', 'age-top-coded-90'];
const LEGAL_BASES: readonly LegalBasisKind[] = [
  'ferpa-consent',
  'ferpa-school-official',
  'ferpa-studies',
  'ferpa-audit-evaluation',
  'state-statute',
  'hipaa-authorization',
  'hipaa-limited-data-set',
  '42-cfr-part-2-consent',
];
const SECTORS: readonly Sector[] = ['k12', 'postsecondary', 'partner', 'workforce'];
const POPULATIONS: readonly PopulationKind[] = ['enrolled-at-recipient', 'cohort', 'statewide'];

interface PartyRow {
  organizationId: string;
  roles: PartyRole[];
  /** Comma-separated client ids; empty for every client of the organisation. */
  authorizedClients: string;
}

interface ElementRow {
  domain: string;
  element: string;
  granularity: Granularity;
}

/** The form as typed: text as entered, turned into terms only when sent (the API names whatever is wrong with them). */
interface TermsDraft {
  title: string;
  purposeCode: string;
  purposeDescription: string;
  legalBases: LegalBasisKind[];
  statuteCitation: string;
  parties: PartyRow[];
  elements: ElementRow[];
  populationKind: PopulationKind;
  sectors: Sector[];
  districts: string;
  schools: string;
  schoolYears: string;
  grades: string;
  linkagePermitted: boolean;
  dataLevel: 'aggregate' | 'record';
  minimumCellSize: string;
  k: string;
  linkAcrossExtracts: boolean;
  effectiveDate: string;
  expiresAt: string;
  destroyBy: string;
}

const EMPTY_PARTY: PartyRow = { organizationId: '', roles: [], authorizedClients: '' };
const EMPTY_ELEMENT: ElementRow = { domain: '', element: '', granularity: 'as-recorded' };

const BLANK: TermsDraft = {
  title: '',
  purposeCode: '',
  purposeDescription: '',
  legalBases: [],
  statuteCitation: '',
  parties: [EMPTY_PARTY],
  elements: [EMPTY_ELEMENT],
  populationKind: 'cohort',
  sectors: ['k12'],
  districts: '',
  schools: '',
  schoolYears: '',
  grades: '',
  linkagePermitted: false,
  dataLevel: 'aggregate',
  minimumCellSize: '11',
  linkAcrossExtracts: false,
  k: '11',
  effectiveDate: '',
  expiresAt: '',
  destroyBy: '',
};

const listed = (items: ReadonlyArray<string | number> | undefined) => (items ?? []).join(', ');
const day = (instant: string) => instant.slice(0, 10);

/** What the form shows for existing terms (to amend them); a bare cohort label becomes a cohort to define. */
function draftOf(terms: AgreementTerms): TermsDraft {
  const { population } = terms;
  const criteria = population.kind === 'cohort' ? population.criteria : undefined;
  return {
    title: terms.title,
    purposeCode: terms.purpose.code,
    purposeDescription: terms.purpose.description,
    legalBases: terms.legalBases.map((basis) => basis.kind),
    statuteCitation: terms.legalBases.find((basis) => basis.kind === 'state-statute')?.citation ?? '',
    parties: terms.parties.map((party) => ({ organizationId: party.organizationId, roles: [...party.roles], authorizedClients: listed(party.authorizedClients) })),
    elements: terms.elements.map(({ domain, element, granularity }) => ({ domain, element, granularity })),
    populationKind: population.kind === 'research-cohort' ? 'cohort' : population.kind,
    sectors: criteria?.sectors ?? ['k12'],
    districts: listed(criteria?.districts),
    schools: listed(criteria?.schools),
    schoolYears: listed(criteria?.schoolYears),
    grades: listed(criteria?.grades),
    linkagePermitted: terms.linkagePermitted,
    dataLevel: terms.outputRules.dataLevel,
    minimumCellSize: String(terms.outputRules.minimumCellSize),
    k: String(terms.outputRules.k),
    linkAcrossExtracts: terms.outputRules.linkAcrossExtracts ?? false,
    effectiveDate: day(terms.effectiveDate),
    expiresAt: day(terms.expiresAt),
    destroyBy: day(terms.destroyBy),
  };
}

const items = (text: string) =>
  text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
/** A list left empty does not narrow the cohort, so it is left out. */
const optionalList = <T,>(text: string, as: (item: string) => T) => (items(text).length > 0 ? items(text).map(as) : undefined);
const startOfDay = (date: string) => `${date}T00:00:00Z`;

function termsOf(draft: TermsDraft): AgreementTerms {
  const population: AgreementTerms['population'] =
    draft.populationKind === 'cohort'
      ? {
          kind: 'cohort',
          criteria: {
            sectors: draft.sectors,
            districts: optionalList(draft.districts, Number),
            schools: optionalList(draft.schools, Number),
            schoolYears: optionalList(draft.schoolYears, Number),
            grades: optionalList(draft.grades, String),
          },
        }
      : { kind: draft.populationKind };
  return {
    title: draft.title.trim(),
    parties: draft.parties.map((party) => ({
      organizationId: party.organizationId.trim(),
      roles: party.roles,
      ...(items(party.authorizedClients).length > 0 ? { authorizedClients: items(party.authorizedClients) } : {}),
    })),
    purpose: { code: draft.purposeCode.trim(), description: draft.purposeDescription.trim() },
    legalBases: draft.legalBases.map((kind) => (kind === 'state-statute' ? { kind, citation: draft.statuteCitation.trim() } : { kind })),
    elements: draft.elements.map((element) => ({ domain: element.domain.trim(), element: element.element.trim(), granularity: element.granularity })),
    population,
    linkagePermitted: draft.linkagePermitted,
    outputRules: { dataLevel: draft.dataLevel, minimumCellSize: Number(draft.minimumCellSize), k: Number(draft.k), ...(draft.linkAcrossExtracts ? { linkAcrossExtracts: true } : {}) },
    effectiveDate: startOfDay(draft.effectiveDate),
    expiresAt: startOfDay(draft.expiresAt),
    destroyBy: startOfDay(draft.destroyBy),
  };
}

const toggled = <T,>(values: readonly T[], value: T, on: boolean) => (on ? [...values, value] : values.filter((candidate) => candidate !== value));

/**
 * The terms of an agreement, as a steward drafts or amends them: parties, recipients, purpose,
 * legal bases, data elements, population, output rules and dates (retention included). Sends
 * them as they are; the API checks them and names each problem, shown here.
 */
export function AgreementTermsForm({ initial, submitLabel, onSubmit }: { initial?: AgreementTerms; submitLabel: string; onSubmit: (terms: AgreementTerms) => Promise<void> }) {
  const { t } = useLanguage();
  const [draft, setDraft] = useState<TermsDraft>(() => (initial ? draftOf(initial) : BLANK));
  const [sending, setSending] = useState(false);
  const [failure, setFailure] = useState<unknown>();
  const set = (change: Partial<TermsDraft>) => setDraft((current) => ({ ...current, ...change }));
  const setParty = (index: number, change: Partial<PartyRow>) => set({ parties: draft.parties.map((party, at) => (at === index ? { ...party, ...change } : party)) });
  const setElement = (index: number, change: Partial<ElementRow>) => set({ elements: draft.elements.map((element, at) => (at === index ? { ...element, ...change } : element)) });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSending(true);
    setFailure(undefined);
    onSubmit(termsOf(draft)).then(
      () => setSending(false),
      (error: unknown) => {
        setFailure(error);
        setSending(false);
      },
    );
  };

  const f = (key: string) => t(`console.governance.terms.${key}`);
  return (
    <form className="usa-form usa-form--large" onSubmit={submit}>
      <label className="usa-label" htmlFor="terms-title">
        {f('title')}
      </label>
      <input className="usa-input" id="terms-title" required value={draft.title} onChange={(event) => set({ title: event.target.value })} />

      <fieldset className="usa-fieldset">
        <legend className="usa-legend usa-legend--large">{f('purpose')}</legend>
        <label className="usa-label" htmlFor="terms-purpose-code">
          {f('purposeCode')}
        </label>
        <div className="usa-hint" id="terms-purpose-code-hint">
          {f('purposeCodeHint')}
        </div>
        <input
          className="usa-input"
          id="terms-purpose-code"
          aria-describedby="terms-purpose-code-hint"
          required
          value={draft.purposeCode}
          onChange={(event) => set({ purposeCode: event.target.value })}
        />
        <label className="usa-label" htmlFor="terms-purpose-description">
          {f('purposeDescription')}
        </label>
        <textarea className="usa-textarea" id="terms-purpose-description" required value={draft.purposeDescription} onChange={(event) => set({ purposeDescription: event.target.value })} />
      </fieldset>

      <fieldset className="usa-fieldset">
        <legend className="usa-legend usa-legend--large">{f('legalBases')}</legend>
        {LEGAL_BASES.map((kind) => (
          <div className="usa-checkbox" key={kind}>
            <input
              className="usa-checkbox__input"
              id={`terms-basis-${kind}`}
              type="checkbox"
              checked={draft.legalBases.includes(kind)}
              onChange={(event) => set({ legalBases: toggled(draft.legalBases, kind, event.target.checked) })}
            />
            <label className="usa-checkbox__label" htmlFor={`terms-basis-${kind}`}>
              {t(`console.governance.legalBases.${kind}`)}
            </label>
          </div>
        ))}
        {draft.legalBases.includes('state-statute') && (
          <>
            <label className="usa-label" htmlFor="terms-statute">
              {f('statuteCitation')}
            </label>
            <input className="usa-input" id="terms-statute" required value={draft.statuteCitation} onChange={(event) => set({ statuteCitation: event.target.value })} />
          </>
        )}
      </fieldset>

      <fieldset className="usa-fieldset">
        <legend className="usa-legend usa-legend--large">{f('parties')}</legend>
        <p className="usa-hint">{f('partiesHint')}</p>
        {draft.parties.map((party, index) => (
          <fieldset className="usa-fieldset border-1px border-base-lighter padding-2 margin-top-2" key={index}>
            <legend className="usa-legend">{t('console.governance.terms.party', { number: index + 1 })}</legend>
            <label className="usa-label" htmlFor={`terms-party-${index}-organization`}>
              {f('organizationId')}
            </label>
            <input
              className="usa-input"
              id={`terms-party-${index}-organization`}
              required
              value={party.organizationId}
              onChange={(event) => setParty(index, { organizationId: event.target.value })}
            />
            <fieldset className="usa-fieldset">
              <legend className="usa-legend">{f('roles')}</legend>
              {PARTY_ROLES.map((role) => (
                <div className="usa-checkbox" key={role}>
                  <input
                    className="usa-checkbox__input"
                    id={`terms-party-${index}-${role}`}
                    type="checkbox"
                    checked={party.roles.includes(role)}
                    onChange={(event) => setParty(index, { roles: toggled(party.roles, role, event.target.checked) })}
                  />
                  <label className="usa-checkbox__label" htmlFor={`terms-party-${index}-${role}`}>
                    {t(`console.governance.partyRoles.${role}`)}
                  </label>
                </div>
              ))}
            </fieldset>
            {party.roles.includes('recipient') && (
              <>
                <label className="usa-label" htmlFor={`terms-party-${index}-clients`}>
                  {f('authorizedClients')}
                </label>
                <div className="usa-hint" id={`terms-party-${index}-clients-hint`}>
                  {f('authorizedClientsHint')}
                </div>
                <input
                  className="usa-input"
                  id={`terms-party-${index}-clients`}
                  aria-describedby={`terms-party-${index}-clients-hint`}
                  value={party.authorizedClients}
                  onChange={(event) => setParty(index, { authorizedClients: event.target.value })}
                />
              </>
            )}
            {draft.parties.length > 1 && (
              <button type="button" className="usa-button usa-button--unstyled margin-top-1" onClick={() => set({ parties: draft.parties.filter((_, at) => at !== index) })}>
                {t('console.governance.terms.removeParty', { number: index + 1 })}
              </button>
            )}
          </fieldset>
        ))}
        <button type="button" className="usa-button usa-button--outline margin-top-2" onClick={() => set({ parties: [...draft.parties, EMPTY_PARTY] })}>
          {f('addParty')}
        </button>
      </fieldset>

      <fieldset className="usa-fieldset">
        <legend className="usa-legend usa-legend--large">{f('elements')}</legend>
        <p className="usa-hint">{f('elementsHint')}</p>
        {draft.elements.map((element, index) => (
          <fieldset className="usa-fieldset border-1px border-base-lighter padding-2 margin-top-2" key={index}>
            <legend className="usa-legend">{t('console.governance.terms.element', { number: index + 1 })}</legend>
            <label className="usa-label" htmlFor={`terms-element-${index}-domain`}>
              {f('domain')}
            </label>
            <input className="usa-input" id={`terms-element-${index}-domain`} required value={element.domain} onChange={(event) => setElement(index, { domain: event.target.value })} />
            <label className="usa-label" htmlFor={`terms-element-${index}-element`}>
              {f('elementName')}
            </label>
            <input className="usa-input" id={`terms-element-${index}-element`} required value={element.element} onChange={(event) => setElement(index, { element: event.target.value })} />
            <label className="usa-label" htmlFor={`terms-element-${index}-granularity`}>
              {f('granularity')}
            </label>
            <select
              className="usa-select"
              id={`terms-element-${index}-granularity`}
              value={element.granularity}
              onChange={(event) => setElement(index, { granularity: event.target.value as Granularity })}
            >
              {GRANULARITIES.map((granularity) => (
                <option key={granularity} value={granularity}>
                  {t(`console.governance.granularities.${granularity}`)}
                </option>
              ))}
            </select>
            {draft.elements.length > 1 && (
              <button type="button" className="usa-button usa-button--unstyled margin-top-1" onClick={() => set({ elements: draft.elements.filter((_, at) => at !== index) })}>
                {t('console.governance.terms.removeElement', { number: index + 1 })}
              </button>
            )}
          </fieldset>
        ))}
        <button type="button" className="usa-button usa-button--outline margin-top-2" onClick={() => set({ elements: [...draft.elements, EMPTY_ELEMENT] })}>
          {f('addElement')}
        </button>
      </fieldset>

      <fieldset className="usa-fieldset">
        <legend className="usa-legend usa-legend--large">{f('population')}</legend>
        {POPULATIONS.map((kind) => (
          <div className="usa-radio" key={kind}>
            <input
              className="usa-radio__input"
              id={`terms-population-${kind}`}
              type="radio"
              name="terms-population"
              checked={draft.populationKind === kind}
              onChange={() => set({ populationKind: kind })}
            />
            <label className="usa-radio__label" htmlFor={`terms-population-${kind}`}>
              {t(`console.governance.populations.${kind}`)}
            </label>
          </div>
        ))}
        {draft.populationKind === 'cohort' && (
          <>
            <fieldset className="usa-fieldset">
              <legend className="usa-legend">{f('sectors')}</legend>
              {SECTORS.map((sector) => (
                <div className="usa-checkbox" key={sector}>
                  <input
                    className="usa-checkbox__input"
                    id={`terms-sector-${sector}`}
                    type="checkbox"
                    checked={draft.sectors.includes(sector)}
                    onChange={(event) => set({ sectors: toggled(draft.sectors, sector, event.target.checked) })}
                  />
                  <label className="usa-checkbox__label" htmlFor={`terms-sector-${sector}`}>
                    {t(`console.governance.sectors.${sector}`)}
                  </label>
                </div>
              ))}
            </fieldset>
            <p className="usa-hint" id="terms-cohort-hint">
              {f('cohortHint')}
            </p>
            {(['districts', 'schools', 'schoolYears', 'grades'] as const).map((field) => (
              <div key={field}>
                <label className="usa-label" htmlFor={`terms-cohort-${field}`}>
                  {f(field)}
                </label>
                <input
                  className="usa-input"
                  id={`terms-cohort-${field}`}
                  aria-describedby="terms-cohort-hint"
                  value={draft[field]}
                  onChange={(event) => set({ [field]: event.target.value })}
                />
              </div>
            ))}
          </>
        )}
        <div className="usa-checkbox margin-top-2">
          <input className="usa-checkbox__input" id="terms-linkage" type="checkbox" checked={draft.linkagePermitted} onChange={(event) => set({ linkagePermitted: event.target.checked })} />
          <label className="usa-checkbox__label" htmlFor="terms-linkage">
            {f('linkagePermitted')}
          </label>
        </div>
      </fieldset>

      <fieldset className="usa-fieldset">
        <legend className="usa-legend usa-legend--large">{f('outputRules')}</legend>
        <label className="usa-label" htmlFor="terms-data-level">
          {f('dataLevel')}
        </label>
        <select className="usa-select" id="terms-data-level" value={draft.dataLevel} onChange={(event) => set({ dataLevel: event.target.value as TermsDraft['dataLevel'] })}>
          <option value="aggregate">{t('console.governance.dataLevels.aggregate')}</option>
          <option value="record">{t('console.governance.dataLevels.record')}</option>
        </select>
        <label className="usa-label" htmlFor="terms-cell-size">
          {f('minimumCellSize')}
        </label>
        <input
          className="usa-input usa-input--small"
          id="terms-cell-size"
          type="number"
          min={1}
          required
          value={draft.minimumCellSize}
          onChange={(event) => set({ minimumCellSize: event.target.value })}
        />
        <label className="usa-label" htmlFor="terms-k">
          {f('k')}
        </label>
        <input className="usa-input usa-input--small" id="terms-k" type="number" min={1} required value={draft.k} onChange={(event) => set({ k: event.target.value })} />
        <div className="usa-checkbox margin-top-2">
          <input
            className="usa-checkbox__input"
            id="terms-link-extracts"
            type="checkbox"
            checked={draft.linkAcrossExtracts}
            onChange={(event) => set({ linkAcrossExtracts: event.target.checked })}
          />
          <label className="usa-checkbox__label" htmlFor="terms-link-extracts">
            {f('linkAcrossExtracts')}
          </label>
        </div>
      </fieldset>

      <fieldset className="usa-fieldset">
        <legend className="usa-legend usa-legend--large">{f('dates')}</legend>
        <p className="usa-hint">{f('datesHint')}</p>
        {(['effectiveDate', 'expiresAt', 'destroyBy'] as const).map((field) => (
          <div key={field}>
            <label className="usa-label" htmlFor={`terms-${field}`}>
              {f(field)}
            </label>
            <input className="usa-input" id={`terms-${field}`} type="date" required value={draft[field]} onChange={(event) => set({ [field]: event.target.value })} />
          </div>
        ))}
      </fieldset>

      {failure !== undefined && <ConsoleProblem error={failure} />}
      <button type="submit" className="usa-button margin-top-3" disabled={sending}>
        {sending ? f('sending') : submitLabel}
      </button>
    </form>
  );
}
