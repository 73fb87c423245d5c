import { type FormEvent, type ReactNode, useId, useState } from 'react';
import type { components } from '../../api/generated/hub-api';
import { useLanguage } from '../../i18n/i18n';

export type CareFlag = components['schemas']['CareFlag'];
type AgencyType = NonNullable<CareFlag['agencyType']>;

const AGENCY_TYPES: readonly AgencyType[] = ['law-enforcement', 'child-protective-services', 'emergency-medical-services', 'other-partner-agency'];
/** Ed-Fi SexDescriptor code values, the descriptor the partner.careFlag contract takes. */
const SEXES = ['Female', 'Male', 'Not Selected'] as const;
const SEX_DESCRIPTOR = 'uri://ed-fi.org/SexDescriptor#';

/** What the form holds, as typed; empty text is a field left out. */
export interface FlagFields {
  flagId: string;
  agencyType: string;
  localPersonId: string;
  firstName: string;
  middleName: string;
  lastSurname: string;
  birthDate: string;
  sex: string;
  eventDate: string;
  expiresOn: string;
}

export const EMPTY_FLAG: FlagFields = {
  flagId: '',
  agencyType: '',
  localPersonId: '',
  firstName: '',
  middleName: '',
  lastSurname: '',
  birthDate: '',
  sex: '',
  eventDate: '',
  expiresOn: '',
};

/** The partner.careFlag record POST /care/flags takes: the agency's own id, and only the fields given (the contract refuses empty ones). */
function flagOf(agencyId: string, fields: FlagFields): CareFlag {
  const given = (value: string) => (value.trim() === '' ? undefined : value.trim());
  return {
    agency: { agencyId },
    flagId: fields.flagId.trim(),
    agencyType: given(fields.agencyType) as AgencyType | undefined,
    person: {
      localPersonId: fields.localPersonId.trim(),
      firstName: given(fields.firstName),
      middleName: given(fields.middleName),
      lastSurname: given(fields.lastSurname),
      birthDate: given(fields.birthDate),
      sexDescriptor: fields.sex ? `${SEX_DESCRIPTOR}${fields.sex}` : undefined,
    },
    eventDate: fields.eventDate,
    expiresOn: given(fields.expiresOn),
  };
}

/**
 * A Handle with Care flag as the API takes it, for issuing one or correcting one (`fixedFlagId`:
 * a correction keeps the flag's id). There is no field for a reason: the contract has none.
 */
export function CareFlagForm({
  agencyId,
  initial = EMPTY_FLAG,
  fixedFlagId,
  childHint,
  submitLabel,
  busyLabel,
  onSubmit,
}: {
  agencyId: string;
  initial?: FlagFields;
  fixedFlagId?: string;
  childHint: string;
  submitLabel: string;
  busyLabel: string;
  onSubmit: (flag: CareFlag) => Promise<void>;
}) {
  const { t } = useLanguage();
  const id = useId();
  const [fields, setFields] = useState<FlagFields>(fixedFlagId === undefined ? initial : { ...initial, flagId: fixedFlagId });
  const [busy, setBusy] = useState(false);
  const set = (name: keyof FlagFields) => (event: { target: { value: string } }) => setFields({ ...fields, [name]: event.target.value });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    void onSubmit(flagOf(agencyId, fields)).finally(() => setBusy(false));
  };
  const text = (name: keyof FlagFields, label: string, options: { required?: boolean; hint?: string; type?: 'text' | 'date'; maxLength?: number; autoComplete?: string } = {}) => (
    <Field id={`${id}-${name}`} label={label} required={options.required} hint={options.hint}>
      <input
        className="usa-input"
        id={`${id}-${name}`}
        name={name}
        type={options.type ?? 'text'}
        value={fields[name]}
        onChange={set(name)}
        required={options.required}
        maxLength={options.maxLength}
        autoComplete={options.autoComplete ?? 'off'}
        aria-describedby={options.hint ? `${id}-${name}-hint` : undefined}
      />
    </Field>
  );
  return (
    <form className="usa-form usa-form--large" onSubmit={submit}>
      <p className="usa-hint">{t('console.care.form.requiredNote')}</p>
      {fixedFlagId === undefined && text('flagId', t('console.care.form.flagId'), { required: true, hint: t('console.care.form.flagIdHint'), maxLength: 64 })}
      <Field id={`${id}-agencyType`} label={t('console.care.form.agencyType')} hint={t('console.care.form.agencyTypeHint')}>
        <select className="usa-select" id={`${id}-agencyType`} name="agencyType" value={fields.agencyType} onChange={set('agencyType')} aria-describedby={`${id}-agencyType-hint`}>
          <option value="">{t('console.care.form.agencyTypeNone')}</option>
          {AGENCY_TYPES.map((type) => (
            <option key={type} value={type}>
              {t(`console.care.agencyType.${type}`)}
            </option>
          ))}
        </select>
      </Field>
      <fieldset className="usa-fieldset" aria-describedby={`${id}-child-hint`}>
        <legend className="usa-legend usa-legend--large">{t('console.care.form.child')}</legend>
        <p className="usa-hint" id={`${id}-child-hint`}>
          {childHint}
        </p>
        {text('localPersonId', t('console.care.form.localPersonId'), { required: true, maxLength: 64 })}
        {text('firstName', t('console.care.form.firstName'), { maxLength: 75 })}
        {text('middleName', t('console.care.form.middleName'), { maxLength: 75 })}
        {text('lastSurname', t('console.care.form.lastSurname'), { maxLength: 75 })}
        {text('birthDate', t('console.care.form.birthDate'), { type: 'date' })}
        <Field id={`${id}-sex`} label={t('console.care.form.sex')}>
          <select className="usa-select" id={`${id}-sex`} name="sex" value={fields.sex} onChange={set('sex')}>
            <option value="">{t('console.care.form.sexNone')}</option>
            {SEXES.map((sex) => (
              <option key={sex} value={sex}>
                {t(`console.care.form.sexes.${sex}`)}
              </option>
            ))}
          </select>
        </Field>
      </fieldset>
      {text('eventDate', t('console.care.form.eventDate'), { required: true, type: 'date', hint: t('console.care.form.eventDateHint') })}
      {text('expiresOn', t('console.care.form.expiresOn'), { type: 'date', hint: t('console.care.form.expiresOnHint') })}
      <button type="submit" className="usa-button" disabled={busy}>
        {busy ? busyLabel : submitLabel}
      </button>
    </form>
  );
}

function Field({ id, label, required, hint, children }: { id: string; label: string; required?: boolean; hint?: string; children: ReactNode }) {
  const { t } = useLanguage();
  return (
    <div className="usa-form-group">
      <label className="usa-label" htmlFor={id}>
        {label}
        {required && (
          <>
            {' '}
            <abbr title={t('console.care.form.required')} className="usa-hint usa-hint--required">
              *
            </abbr>
          </>
        )}
      </label>
      {hint && (
        <div className="usa-hint" id={`${id}-hint`}>
          {hint}
        </div>
      )}
      {children}
    </div>
  );
}
