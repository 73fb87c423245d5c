import type { SchemaObject } from '@nestjs/swagger';
import { FLAG_STATUS_CODES } from '@lantern/care-notices';
import { contractRecordSchema } from '../openapi/contract-schemas';
import { day, instant, list, nullable, object, oneOfText, refTo, text, whole } from '../openapi/schema-builders';

// OpenAPI components of the Handle with Care routes: the flag is the partner.careFlag contract
// (what POST /care/flags validates), the answers libs/care-notices' shapes.

const NOTICE_STATUSES = ['delivered', 'revoked', 'acknowledged', 'escalated', 'corrected', 'expired'];
const noticeTimes = {
  issuedAt: instant('2026-03-14T22:45:00.000Z'),
  dueBy: instant('2026-03-16T12:00:00.000Z', { description: 'Escalated to the district contact when not acknowledged by then' }),
  expiresAt: instant('2026-03-28T05:00:00.000Z'),
  acknowledgedAt: nullable(instant(null)),
  escalatedAt: nullable(instant(null)),
};
const count: SchemaObject = { oneOf: [{ type: 'integer' }, { type: 'string', enum: ['*'] }], example: 14, description: "A count, or '*' when withheld" };

const FLAG_SUMMARY = {
  agencyId: text('county-sheriff'),
  flagId: text('HWC-2025-000417'),
  version: whole(1, { description: 'Each correction adds one' }),
  status: oneOfText(FLAG_STATUS_CODES),
  localPersonId: text('CS-88213', { description: 'The agency’s own id for the child; the hub keeps no name or birth date from a flag' }),
  agencyType: nullable(text('law-enforcement')),
  eventDate: day('2026-03-14'),
  expiresOn: nullable(text(null, { format: 'date', description: 'The last day its notices stay in the inbox, when the agency set one' })),
  receivedAt: instant('2026-03-14T22:45:00.000Z', { description: 'When the flag was first issued' }),
  updatedAt: instant('2026-03-14T22:45:00.000Z', { description: 'When it was last corrected, revoked or delivered' }),
};
const FLAG_STATUS = object({
  ...FLAG_SUMMARY,
  message: text('Delivered to 1 school.'),
  notices: list(object({ noticeId: text('311'), status: oneOfText(NOTICE_STATUSES), ...noticeTimes, closedAt: nullable(instant(null)) }), {
    description: 'Nothing about the school: which school a child attends is not the agency’s to know',
  }),
});
const NOTICE = object({
  noticeId: text('311'),
  words: oneOfText(['Handle with Care']),
  student: object({ firstName: nullable(text('Lucia')), lastSurname: nullable(text('Reyes-Okafor')), studentUniqueId: nullable(text('S-100')) }),
  schoolId: text('255901001'),
  agencyType: nullable(text(null, { description: 'Only where the agreement allows partner.careFlag.agencyType' })),
  ...noticeTimes,
});

export const CARE_SCHEMAS = {
  CareFlag: contractRecordSchema('partner.careFlag'),
  CareFlagStatus: FLAG_STATUS,
  CareFlagList: object({
    page: whole(1),
    pageSize: whole(20),
    total: whole(1, { description: 'Flags matching the filter, over all pages' }),
    flags: list(object(FLAG_SUMMARY)),
  }),
  CareInbox: object({ organizationId: text('255901001'), notices: list(NOTICE) }),
  CareNotice: NOTICE,
  CareFlagsPerDistrictMonth: object({
    suppressionRule: text("counts from 1 to 10 are withheld ('*'), with complementary suppression so no withheld count follows from the totals"),
    table: object({
      title: text('Handle with Care flags per district per month'),
      rowLabels: list(text('255901'), { example: ['255901', '255902'] }),
      columnLabels: list(text('2026-03'), { example: ['2026-02', '2026-03'] }),
      cells: list(list(count), {
        example: [
          [14, '*'],
          [22, '*'],
        ],
      }),
      rowTotals: list(count, { example: [19, 30] }),
      columnTotals: list(count, { example: [36, 13] }),
      grandTotal: count,
      report: object(
        {
          title: text('Handle with Care flags per district per month'),
          shape: text('2 × 2'),
          threshold: whole(11),
          counts: whole(4),
          suppressedCounts: whole(2),
          singleCellLines: oneOfText(['suppress', 'release'], 'suppress'),
          withheldLines: list(text('255902'), { example: [] }),
        },
        { optional: ['singleCellLines', 'withheldLines'], description: 'What was withheld and why (libs/disclosure-control)' },
      ),
    }),
  }),
  SchoolCalendar: object({ organizationId: text('255901001'), nonSchoolDays: list(day('2026-11-26'), { example: ['2026-11-26', '2026-11-27'] }) }),
  SchoolCalendarDays: object({ nonSchoolDays: list(day('2026-11-26'), { example: ['2026-11-26', '2026-11-27'] }) }),
  NoticeReaderLogin: object({
    organizationId: text('255901001'),
    username: text('notices-255901001', { description: 'SASL/SCRAM-SHA-512 over TLS' }),
    password: text('Jm2w…', { description: 'Shown once' }),
    topic: text('hub.care-notices.v1.255901001', { description: 'The one topic it may read' }),
    groupPrefix: text('notices-255901001.', { description: 'Its consumer group ids must start with this' }),
  }),
};

export const careSchema = refTo(CARE_SCHEMAS);
