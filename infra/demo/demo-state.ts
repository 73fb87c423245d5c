import type { Envelope } from '@lantern/contracts';
import { syntheticState, type SyntheticStateSummary } from '@lantern/synthetic-state';

/**
 * The small synthetic state `npm start` loads: 4 districts and 12 schools, three school years
 * (2023–24 to 2025–26) of linked records with the high-school history and college and wage
 * records of earlier classes, spending and school plans. Small enough to ingest in about a
 * minute, so small student groups are withheld on the public pages, as they would be in a real state.
 */
const DEMO_STATE = { seed: 2026, students: 3900, studentsPerDistrict: 975 };
const BATCH = 1000;

export interface LoadedDemoState extends SyntheticStateSummary {
  envelopes: number;
}

/** Streams the state to `publish` in batches; referenced records go first (ingest parks the others until they arrive). */
export async function publishDemoState(publish: (envelopes: Envelope[]) => Promise<void>, contractVersion: (contractId: string) => string): Promise<LoadedDemoState> {
  const summary = {} as SyntheticStateSummary;
  let batch: Envelope[] = [];
  let envelopes = 0;
  for (const envelope of syntheticState({ ...DEMO_STATE, contractVersion }, summary)) {
    batch.push(envelope);
    envelopes++;
    if (batch.length === BATCH) {
      await publish(batch);
      batch = [];
    }
  }
  if (batch.length > 0) await publish(batch);
  return { ...summary, envelopes };
}

/** One line per contract, largest first: what `npm start` says it loaded. */
export function describeDemoState(loaded: LoadedDemoState): string[] {
  const byContract = Object.entries(loaded.envelopesByContract).sort(([, a], [, b]) => b - a);
  return [
    `synthetic state: ${loaded.districts} districts, ${loaded.schools} schools, ${loaded.people} people, ${loaded.envelopes} records`,
    ...byContract.map(([contract, count]) => `  ${String(count).padStart(7)}  ${contract}`),
  ];
}
