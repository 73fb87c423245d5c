import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The outcomes job's results (issue 14): runs of a school year from one snapshot, their indicator
 * values as computed and as published, steward requests for runs, and releases. A run is
 * identified by its school year and the fingerprint of its results, so computing the same
 * snapshot again stores nothing; the public reads only the runs a release names.
 */
export class OutcomeIndicators1765800000000 implements MigrationInterface {
  name = 'OutcomeIndicators1765800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE outcome_run (
        id              bigserial   PRIMARY KEY,
        school_year     smallint    NOT NULL,
        snapshot_at     timestamptz NOT NULL,
        records_through bigint      NOT NULL,
        fingerprint     text        NOT NULL,
        students        integer     NOT NULL,
        input_counts    jsonb       NOT NULL,
        value_count     integer     NOT NULL,
        published_count integer     NOT NULL,
        suppressed_count integer    NOT NULL,
        computed_at     timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT outcome_run_same_results_once UNIQUE (school_year, fingerprint)
      )`);
    await queryRunner.query(`
      CREATE TABLE outcome_value (
        run_id          bigint  NOT NULL REFERENCES outcome_run (id) ON DELETE CASCADE,
        indicator       text    NOT NULL,
        level           text    NOT NULL CHECK (level IN ('school', 'district', 'state')),
        organisation_id text    NOT NULL,
        student_group   text    NOT NULL,
        kind            text    NOT NULL,
        -- As computed: never served to the public.
        value           float8,
        numerator       float8,
        n               integer NOT NULL,
        input_counts    jsonb   NOT NULL,
        -- As disclosure control publishes it: a withheld n or value is NULL with its reason; a coded rate is a bound.
        published_n     integer,
        published_value float8,
        coded           text    CHECK (coded IN ('at-least', 'at-most')),
        reason          text,
        PRIMARY KEY (run_id, indicator, level, organisation_id, student_group)
      )`);
    await queryRunner.query(`CREATE INDEX outcome_value_by_organisation ON outcome_value (run_id, level, organisation_id)`);
    await queryRunner.query(`
      CREATE TABLE outcome_plan_goal (
        run_id         bigint NOT NULL REFERENCES outcome_run (id) ON DELETE CASCADE,
        school_id      text   NOT NULL,
        goal_id        text   NOT NULL,
        goal           jsonb  NOT NULL,
        latest         jsonb,
        status         text   NOT NULL,
        PRIMARY KEY (run_id, school_id, goal_id)
      )`);
    await queryRunner.query(`
      CREATE TABLE outcome_run_request (
        id            bigserial   PRIMARY KEY,
        school_year   smallint    NOT NULL,
        requested_by  text        NOT NULL,
        requested_at  timestamptz NOT NULL DEFAULT now(),
        status        text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'running', 'done', 'failed')),
        claimed_until timestamptz,
        run_id        bigint      REFERENCES outcome_run (id),
        failure       text
      )`);
    await queryRunner.query(`CREATE INDEX outcome_run_request_waiting ON outcome_run_request (id) WHERE status IN ('pending', 'running')`);
    await queryRunner.query(`
      CREATE TABLE outcome_release (
        id          bigserial   PRIMARY KEY,
        school_year smallint    NOT NULL,
        run_id      bigint      NOT NULL REFERENCES outcome_run (id),
        approved_by text        NOT NULL,
        approved_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX outcome_release_latest ON outcome_release (school_year, id DESC)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['outcome_release', 'outcome_run_request', 'outcome_plan_goal', 'outcome_value', 'outcome_run']) await queryRunner.query(`DROP TABLE ${table}`);
  }
}
