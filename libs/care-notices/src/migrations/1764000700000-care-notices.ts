import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Handle with Care (issue 7, ADR 0009): agencies' flags, the notices the hub made from them
 * (one per school of current enrolment), an outbox of notice events for the per-organisation
 * Kafka topics, and the non-school days of school calendars. A flag keeps no name or birth
 * date (the crosswalk has the person); a notice keeps the student's name and school id only
 * until it closes, when they are purged and only ids, times and statuses stay.
 */
export class CareNotices1764000700000 implements MigrationInterface {
  name = 'CareNotices1764000700000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE care_flag (
        id              uuid        PRIMARY KEY,
        agency_id       text        NOT NULL,
        flag_id         text        NOT NULL,
        -- Each correction is a new version; its notices replace the earlier version's.
        version         integer     NOT NULL CHECK (version >= 1),
        content_hash    text        NOT NULL,
        source_system   text        NOT NULL,
        local_person_id text        NOT NULL,
        agency_type     text,
        event_date      date        NOT NULL,
        expires_on      date,
        sid             text,
        status          text        NOT NULL CHECK (status IN ('delivered', 'not-delivered', 'no-current-enrolment', 'identity-review', 'identity-unknown', 'revoked')),
        received_by     text        NOT NULL,
        received_at     timestamptz NOT NULL,
        updated_at      timestamptz NOT NULL,
        UNIQUE (agency_id, flag_id)
      )`);
    await queryRunner.query(`
      CREATE TABLE care_notice (
        id                bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        flag              uuid        NOT NULL REFERENCES care_flag (id),
        flag_version      integer     NOT NULL,
        sid               text        NOT NULL,
        school_id         text        NOT NULL,
        district_id       text        NOT NULL,
        student_unique_id text,
        first_name        text,
        last_surname      text,
        agency_type       text,
        issued_at         timestamptz NOT NULL,
        due_by            timestamptz NOT NULL,
        escalate_at       timestamptz NOT NULL,
        expires_at        timestamptz NOT NULL,
        acknowledged_at   timestamptz,
        acknowledged_by   text,
        escalated_at      timestamptz,
        closed_at         timestamptz,
        closed_because    text        CHECK (closed_because IN ('revoked', 'corrected', 'expired')),
        decision_id       uuid        NOT NULL,
        disclosure_id     bigint      NOT NULL REFERENCES disclosure (id),
        CHECK ((closed_at IS NULL) = (closed_because IS NULL)),
        -- A closed notice keeps no personal data.
        CHECK (closed_at IS NULL OR (student_unique_id IS NULL AND first_name IS NULL AND last_surname IS NULL))
      )`);
    await queryRunner.query(`CREATE INDEX care_notice_open_by_school ON care_notice (school_id, id) WHERE closed_at IS NULL`);
    await queryRunner.query(`CREATE INDEX care_notice_open_by_district ON care_notice (district_id, id) WHERE closed_at IS NULL`);
    await queryRunner.query(`CREATE INDEX care_notice_by_flag ON care_notice (flag)`);
    await queryRunner.query(`CREATE INDEX care_notice_to_escalate ON care_notice (escalate_at) WHERE closed_at IS NULL AND acknowledged_at IS NULL AND escalated_at IS NULL`);
    await queryRunner.query(`CREATE INDEX care_notice_to_expire ON care_notice (expires_at) WHERE closed_at IS NULL`);
    await queryRunner.query(`CREATE INDEX care_notice_by_month ON care_notice (issued_at)`);
    // Transactional outbox: written with the change, published to hub.care-notices.v1.<organization> after commit.
    await queryRunner.query(`
      CREATE TABLE care_notice_event (
        id              bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        notice_id       bigint      NOT NULL REFERENCES care_notice (id),
        organization_id text        NOT NULL,
        type            text        NOT NULL CHECK (type IN ('issued', 'revoked', 'expired', 'escalated')),
        created_at      timestamptz NOT NULL DEFAULT now(),
        published_at    timestamptz
      )`);
    await queryRunner.query(`CREATE INDEX care_notice_event_unpublished ON care_notice_event (id) WHERE published_at IS NULL`);
    await queryRunner.query(`
      CREATE TABLE care_calendar_day (
        organization_id text NOT NULL,
        day             date NOT NULL,
        PRIMARY KEY (organization_id, day)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['care_calendar_day', 'care_notice_event', 'care_notice', 'care_flag']) await queryRunner.query(`DROP TABLE ${table}`);
  }
}
