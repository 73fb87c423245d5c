import { useId, useMemo, useState } from 'react';
import { CONSOLE_ROLES, type ConsoleRole } from '../../api/console-api';
import type { components } from '../../api/generated/hub-api';
import { useApi } from '../../api/use-api';
import { Loading } from '../../components/status';
import { useLanguage } from '../../i18n/i18n';
import { answerOf, succeeded } from '../console-client';
import { ConsoleFrame, useSignedIn } from '../console-frame';
import { ConsoleEmpty, ConsoleProblem } from '../console-problem';
import { DataTable } from '../../components/data-table';

type ConsolePerson = components['schemas']['ConsolePerson'];
type NewConsolePerson = components['schemas']['NewConsolePerson'];

const PAGE_SIZE = 25;

/** The steward's register of people who may sign in to the console (GET, POST and DELETE /console/people). */
export function PeoplePage() {
  const { t } = useLanguage();
  return (
    <ConsoleFrame title={t('console.people.title')} roles={['steward']}>
      <People />
    </ConsoleFrame>
  );
}

/** What the last change did, said once above the list. */
type Outcome = { kind: 'added' | 'removed'; name: string } | { kind: 'failed'; error: unknown };

function People() {
  const { t } = useLanguage();
  const { client } = useSignedIn();
  // A change bumps the version, which loads the list again.
  const [version, setVersion] = useState(0);
  const [outcome, setOutcome] = useState<Outcome>();
  const people = useApi(`people-${version}`, async (signal) => answerOf(await client.GET('/console/people', { signal })));
  // Kept here, so a reload after a change keeps what the steward filtered and the page they were on.
  const [filter, setFilter] = useState('');
  const [page, setPage] = useState(1);
  const changed = (next: Outcome) => {
    setOutcome(next);
    if (next.kind !== 'failed') setVersion((current) => current + 1);
  };
  return (
    <>
      <p className="usa-intro">{t('console.people.intro')}</p>
      {outcome && <OutcomeMessage outcome={outcome} />}
      {people.state === 'loading' && <Loading />}
      {people.state === 'failed' && <ConsoleProblem error={people.error} />}
      {people.state === 'loaded' && <PeopleTable people={people.value} onChanged={changed} filter={filter} onFilter={setFilter} page={page} onPage={setPage} />}
      <AddPerson onChanged={changed} />
    </>
  );
}

function OutcomeMessage({ outcome }: { outcome: Outcome }) {
  const { t } = useLanguage();
  if (outcome.kind === 'failed') return <ConsoleProblem error={outcome.error} />;
  return (
    <div className="usa-alert usa-alert--success usa-alert--slim" role="status">
      <div className="usa-alert__body">
        <p className="usa-alert__text">{t(outcome.kind === 'added' ? 'console.people.addedNow' : 'console.people.removed', { name: outcome.name })}</p>
      </div>
    </div>
  );
}

interface PeopleTableProps {
  people: ConsolePerson[];
  onChanged: (outcome: Outcome) => void;
  filter: string;
  onFilter: (filter: string) => void;
  page: number;
  onPage: (page: number) => void;
}

function PeopleTable({ people, onChanged, filter, onFilter, page, onPage }: PeopleTableProps) {
  const { t, number } = useLanguage();
  const filterId = useId();
  const shown = useMemo(() => {
    const words = filter.trim().toLowerCase();
    return words ? people.filter((person) => `${person.displayName} ${person.organizationId}`.toLowerCase().includes(words)) : people;
  }, [people, filter]);
  const pages = Math.max(1, Math.ceil(shown.length / PAGE_SIZE));
  const current = Math.min(page, pages);
  return (
    <>
      <div className="usa-form-group">
        <label className="usa-label" htmlFor={filterId}>
          {t('console.people.filter')}
        </label>
        <input
          className="usa-input"
          id={filterId}
          type="search"
          value={filter}
          maxLength={100}
          onChange={(event) => {
            onFilter(event.target.value);
            onPage(1);
          }}
        />
      </div>
      <p role="status">{t('console.people.summary', { count: shown.length, formatted: number(shown.length) })}</p>
      {shown.length === 0 ? (
        <ConsoleEmpty message={t('console.people.none')} />
      ) : (
        <DataTable
          caption={t('console.people.caption')}
          columns={[
            t('console.people.name'),
            t('console.people.role'),
            t('console.people.organization'),
            t('console.people.identity'),
            t('console.people.added'),
            t('console.people.actions'),
          ]}
        >
          {shown.slice((current - 1) * PAGE_SIZE, current * PAGE_SIZE).map((person) => (
            <PersonRow key={person.personId} person={person} onChanged={onChanged} />
          ))}
        </DataTable>
      )}
      {pages > 1 && <Paging page={current} pages={pages} onPage={onPage} />}
    </>
  );
}

function PersonRow({ person, onChanged }: { person: ConsolePerson; onChanged: (outcome: Outcome) => void }) {
  const { t, dateTime } = useLanguage();
  const { client, session } = useSignedIn();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const remove = async () => {
    setBusy(true);
    try {
      succeeded(await client.DELETE('/console/people/{personId}', { params: { path: { personId: person.personId } } }));
      onChanged({ kind: 'removed', name: person.displayName });
    } catch (error) {
      onChanged({ kind: 'failed', error });
      setBusy(false);
      setConfirming(false);
    }
  };
  return (
    <tr>
      <th scope="row">{person.displayName}</th>
      <td>{t(`console.roles.${person.role}`)}</td>
      <td>{person.organizationId}</td>
      <td className="lantern-console__identity">
        {person.issuer}
        <br />
        {person.subject}
      </td>
      <td>{t('console.people.addedBy', { date: dateTime(person.createdAt), by: person.createdBy })}</td>
      <td>
        {person.personId === session.personId ? (
          t('console.people.you')
        ) : confirming ? (
          <div role="group" aria-label={t('console.people.remove', { name: person.displayName })}>
            <p>{t('console.people.confirmRemove', { name: person.displayName })}</p>
            <button type="button" className="usa-button usa-button--secondary" disabled={busy} onClick={() => void remove()}>
              {t('console.people.confirm')}
            </button>
            <button type="button" className="usa-button usa-button--unstyled" onClick={() => setConfirming(false)}>
              {t('console.people.cancel')}
            </button>
          </div>
        ) : (
          <button type="button" className="usa-button usa-button--outline" onClick={() => setConfirming(true)} aria-label={t('console.people.remove', { name: person.displayName })}>
            {t('console.people.removeShort')}
          </button>
        )}
      </td>
    </tr>
  );
}

function Paging({ page, pages, onPage }: { page: number; pages: number; onPage: (page: number) => void }) {
  const { t } = useLanguage();
  return (
    <nav aria-label={t('console.people.pages')} className="usa-pagination">
      <ul className="usa-pagination__list">
        <li className="usa-pagination__item">
          <button type="button" className="usa-button usa-button--unstyled" disabled={page <= 1} onClick={() => onPage(page - 1)}>
            {t('console.people.previous')}
          </button>
        </li>
        <li className="usa-pagination__item">{t('console.people.page', { page, pages })}</li>
        <li className="usa-pagination__item">
          <button type="button" className="usa-button usa-button--unstyled" disabled={page >= pages} onClick={() => onPage(page + 1)}>
            {t('console.people.next')}
          </button>
        </li>
      </ul>
    </nav>
  );
}

const EMPTY: NewConsolePerson = { displayName: '', role: 'school', organizationId: '', issuer: '', subject: '' };

function AddPerson({ onChanged }: { onChanged: (outcome: Outcome) => void }) {
  const { t } = useLanguage();
  const { client } = useSignedIn();
  const [person, setPerson] = useState<NewConsolePerson>(EMPTY);
  const [busy, setBusy] = useState(false);
  const ids = { heading: useId(), name: useId(), role: useId(), organization: useId(), organizationHint: useId(), issuer: useId(), subject: useId() };
  const set = (field: keyof NewConsolePerson) => (event: { target: { value: string } }) => setPerson((current) => ({ ...current, [field]: event.target.value }));
  const add = async () => {
    setBusy(true);
    try {
      const added = answerOf(
        await client.POST('/console/people', { body: { ...person, displayName: person.displayName.trim(), issuer: person.issuer.trim(), subject: person.subject.trim() } }),
      );
      onChanged({ kind: 'added', name: added.displayName });
      setPerson(EMPTY);
    } catch (error) {
      onChanged({ kind: 'failed', error });
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      className="usa-form usa-form--large"
      aria-labelledby={ids.heading}
      onSubmit={(event) => {
        event.preventDefault();
        void add();
      }}
    >
      <h2 id={ids.heading}>{t('console.people.addHeading')}</h2>
      <p>{t('console.people.addIntro')}</p>
      <label className="usa-label" htmlFor={ids.name}>
        {t('console.people.displayName')}
      </label>
      <input className="usa-input" id={ids.name} required maxLength={100} value={person.displayName} onChange={set('displayName')} />
      <label className="usa-label" htmlFor={ids.role}>
        {t('console.people.role')}
      </label>
      <select className="usa-select" id={ids.role} value={person.role} onChange={set('role')}>
        {CONSOLE_ROLES.map((role: ConsoleRole) => (
          <option key={role} value={role}>
            {t(`console.roles.${role}`)}
          </option>
        ))}
      </select>
      <label className="usa-label" htmlFor={ids.organization}>
        {t('console.people.organization')}
      </label>
      <span className="usa-hint" id={ids.organizationHint}>
        {t('console.people.organizationHint')}
      </span>
      <input className="usa-input" id={ids.organization} required maxLength={64} aria-describedby={ids.organizationHint} value={person.organizationId} onChange={set('organizationId')} />
      <label className="usa-label" htmlFor={ids.issuer}>
        {t('console.people.issuer')}
      </label>
      <input className="usa-input" id={ids.issuer} type="url" required value={person.issuer} onChange={set('issuer')} />
      <label className="usa-label" htmlFor={ids.subject}>
        {t('console.people.subject')}
      </label>
      <input className="usa-input" id={ids.subject} required maxLength={255} value={person.subject} onChange={set('subject')} />
      <button className="usa-button" type="submit" disabled={busy}>
        {t('console.people.add')}
      </button>
    </form>
  );
}
