import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The statewide identifier's persistent side: the crosswalk from each source's local person
 * id to a SID (with the identity attributes it was matched on, so the resolver's index can be
 * rebuilt), review tasks, and an outbox of identity events for Kafka. (This migration also
 * gave stored records their person column, which now belongs to `libs/records`: RecordPerson.)
 */
export class Identity1764000300000 implements MigrationInterface {
  name = 'Identity1764000300000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE identity_record (
        -- Assigned under the identity lock, so seq order is commit order: instances catch up by it.
        seq            bigserial   NOT NULL UNIQUE,
        source_system  text        NOT NULL,
        local_id       text        NOT NULL,
        person         jsonb       NOT NULL,
        sid            text        NOT NULL,
        -- The SID first given; a split can give it back after a merge moved the record away.
        original_sid   text        NOT NULL,
        decision       text        NOT NULL CHECK (decision IN ('link', 'new', 'review')),
        score          double precision,
        model_id       text        NOT NULL,
        created_at     timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (source_system, local_id)
      )`);
    // SID serials come from a sequence: never handed out twice, even when a transaction rolls back.
    await queryRunner.query(`CREATE SEQUENCE identity_sid_serial`);
    await queryRunner.query(`CREATE INDEX identity_record_by_sid ON identity_record (sid)`);
    await queryRunner.query(`CREATE INDEX identity_record_by_local_id ON identity_record (local_id)`);
    await queryRunner.query(`
      CREATE TABLE identity_review (
        id              bigserial   PRIMARY KEY,
        source_system   text        NOT NULL,
        local_id        text        NOT NULL,
        provisional_sid text        NOT NULL,
        reason          text        NOT NULL,
        candidates      jsonb       NOT NULL,
        status          text        NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'accepted', 'rejected')),
        created_at      timestamptz NOT NULL DEFAULT now(),
        decided_by      text,
        decided_at      timestamptz,
        FOREIGN KEY (source_system, local_id) REFERENCES identity_record (source_system, local_id)
      )`);
    // Steward decisions the resolver must honour: merged SIDs, "not the same person", and an
    // epoch that tells every ingest instance to rebuild its in-memory index after a change.
    await queryRunner.query(`
      CREATE TABLE identity_sid_alias (
        retired_sid text PRIMARY KEY,
        survivor_sid text NOT NULL,
        merged_by   text NOT NULL,
        merged_at   timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE identity_not_same (
        reference_a text NOT NULL,
        reference_b text NOT NULL,
        decided_by  text NOT NULL,
        decided_at  timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (reference_a, reference_b)
      )`);
    await queryRunner.query(`CREATE TABLE identity_epoch (epoch bigint NOT NULL)`);
    await queryRunner.query(`INSERT INTO identity_epoch VALUES (0)`);
    await queryRunner.query(`CREATE INDEX identity_review_open ON identity_review (created_at) WHERE status = 'open'`);
    await queryRunner.query(`
      CREATE TABLE identity_event (
        id           bigserial   PRIMARY KEY,
        type         text        NOT NULL,
        sid          text        NOT NULL,
        payload      jsonb       NOT NULL,
        created_at   timestamptz NOT NULL DEFAULT now(),
        published_at timestamptz
      )`);
    await queryRunner.query(`CREATE INDEX identity_event_unpublished ON identity_event (id) WHERE published_at IS NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE identity_event`);
    await queryRunner.query(`DROP TABLE identity_epoch`);
    await queryRunner.query(`DROP TABLE identity_not_same`);
    await queryRunner.query(`DROP TABLE identity_sid_alias`);
    await queryRunner.query(`DROP TABLE identity_review`);
    await queryRunner.query(`DROP TABLE identity_record`);
    await queryRunner.query(`DROP SEQUENCE identity_sid_serial`);
  }
}
