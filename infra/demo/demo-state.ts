import { AuditLog } from '@lantern/audit';
import type { Envelope } from '@lantern/contracts';
import { loadSettings } from '@lantern/config';
import { IndicatorStore, OUTCOMES_SETTINGS, OutcomesJob } from '@lantern/outcomes-store';
import { FIRST_DISTRICT_ID, stateLayout, type SyntheticDistrict, SYNTHETIC_DESCRIPTORS, syntheticState, type SyntheticStateSummary } from '@lantern/synthetic-state';
import type { DataSource } from 'typeorm';

/**
 * The small synthetic state `npm start` loads: 4 districts and 12 schools, three school years
 * (2023–24 to 2025–26) of linked records with the high-school history and college and wage
 * records of earlier classes, spending and school plans. Small enough to ingest in under a
 * minute, so small student groups are withheld on the public pages, as they would be in a real
 * state; large enough (about 690 students a grade, some 600 of them with scores) that every growth
 * grade × subject cohort reaches the default SGP cohort minimum of 500, so the pages show median SGPs
 * from 2024–25 on (2023–24 has no prior year). Under 2,275 students a district, each keeps one
 * elementary school, so the demo's schools are the same as with fewer students.
 */
const DEMO_STATE = { seed: 2026, students: 9000, studentsPerDistrict: 2250, firstSchoolYear: 2024, schoolYears: 3 };
const BATCH = 1000;

/** The school years the demo state has records of (Ed-Fi years, named by their spring). */
export const DEMO_SCHOOL_YEARS: readonly number[] = Array.from({ length: DEMO_STATE.schoolYears }, (_, index) => DEMO_STATE.firstSchoolYear + index);

/** The demo state's first district (255901): the demo school, district and producer are its own. */
export function demoDistrict(): SyntheticDistrict {
  return stateLayout(DEMO_STATE.seed, DEMO_STATE.students, DEMO_STATE.studentsPerDistrict).districts.find((district) => district.districtId === FIRST_DISTRICT_ID)!;
}

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

/**
 * The demo's public indicators, computed and released as a steward would (each release audited
 * under `npm-start`), so the public pages show real numbers, small groups withheld. The demo's
 * state names its summative assessments so; a real state configures its own. The SGP cohort
 * minimum is the worker's (LANTERN_SGP_MINIMUM_COHORT), so a steward's run of the same records is the same run.
 */
export async function releaseDemoOutcomes(dataSource: DataSource, environment: Record<string, string | undefined> = process.env): Promise<string[]> {
  const { ela, math } = SYNTHETIC_DESCRIPTORS.SUMMATIVE_ASSESSMENTS;
  const { LANTERN_SGP_MINIMUM_COHORT } = loadSettings(OUTCOMES_SETTINGS, environment);
  const job = new OutcomesJob(dataSource, { assessmentSubjects: { [ela]: 'ela', [math]: 'math' }, sgpMinimumCohort: LANTERN_SGP_MINIMUM_COHORT });
  const store = new IndicatorStore(dataSource);
  const lines: string[] = [];
  for (const year of DEMO_SCHOOL_YEARS) {
    const run = await job.run(year);
    await store.release(run.runId, 'npm-start', new AuditLog(dataSource));
    lines.push(`outcomes ${year}: ${run.published} values published, ${run.suppressed} withheld or coded (run ${run.runId}, released)`);
  }
  return lines;
}
