import { flag, instant, list, nullable, object, oneOfText, refTo, text, whole } from '../openapi/schema-builders';

// OpenAPI components of the stewards' outcomes routes (libs/outcomes-store answers them).

const REQUEST_STATUSES = ['pending', 'running', 'done', 'failed'];
const schoolYear = whole(2025, { description: 'By its spring (2025 = 2024–25)' });

export const OUTCOMES_SCHEMAS = {
  OutcomesRunRequest: object({ schoolYear: whole(2025, { minimum: 2000, maximum: 2099, description: 'By its spring (2025 = 2024–25)' }) }),
  OutcomesRunRequested: object({ requestId: text('7'), schoolYear, status: oneOfText(REQUEST_STATUSES) }),
  OutcomesRunRequestStatus: object({
    requestId: text('7'),
    schoolYear,
    status: oneOfText(REQUEST_STATUSES, 'done'),
    runId: nullable(text('12', { description: 'Once done' })),
    failure: nullable(text(null, { description: 'Why it failed, when it did' })),
  }),
  OutcomesRuns: list(
    object({
      runId: text('12'),
      schoolYear,
      snapshotAt: instant('2026-07-01T02:00:00.000Z', { description: 'The database snapshot the run read' }),
      recordsThrough: instant('2026-06-30T23:59:59.000Z'),
      students: whole(48210),
      inputs: {
        type: 'object',
        additionalProperties: whole(0),
        example: { 'edfi.studentSchoolAssociation': 51034, sgpMinimumCohort: 500 },
        description: 'Records read, per contract, and the parameters the results depend on (sgpMinimumCohort: the smallest grade × subject cohort given growth percentiles)',
      },
      values: whole(18244),
      published: whole(15870),
      suppressed: whole(2374),
      computedAt: instant('2026-07-01T02:04:11.000Z'),
      released: flag(true, { description: 'Whether this run is the released one for its school year' }),
    }),
  ),
  OutcomesRelease: object({ releaseId: text('3'), schoolYear, runId: text('12') }),
};

export const outcomesSchema = refTo(OUTCOMES_SCHEMAS);
