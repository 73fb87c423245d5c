import { type FormEvent, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useApi } from '../../api/use-api';
import { Loading } from '../../components/status';
import { useLanguage } from '../../i18n/i18n';
import { answerOf } from '../console-client';
import { ConsoleFrame, useSignedIn } from '../console-frame';
import { ConsoleEmpty, ConsoleProblem } from '../console-problem';
import { type Disclosure, elementName, STEWARDS } from './governance-types';

type Subject = 'student' | 'organization';
const SUBJECTS: readonly Subject[] = ['student', 'organization'];
const PAGE_SIZE = 25;

/**
 * The record of disclosures (FERPA 34 CFR 99.32): for one student or one receiving organisation,
 * newest first, a page at a time. What is asked is in the address, so a page can be shared or reloaded.
 */
export function DisclosuresPage() {
  const { t } = useLanguage();
  return (
    <ConsoleFrame title={t('console.governance.disclosures.title')} roles={STEWARDS}>
      <Disclosures />
    </ConsoleFrame>
  );
}

function Disclosures() {
  const { t } = useLanguage();
  const [parameters, setParameters] = useSearchParams();
  const subject: Subject = parameters.get('by') === 'student' ? 'student' : 'organization';
  const id = parameters.get('id') ?? '';
  const [typedSubject, setTypedSubject] = useState<Subject>(subject);
  const [typedId, setTypedId] = useState(id);

  const search = (event: FormEvent) => {
    event.preventDefault();
    if (typedId.trim() !== '') setParameters({ by: typedSubject, id: typedId.trim() });
  };

  return (
    <>
      <p>{t('console.governance.disclosures.intro')}</p>
      <form className="usa-form usa-form--large" role="search" aria-label={t('console.governance.disclosures.search')} onSubmit={search}>
        <fieldset className="usa-fieldset">
          <legend className="usa-legend">{t('console.governance.disclosures.by')}</legend>
          {SUBJECTS.map((candidate) => (
            <div className="usa-radio" key={candidate}>
              <input
                className="usa-radio__input"
                id={`disclosures-by-${candidate}`}
                type="radio"
                name="disclosures-by"
                checked={typedSubject === candidate}
                onChange={() => setTypedSubject(candidate)}
              />
              <label className="usa-radio__label" htmlFor={`disclosures-by-${candidate}`}>
                {t(`console.governance.disclosures.subjects.${candidate}`)}
              </label>
            </div>
          ))}
        </fieldset>
        <label className="usa-label" htmlFor="disclosures-id">
          {t(`console.governance.disclosures.idLabel.${typedSubject}`)}
        </label>
        <input className="usa-input" id="disclosures-id" required value={typedId} onChange={(event) => setTypedId(event.target.value)} />
        <button type="submit" className="usa-button margin-top-2">
          {t('console.governance.disclosures.show')}
        </button>
      </form>
      {id !== '' && <DisclosureRecord key={`${subject}:${id}`} subject={subject} id={id} />}
    </>
  );
}

/** One subject's record, a page at a time: the ids each page started before, so "newer" goes back. */
function DisclosureRecord({ subject, id }: { subject: Subject; id: string }) {
  const { t } = useLanguage();
  const { client } = useSignedIn();
  const [starts, setStarts] = useState<Array<string | undefined>>([undefined]);
  const beforeId = starts[starts.length - 1];
  const page = useApi(`disclosures:${subject}:${id}:${beforeId ?? ''}`, async (signal) => {
    const query = { limit: PAGE_SIZE, ...(beforeId ? { beforeId } : {}) };
    return subject === 'student'
      ? answerOf(await client.GET('/disclosures/students/{sid}', { params: { path: { sid: id }, query }, signal }))
      : answerOf(await client.GET('/disclosures/organizations/{organizationId}', { params: { path: { organizationId: id }, query }, signal }));
  });
  return (
    <section aria-labelledby="disclosures-record" className="margin-top-4">
      <h2 id="disclosures-record">{t(`console.governance.disclosures.recordOf.${subject}`, { id })}</h2>
      {page.state === 'loading' && <Loading />}
      {page.state === 'failed' && <ConsoleProblem error={page.error} />}
      {page.state === 'loaded' &&
        (page.value.disclosures.length === 0 && starts.length === 1 ? (
          <ConsoleEmpty message={t(`console.governance.disclosures.none.${subject}`)} />
        ) : (
          <>
            <DisclosureTable disclosures={page.value.disclosures} />
            <nav aria-label={t('console.governance.paging.label')} className="margin-top-2">
              <button type="button" className="usa-button usa-button--outline" disabled={starts.length === 1} onClick={() => setStarts(starts.slice(0, -1))}>
                {t('console.governance.disclosures.newer')}
              </button>
              <button
                type="button"
                className="usa-button usa-button--outline"
                disabled={page.value.nextBeforeId === null}
                onClick={() => setStarts([...starts, page.value.nextBeforeId ?? undefined])}
              >
                {t('console.governance.disclosures.older')}
              </button>
            </nav>
          </>
        ))}
    </section>
  );
}

function DisclosureTable({ disclosures }: { disclosures: Disclosure[] }) {
  const { t, number, dateTime } = useLanguage();
  const column = (key: string) => t(`console.governance.disclosures.columns.${key}`);
  return (
    <table className="usa-table usa-table--borderless usa-table--stacked width-full">
      <caption>{t('console.governance.disclosures.caption')}</caption>
      <thead>
        <tr>
          <th scope="col">{column('when')}</th>
          <th scope="col">{column('recipient')}</th>
          <th scope="col">{column('purpose')}</th>
          <th scope="col">{column('elements')}</th>
          <th scope="col">{column('agreement')}</th>
          <th scope="col">{column('students')}</th>
        </tr>
      </thead>
      <tbody>
        {disclosures.map((disclosure) => (
          <tr key={disclosure.id}>
            <th scope="row" data-label={column('when')}>
              {dateTime(disclosure.disclosedAt)}
            </th>
            <td data-label={column('recipient')}>
              {disclosure.recipient.organizationId} ({disclosure.recipient.clientId})
            </td>
            <td data-label={column('purpose')}>{disclosure.purpose.code}</td>
            <td data-label={column('elements')}>
              <ul className="usa-list usa-list--unstyled">
                {disclosure.elements.map((element) => (
                  <li key={elementName(element)}>
                    {elementName(element)} ({t(`console.governance.granularities.${element.granularity}`)})
                  </li>
                ))}
              </ul>
            </td>
            <td data-label={column('agreement')}>
              <Link className="usa-link" to={`/console/agreements/${disclosure.agreement.id}`}>
                {t('console.governance.disclosures.agreementVersion', { title: disclosure.agreement.title, version: disclosure.agreement.version })}
              </Link>
            </td>
            <td data-label={column('students')}>{number(disclosure.studentCount)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
