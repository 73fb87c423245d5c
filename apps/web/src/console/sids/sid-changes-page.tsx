import { type FormEvent, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { components } from '../../api/generated/hub-api';
import { useApi } from '../../api/use-api';
import { Loading } from '../../components/status';
import { useLanguage } from '../../i18n/i18n';
import { answerOf } from '../console-client';
import { ConsoleFrame, useSignedIn } from '../console-frame';
import { ConsoleProblem } from '../console-problem';
import { personName, type PersonFields } from '../reviews/review-format';
import { Confirmation } from '../reviews/confirmation';
import { DataTable } from '../../components/data-table';

type SidRecord = components['schemas']['SidCrosswalk']['records'][number];
type SplitPreview = components['schemas']['SplitPreview'];
type Merged = components['schemas']['SidsMerged'];
type Split = components['schemas']['SidSplit'];

const keyOf = (record: { sourceSystem: string; localId: string }) => JSON.stringify([record.sourceSystem, record.localId]);

/** Where a steward page links a SID: this page, opened on it to split records off. */
export const splitPageOf = (sid: string) => `/console/sids?${new URLSearchParams({ sid })}`;
const mergePageOf = (survivor: string, retired: string) => `/console/sids?${new URLSearchParams({ survivor, retired })}`;

/**
 * Merging two SIDs or splitting records off one, each shown before it is done: the API's preview
 * says what would move and where (the rule is the library's, the page only shows it), and the
 * steward confirms. The SIDs are in the address, so a link can open a merge or a split.
 */
export function SidChangesPage() {
  const { t } = useLanguage();
  const [parameters, setParameters] = useSearchParams();
  const survivor = parameters.get('survivor') ?? '';
  const retired = parameters.get('retired') ?? '';
  const sid = parameters.get('sid') ?? '';
  return (
    <ConsoleFrame title={t('console.sids.title')} roles={['steward']}>
      <p className="usa-intro">{t('console.sids.intro')}</p>
      <div className="grid-row grid-gap">
        <MergeForm key={`${survivor} ${retired}`} survivor={survivor} retired={retired} onPreview={(chosen) => setParameters(chosen)} />
        <SplitForm key={sid} sid={sid} onOpen={(chosen) => setParameters({ sid: chosen })} />
      </div>
      {survivor && retired && <MergePanel key={`${survivor} ${retired}`} survivor={survivor} retired={retired} />}
      {sid && !(survivor && retired) && <SplitPanel key={sid} sid={sid} />}
    </ConsoleFrame>
  );
}

function MergeForm({ survivor, retired, onPreview }: { survivor: string; retired: string; onPreview: (sids: { survivor: string; retired: string }) => void }) {
  const { t } = useLanguage();
  const [chosen, setChosen] = useState({ survivor, retired });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onPreview({ survivor: chosen.survivor.trim(), retired: chosen.retired.trim() });
  };
  return (
    <form className="usa-form tablet:grid-col-6" onSubmit={submit} aria-labelledby="merge-form-heading">
      <h2 id="merge-form-heading">{t('console.sids.mergeForm.heading')}</h2>
      <label className="usa-label" htmlFor="merge-survivor">
        {t('console.sids.mergeForm.survivor')}
      </label>
      <span className="usa-hint" id="merge-survivor-hint">
        {t('console.sids.mergeForm.survivorHint')}
      </span>
      <input
        className="usa-input"
        id="merge-survivor"
        aria-describedby="merge-survivor-hint"
        required
        inputMode="numeric"
        value={chosen.survivor}
        onChange={(event) => setChosen({ ...chosen, survivor: event.target.value })}
      />
      <label className="usa-label" htmlFor="merge-retired">
        {t('console.sids.mergeForm.retired')}
      </label>
      <span className="usa-hint" id="merge-retired-hint">
        {t('console.sids.mergeForm.retiredHint')}
      </span>
      <input
        className="usa-input"
        id="merge-retired"
        aria-describedby="merge-retired-hint"
        required
        inputMode="numeric"
        value={chosen.retired}
        onChange={(event) => setChosen({ ...chosen, retired: event.target.value })}
      />
      <button type="submit" className="usa-button margin-top-2">
        {t('console.sids.mergeForm.submit')}
      </button>
    </form>
  );
}

function SplitForm({ sid, onOpen }: { sid: string; onOpen: (sid: string) => void }) {
  const { t } = useLanguage();
  const [chosen, setChosen] = useState(sid);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onOpen(chosen.trim());
  };
  return (
    <form className="usa-form tablet:grid-col-6" onSubmit={submit} aria-labelledby="split-form-heading">
      <h2 id="split-form-heading">{t('console.sids.splitForm.heading')}</h2>
      <label className="usa-label" htmlFor="split-sid">
        {t('console.sids.splitForm.sid')}
      </label>
      <span className="usa-hint" id="split-sid-hint">
        {t('console.sids.splitForm.hint')}
      </span>
      <input className="usa-input" id="split-sid" aria-describedby="split-sid-hint" required inputMode="numeric" value={chosen} onChange={(event) => setChosen(event.target.value)} />
      <button type="submit" className="usa-button margin-top-2">
        {t('console.sids.splitForm.submit')}
      </button>
    </form>
  );
}

/** The merge as the API previews it, then done once confirmed. */
function MergePanel({ survivor, retired }: { survivor: string; retired: string }) {
  const { t, list } = useLanguage();
  const { client } = useSignedIn();
  const preview = useApi(`merge ${survivor} ${retired}`, async (signal) => answerOf(await client.POST('/identity/merges/preview', { body: { survivor, retired }, signal })));
  const [confirming, setConfirming] = useState(false);
  const [saving, setSaving] = useState(false);
  const [refused, setRefused] = useState<unknown>();
  const [merged, setMerged] = useState<Merged>();
  if (merged) return <MergeDone merged={merged} />;
  if (preview.state === 'loading') return <Loading />;
  if (preview.state === 'failed') return <ConsoleProblem error={preview.error} />;
  const { moving, staying, redirected } = preview.value;
  const merge = async () => {
    setSaving(true);
    setRefused(undefined);
    try {
      setMerged(answerOf(await client.POST('/identity/merges', { body: { survivor, retired } })));
    } catch (error) {
      setRefused(error);
      setConfirming(false);
    } finally {
      setSaving(false);
    }
  };
  return (
    <section className="margin-top-4" aria-labelledby="merge-preview-heading">
      <h2 id="merge-preview-heading">{t('console.sids.merge.heading', { survivor, retired })}</h2>
      <SidRecordsTable caption={t('console.sids.merge.movingCaption', { sid: retired })} records={moving} />
      <SidRecordsTable caption={t('console.sids.merge.stayingCaption', { sid: survivor })} records={staying} />
      <h3>{t('console.sids.whatHappens')}</h3>
      <ul className="usa-list" data-testid="merge-consequences">
        <li>{t('console.sids.merge.moves', { count: moving.length, survivor, retired })}</li>
        <li>{t('console.sids.merge.retires', { survivor, retired })}</li>
        {redirected.length > 0 && <li>{t('console.sids.merge.redirects', { count: redirected.length, sids: list(redirected), survivor, retired })}</li>}
      </ul>
      <p>
        <Link className="usa-link" to={mergePageOf(retired, survivor)}>
          {t('console.sids.merge.swap', { sid: retired })}
        </Link>
      </p>
      {refused !== undefined && <ConsoleProblem error={refused} />}
      {confirming ? (
        <Confirmation
          text={t('console.sids.merge.confirm', { count: moving.length, survivor, retired })}
          confirmLabel={t('console.sids.merge.confirmButton')}
          saving={saving}
          onConfirm={() => void merge()}
          onCancel={() => setConfirming(false)}
        />
      ) : (
        <button type="button" className="usa-button" onClick={() => setConfirming(true)}>
          {t('console.sids.merge.button', { survivor, retired })}
        </button>
      )}
    </section>
  );
}

function MergeDone({ merged }: { merged: Merged }) {
  const { t } = useLanguage();
  return <Done text={t('console.sids.merge.done', { count: merged.records.length, survivor: merged.survivor, retired: merged.retired })} records={merged.records} sid={merged.survivor} />;
}

/** One SID's records to tick, the preview of splitting the ticked ones off, then the split once confirmed. */
function SplitPanel({ sid }: { sid: string }) {
  const { client } = useSignedIn();
  const records = useApi(`sid ${sid}`, async (signal) => answerOf(await client.GET('/identity/sids/{sid}/crosswalk', { params: { path: { sid } }, signal })));
  if (records.state === 'loading') return <Loading />;
  if (records.state === 'failed') return <ConsoleProblem error={records.error} />;
  return <SplitChooser sid={sid} records={records.value.records} />;
}

function SplitChooser({ sid, records }: { sid: string; records: SidRecord[] }) {
  const { t } = useLanguage();
  const { client } = useSignedIn();
  const [ticked, setTicked] = useState<ReadonlySet<string>>(new Set());
  const [preview, setPreview] = useState<SplitPreview>();
  const [confirming, setConfirming] = useState(false);
  const [saving, setSaving] = useState(false);
  const [refused, setRefused] = useState<unknown>();
  const [split, setSplit] = useState<Split>();
  if (split) return <SplitDone split={split} />;
  const chosen = records.filter((record) => ticked.has(keyOf(record))).map(({ sourceSystem, localId }) => ({ sourceSystem, localId }));
  const tick = (record: SidRecord, on: boolean) => {
    const next = new Set(ticked);
    if (on) next.add(keyOf(record));
    else next.delete(keyOf(record));
    setTicked(next);
    // A preview is of the records ticked when it was asked for.
    setPreview(undefined);
    setConfirming(false);
  };
  const call = async (work: () => Promise<void>) => {
    setSaving(true);
    setRefused(undefined);
    try {
      await work();
    } catch (error) {
      setRefused(error);
      setConfirming(false);
    } finally {
      setSaving(false);
    }
  };
  const askPreview = (event: FormEvent) => {
    event.preventDefault();
    void call(async () => setPreview(answerOf(await client.POST('/identity/splits/preview', { body: { sid, records: chosen } }))));
  };
  const confirmSplit = () => void call(async () => setSplit(answerOf(await client.POST('/identity/splits', { body: { sid, records: chosen } }))));
  return (
    <section className="margin-top-4" aria-labelledby="split-heading">
      <h2 id="split-heading">{t('console.sids.split.heading', { sid })}</h2>
      <form className="usa-form usa-form--large" onSubmit={askPreview}>
        <fieldset className="usa-fieldset">
          <legend className="usa-legend">{t('console.sids.split.legend', { sid })}</legend>
          {records.map((record) => {
            const id = `split-record-${record.sourceSystem}-${record.localId}`.replace(/[^A-Za-z0-9_-]/g, '_');
            return (
              <div className="usa-checkbox" key={keyOf(record)}>
                <input className="usa-checkbox__input" id={id} type="checkbox" checked={ticked.has(keyOf(record))} onChange={(event) => tick(record, event.target.checked)} />
                <label className="usa-checkbox__label" htmlFor={id}>
                  {t('console.sids.split.recordLabel', { name: nameOf(record, t), sourceSystem: record.sourceSystem, localId: record.localId })}
                  <span className="usa-checkbox__label-description">{describe(record, sid, t)}</span>
                </label>
              </div>
            );
          })}
        </fieldset>
        <button type="submit" className="usa-button margin-top-2" disabled={chosen.length === 0 || saving}>
          {t('console.sids.split.previewButton')}
        </button>
      </form>
      {refused !== undefined && <ConsoleProblem error={refused} />}
      {preview && (
        <section className="margin-top-4" aria-labelledby="split-preview-heading">
          <h3 id="split-preview-heading">{t('console.sids.whatHappens')}</h3>
          <p data-testid="split-target">
            {preview.target.kind === 'restored'
              ? t('console.sids.split.toRestored', { count: preview.moving.length, sid, target: preview.target.sid })
              : t('console.sids.split.toNew', { count: preview.moving.length, sid })}
          </p>
          <SidRecordsTable caption={t('console.sids.split.movingCaption')} records={preview.moving} />
          <SidRecordsTable caption={t('console.sids.split.stayingCaption', { sid })} records={preview.staying} />
          {confirming ? (
            <Confirmation
              text={t('console.sids.split.confirm', { count: preview.moving.length, sid })}
              confirmLabel={t('console.sids.split.confirmButton')}
              saving={saving}
              onConfirm={confirmSplit}
              onCancel={() => setConfirming(false)}
            />
          ) : (
            <button type="button" className="usa-button" onClick={() => setConfirming(true)}>
              {t('console.sids.split.button', { count: preview.moving.length })}
            </button>
          )}
        </section>
      )}
    </section>
  );
}

function SplitDone({ split }: { split: Split }) {
  const { t } = useLanguage();
  const [, moved] = split.parts;
  const records = moved.records ?? [];
  return (
    <Done
      text={t(moved.restored ? 'console.sids.split.doneRestored' : 'console.sids.split.doneNew', { count: records.length, sid: split.sid, target: moved.sid })}
      records={records}
      sid={moved.sid}
    />
  );
}

/** What a merge or split did, with the records it moved and a way to the SID they are under now. */
function Done({ text, records, sid }: { text: string; records: ReadonlyArray<{ sourceSystem: string; localId: string }>; sid: string }) {
  const { t } = useLanguage();
  return (
    <div className="usa-alert usa-alert--success margin-top-4" role="status">
      <div className="usa-alert__body">
        <p className="usa-alert__text">{text}</p>
        <ul className="usa-list">
          {records.map((record) => (
            <li key={keyOf(record)}>{t('console.sids.movedRecord', record)}</li>
          ))}
        </ul>
        <p className="usa-alert__text">
          {/* A full load: the page shows the SID as it is now. */}
          <a className="usa-link" href={splitPageOf(sid)}>
            {t('console.sids.openSid', { sid })}
          </a>
        </p>
      </div>
    </div>
  );
}

/**
 * One SID's records, with the page's column to itself: two side by side had about 350 px each even on a wide screen (the
 * console's column is at most about 720 px), which cut off the record column and a caption. A record id too long for the
 * column scrolls within the table.
 */
function SidRecordsTable({ caption, records }: { caption: string; records: SidRecord[] }) {
  const { t } = useLanguage();
  return (
    <DataTable caption={caption} columns={[t('console.sids.columns.name'), t('console.sids.columns.birthDate'), t('console.sids.columns.record')]}>
      {records.map((record) => (
        <tr key={keyOf(record)}>
          <th scope="row">{nameOf(record, t)}</th>
          <td>{birthDateOf(record) ?? t('console.sids.absent')}</td>
          <td>{t('console.sids.recordFrom', record)}</td>
        </tr>
      ))}
    </DataTable>
  );
}

type Translate = ReturnType<typeof useLanguage>['t'];
const fieldsOf = (record: SidRecord) => (typeof record.person === 'object' && record.person !== null ? (record.person as PersonFields) : {});
const nameOf = (record: SidRecord, t: Translate) => personName(fieldsOf(record)) ?? t('console.sids.unnamed');
const birthDateOf = (record: SidRecord) => (typeof fieldsOf(record).birth_date === 'string' ? (fieldsOf(record).birth_date as string) : undefined);

/** The record's birth date and, when a merge brought it here, the SID it was first given. */
function describe(record: SidRecord, sid: string, t: Translate): string {
  const born = t('console.sids.born', { date: birthDateOf(record) ?? t('console.sids.absent') });
  return record.originalSid === sid ? born : `${born} ${t('console.sids.firstGiven', { sid: record.originalSid })}`;
}
