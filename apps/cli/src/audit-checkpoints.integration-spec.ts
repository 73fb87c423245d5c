import { AUDIT_CHECKPOINT_TOPIC, AuditCheckpointSigner, AuditLog, checkpointKeyId, openAuditCheckpoint, type AuditCheckpoint } from '@lantern/audit';
import { connectProducer, createKafka, ensureTopics, readTopicToEnd } from '@lantern/kafka';
import {
  createMigratedTestDatabase,
  eventually,
  type HubServiceProcess,
  lanternStateDir,
  type MigratedTestDatabase,
  startHubWorker,
  testKafka,
  testKafkaEnvironment,
  testTopicPrefix,
} from '@lantern/test-environment';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { runLantern } from './testing/run-lantern';

const SOON = { timeoutMs: 60_000, intervalMs: 250 };

/**
 * The worker (as its own process, as deployed) checkpoints the audit log's head to Kafka, signed
 * with its checkpoint key; `lantern audit verify --checkpoints` holds the database to those
 * checkpoints, as an auditor would, trusting only the key's public half.
 */
describe('audit checkpoints: the worker publishes them, audit verify --checkpoints holds the log to them', () => {
  let database: MigratedTestDatabase;
  let dataSource: DataSource;
  let auditLog: AuditLog;
  let worker: HubServiceProcess;
  let workDir: string;
  let publicKeyFile: string;
  const prefix = testTopicPrefix();
  const workerLogName = `audit-checkpoints-test-worker-${prefix}`;
  const topic = prefix + AUDIT_CHECKPOINT_TOPIC;
  const kafka = createKafka(testKafka(), 'audit-checkpoints-test');
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');

  const verifyWithCheckpoints = (keyFile = publicKeyFile, topicPrefix = prefix) =>
    runLantern(['audit', 'verify', '--checkpoints', '--checkpoint-key', keyFile], {
      DATABASE_URL: database.url,
      ...testKafkaEnvironment(),
      LANTERN_TOPIC_PREFIX: topicPrefix,
    });
  const escaped = (text: string) => text.replaceAll('.', '\\.');

  /** The checkpoints on the topic that the worker's key signed. */
  const publishedCheckpoints = async (): Promise<AuditCheckpoint[]> =>
    (await readTopicToEnd(kafka, topic, 'audit-checkpoints-test'))
      .map((message) => openAuditCheckpoint(message.value, publicKey))
      .flatMap((opened) => ('checkpoint' in opened ? [opened.checkpoint] : []));

  const head = async () => (await dataSource.query('SELECT id::text AS id, hash FROM audit_entry ORDER BY id DESC LIMIT 1'))[0] as { id: string; hash: string };
  const appendLogins = async (count: number) => {
    for (let n = 1; n <= count; n++) await auditLog.append({ kind: 'login', actor: `client-${n}`, details: { authenticatedBy: 'client-secret' } });
  };
  const untilCheckpointed = async (entry: { id: string; hash: string }) =>
    eventually(async () => expect(await publishedCheckpoints()).toContainEqual(expect.objectContaining({ seq: entry.id, hash: entry.hash })), SOON);

  /** As an attacker with the owner's rights would: around the append-only trigger. */
  const tamper = (sql: string) =>
    database.owner.transaction(async (manager) => {
      await manager.query('ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_append_only');
      await manager.query(sql);
      await manager.query('ALTER TABLE audit_entry ENABLE TRIGGER audit_entry_append_only');
    });

  beforeAll(async () => {
    database = await createMigratedTestDatabase({ poolSize: 2 });
    dataSource = database.dataSource;
    auditLog = new AuditLog(dataSource);
    workDir = await mkdtemp(path.join(tmpdir(), 'lantern-audit-checkpoints-'));
    publicKeyFile = path.join(workDir, 'checkpoint-key.pub.pem');
    await writeFile(publicKeyFile, publicKey.export({ type: 'spki', format: 'pem' }));
    await appendLogins(3);
    worker = await startHubWorker(
      {
        DATABASE_URL: database.url,
        ...testKafkaEnvironment(),
        LANTERN_TOPIC_PREFIX: prefix,
        LANTERN_DEV_EPHEMERAL_KEYS: 'true',
        LANTERN_AUDIT_CHECKPOINT_KEY_PEM: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
        LANTERN_AUDIT_CHECKPOINT_SECONDS: '1',
      },
      workerLogName,
    );
  }, 120_000);

  afterAll(async () => {
    await worker?.stop();
    await database?.drop();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  it('checkpoints the head each time it moves, and verify proves the log contains every checkpoint', async () => {
    await untilCheckpointed(await head());
    await appendLogins(2);
    const moved = await head();
    await untilCheckpointed(moved);
    const run = await verifyWithCheckpoints();
    expect(run.code).toBe(0);
    // The Kafka client library may print a Node warning (TimeoutNegativeWarning on Node 24); no problem of ours is printed.
    expect(run.stderr).not.toContain('lantern audit verify:');
    expect(run.stdout).toContain(`(head: entry ${moved.id}, sha256 ${moved.hash})\n`);
    expect(run.stdout).toMatch(new RegExp(`contains all \\d+ signed checkpoints on ${escaped(topic)}; the latest: entry ${moved.id}, sha256 ${moved.hash}, at `));
  }, 120_000);

  it('fails on a checkpoint signed by any other key, and without a trusted key', async () => {
    // A topic of its own, beside a good checkpoint of the intact log: only the forgery can fail the run.
    const forgedPrefix = `${prefix}forged.`;
    const { id, hash } = await head();
    const forger = AuditCheckpointSigner.ephemeral();
    const producer = await connectProducer(kafka);
    try {
      await ensureTopics(kafka, [{ topic: forgedPrefix + AUDIT_CHECKPOINT_TOPIC, numPartitions: 1 }]);
      const at = new Date().toISOString();
      const messages = [new AuditCheckpointSigner(privateKey).message({ seq: id, hash, at }), forger.message({ seq: id, hash, at })];
      await producer.send({ topic: forgedPrefix + AUDIT_CHECKPOINT_TOPIC, messages });
    } finally {
      await producer.disconnect();
    }
    const run = await verifyWithCheckpoints(publicKeyFile, forgedPrefix);
    expect(run.code).toBe(1);
    expect(run.stderr.split('\n').filter((line) => line.startsWith('lantern audit verify:'))).toHaveLength(1);
    expect(run.stderr).toMatch(
      new RegExp(
        `^lantern audit verify: the message at offset 1 of ${escaped(forgedPrefix + AUDIT_CHECKPOINT_TOPIC)} \\(entry ${id}\\) is not signed by the trusted checkpoint key ${checkpointKeyId(publicKey)} \\(it names key ${forger.keyId}\\)$`,
        'm',
      ),
    );
    expect(run.stdout).toContain(`audit chain intact`);
    const withoutKey = await runLantern(['audit', 'verify', '--checkpoints'], { DATABASE_URL: database.url, ...testKafkaEnvironment() });
    expect(withoutKey.code).toBe(2);
    expect(withoutKey.stderr).toContain('--checkpoints and --checkpoint-key <public key file> go together');
  }, 120_000);

  it('fails, naming the checkpoint, when the owner cuts the tail below it, even after the log goes on and is checkpointed again', async () => {
    const checkpointed = await head();
    await untilCheckpointed(checkpointed);
    await tamper(`DELETE FROM audit_entry WHERE id >= ${checkpointed.id}`);
    await appendLogins(3);
    // The worker checkpoints the cut log's new head too: that must not hide the earlier checkpoint.
    await untilCheckpointed(await head());
    // And the worker, which last checkpointed the entry now gone, raises an error line to alert on.
    const workerLog = async () =>
      (await readFile(lanternStateDir('logs', `${workerLogName}.log`), 'utf8'))
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line));
    const alert = { level: 50, checkpoint: checkpointed, msg: expect.stringContaining('the audit log no longer contains the last checkpoint this worker published') };
    await eventually(async () => expect(await workerLog()).toContainEqual(expect.objectContaining(alert)), SOON);
    const run = await verifyWithCheckpoints();
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      new RegExp(
        `audit chain broken at entry ${checkpointed.id} \\(rewritten\\): the checkpoint of \\S+ \\(entry ${checkpointed.id}, sha256 ${checkpointed.hash}\\) is not in the log: the log has no entry ${checkpointed.id} though it goes on past it`,
      ),
    );
  }, 120_000);
});
