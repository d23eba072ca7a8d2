#!/usr/bin/env node
// n8n in queue mode with our node, proven in real n8n (the pinned 2.41.1): Redis and PostgreSQL from
// Debian's packages, started by this test on free ports in temporary folders; a main `n8n start` and two
// `n8n worker` processes sharing them (EXECUTIONS_MODE=queue, one N8N_ENCRYPTION_KEY, DB_TYPE=postgresdb;
// binary data then defaults to the database, which every process reads). A webhook workflow turns each
// request into a file, uploads it with the 1fichier node, describes it and asks for its download link; many
// requests at once spread over both workers, against the sandbox at its default profile and limits.
//
// The node cannot see the other workers (verified nodes use n8n's helpers only), so the credential's
// "Processes Sharing This Key" divides the pace. Two runs: the setting at 2 (the workers) must end with 0
// flood locks; at 1 the run must still finish, every file uploaded once, with few locks. Both counts are
// printed (and written with --json FILE for `pnpm bench`). Checks in named groups (scripts/lib/checks.mjs).
//
//   node test/e2e/n8n/queue.mjs [--keep] [--json results.json] [--executions N (default 16)]
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loopbackN8nEnv, n8nBin, node24Bin } from '../../../scripts/lib/n8n.mjs';
import { ensureDebianPackages } from '../../../scripts/lib/tools.mjs';
import {
  buildPackages,
  chain,
  coreClient,
  ensureN8nInstalled,
  loadSandbox,
  n8n,
  nodePackageDir,
  rl,
  stopProcess,
  workflowBuilder,
} from './lib.mjs';
import { freePort, until } from '../../../scripts/lib/wait.mjs';
import { QUEUE_MODE_PACKAGES, startPostgres, startRedis } from './services.mjs';
import { assert, createChecks } from '../../../scripts/lib/checks.mjs';

const { values: argv } = parseArgs({
  options: { keep: { type: 'boolean' }, json: { type: 'string' }, executions: { type: 'string' } },
  strict: true,
});
// 16 by default keeps the test stage near 6 minutes; `pnpm bench` runs 24.
const EXECUTIONS = Number(argv.executions ?? 16);
const WORKERS = 2;
const figures = {};

const { record, check, group, finish: finishChecks } = createChecks({ stage: 'e2e-n8n-queue' });
function finish(code, options) {
  if (argv.json) writeFileSync(argv.json, `${JSON.stringify(figures, null, 2)}\n`);
  finishChecks(code, options);
}

const CRED = { id: 'queueOneFichier1', name: '1fichier sandbox (queue mode)' };
const WEBHOOK_PATH = 'onefichier-queue-upload';

/**
 * Webhook (answers with the last node's output) → text to file → 1fichier Upload → Get Info → Set Attributes
 * (a description) → Get Info → Get Link: seven 1fichier calls per execution (get_upload_server, upload.cgi,
 * end.pl, file/info, file/chattr, file/info, get_token), enough for two workers at full pace to overdraw the
 * IP's bucket.
 */
function uploadWorkflow(folderId) {
  const { node, ours } = workflowBuilder(CRED);
  const byUrl = rl('url', '={{ $json.url }}');
  return chain('queueUploadFlow1', '1fichier queue mode: upload and link', [
    node(
      'Webhook',
      'n8n-nodes-base.webhook',
      { httpMethod: 'POST', path: WEBHOOK_PATH, responseMode: 'lastNode', responseData: 'firstEntryJson', options: {} },
      { typeVersion: 2, webhookId: '10000000-0000-4000-8000-0000000000aa' },
    ),
    node(
      'To File',
      'n8n-nodes-base.convertToFile',
      { operation: 'toText', sourceProperty: 'body.content', binaryPropertyName: 'data', options: { fileName: '={{ $json.body.name }}' } },
      { typeVersion: 1.1 },
    ),
    ours('Upload', {
      resource: 'file',
      operation: 'upload',
      binaryPropertyName: 'data',
      folder: rl('id', String(folderId)),
      fileName: '',
      options: {},
    }),
    ours('Get Info', { resource: 'file', operation: 'getInfo', file: byUrl, options: {} }),
    ours('Describe', {
      resource: 'file',
      operation: 'setAttributes',
      file: byUrl,
      attributes: { description: "={{ 'queue mode: ' + $('Webhook').item.json.body.name }}" },
    }),
    ours('Check Info', { resource: 'file', operation: 'getInfo', file: byUrl, options: {} }),
    ours('Get Link', { resource: 'file', operation: 'getLink', file: byUrl, options: {} }),
  ]);
}

/** The environment of every n8n process of the run: queue mode on our Redis and PostgreSQL, its own user folder and ports. */
async function queueEnv(work, name, { redis, postgres }) {
  const userFolder = join(work, `n8n-${name}`);
  mkdirSync(userFolder, { recursive: true });
  const env = {
    ...process.env,
    ...loopbackN8nEnv({ userFolder, extensions: join(nodePackageDir, 'dist'), port: await freePort(), brokerPort: await freePort() }),
    N8N_ENCRYPTION_KEY: 'e2e-onefichier-queue-encryption-key',
    EXECUTIONS_MODE: 'queue',
    QUEUE_BULL_REDIS_HOST: '127.0.0.1',
    QUEUE_BULL_REDIS_PORT: String(redis.port),
    DB_TYPE: 'postgresdb',
    DB_POSTGRESDB_HOST: '127.0.0.1',
    DB_POSTGRESDB_PORT: String(postgres.port),
    DB_POSTGRESDB_DATABASE: postgres.database,
    DB_POSTGRESDB_USER: postgres.user,
    DB_POSTGRESDB_PASSWORD: '',
    N8N_LOG_LEVEL: 'info',
    N8N_USE_WORKFLOW_PUBLICATION_SERVICE: 'false',
    EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all',
    NODE_OPTIONS: '',
  };
  // Binary data: n8n's queue-mode default (the shared database), not the filesystem mode of other runs.
  delete env.N8N_DEFAULT_BINARY_DATA_MODE;
  return env;
}

/** A long-running n8n process (`start` or `worker`), its output in a log; resolves once `ready` matches the log. */
async function startProcess(args, env, logFile, ready, timeoutMs = 120_000) {
  const log = createWriteStream(logFile);
  const child = spawn(join(node24Bin(), 'node'), [n8nBin(), ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let seen = '';
  const onData = (c) => {
    log.write(c);
    seen = (seen + c.toString()).slice(-20_000);
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  try {
    await until(`n8n ${args[0]} to be ready`, () => ready(seen), { timeoutMs, intervalMs: 500, isAlive: () => child.exitCode === null });
  } catch (err) {
    child.kill('SIGKILL');
    throw new Error(`${err.message}; see ${logFile}`);
  }
  return child;
}

async function healthy(port) {
  try {
    return (await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(2000) })).ok;
  } catch {
    return false;
  }
}

/**
 * One run: the credential with the setting, the main process and the workers started, `EXECUTIONS` webhook
 * requests at once, then the processes stopped. Returns what the sandbox saw.
 */
async function runWith(setting, ctx) {
  const { work, sandbox, services } = ctx;
  const mainEnv = await queueEnv(work, `main-${setting}`, services);
  writeFileSync(
    join(work, 'credentials.json'),
    JSON.stringify([
      { ...CRED, type: 'oneFichierApi', data: { apiKey: sandbox.premiumKey, baseUrl: sandbox.apiBaseUrl, processesSharingKey: setting } },
    ]),
  );
  const imported = await n8n(['import:credentials', `--input=${join(work, 'credentials.json')}`], mainEnv);
  assert(imported.code === 0, `import:credentials: exit ${imported.code}: ${(imported.stderr || imported.stdout).slice(-400)}`);

  const processes = [];
  try {
    const main = await startProcess(['start'], mainEnv, join(work, `main-${setting}.log`), () => healthy(mainEnv.N8N_PORT));
    processes.push(main);
    for (let w = 1; w <= WORKERS; w++) {
      const env = await queueEnv(work, `worker${w}-${setting}`, services);
      processes.push(
        await startProcess(['worker', '--concurrency=8'], env, join(work, `worker${w}-${setting}.log`), (seen) =>
          /n8n worker is now ready|Worker ready|ready to process/i.test(seen),
        ),
      );
    }
    sandbox.clearLocks();
    const before = sandbox.state();
    const floodsBefore = before.floods;
    const refusedBefore = before.refusedWhileLocked;
    const started = Date.now();
    const answers = await Promise.all(
      Array.from({ length: EXECUTIONS }, async (_, i) => {
        const name = `queue-${setting}-${String(i).padStart(2, '0')}.txt`;
        const res = await fetch(`http://127.0.0.1:${mainEnv.N8N_PORT}/webhook/${WEBHOOK_PATH}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ name, content: `file ${i} of the queue-mode run with the setting at ${setting}` }),
          signal: AbortSignal.timeout(900_000),
        });
        const text = await res.text();
        return { name, status: res.status, body: text };
      }),
    );
    const seconds = (Date.now() - started) / 1000;
    const after = sandbox.state();
    const workerLogs = [1, 2].map((w) => readFileSync(join(work, `worker${w}-${setting}.log`), 'utf8'));
    return {
      answers,
      seconds,
      floods: after.floods - floodsBefore,
      refused: after.refusedWhileLocked - refusedBefore,
      state: after,
      workerLogs,
    };
  } finally {
    for (const p of processes.reverse()) await stopProcess(p);
  }
}

/** Checks one run: every request answered with its file's link, each file stored once with its bytes. */
async function checkRun(setting, run, sandbox) {
  await check(`setting ${setting}: all ${EXECUTIONS} executions answered with an uploaded file and its link`, () => {
    const bad = run.answers.filter((a) => {
      if (a.status !== 200) return true;
      try {
        const j = JSON.parse(a.body);
        return !(typeof j.url === 'string' && typeof j.downloadUrl === 'string' && j.downloadUrl.startsWith(sandbox.downloadBaseUrl));
      } catch {
        return true;
      }
    });
    assert(bad.length === 0, `${bad.length} failed, first: ${bad[0]?.status} ${bad[0]?.body.slice(0, 300)}`);
    return `${run.seconds.toFixed(0)} s`;
  });
  await check(`setting ${setting}: each file is stored once, with its bytes; nothing lost, no duplicate`, () => {
    const prefix = `queue-${setting}-`;
    const stored = run.state.files.filter((f) => f.filename.startsWith(prefix));
    const names = new Set(stored.map((f) => f.filename));
    assert(stored.length === EXECUTIONS && names.size === EXECUTIONS, `${stored.length} files, ${names.size} names`);
    for (const a of run.answers) {
      const url = JSON.parse(a.body).url;
      const file = stored.find((f) => f.url === url);
      assert(file?.filename === a.name, `${a.name}: the answered URL is ${file ? `the file ${file.filename}` : 'not stored'}`);
      assert(file.description === `queue mode: ${a.name}`, `${a.name}: description ${JSON.stringify(file.description)}`);
    }
    assert(run.state.duplicates.files === 0, `duplicates: ${JSON.stringify(run.state.duplicates)}`);
  });
  await check(`setting ${setting}: both workers ran executions`, () => {
    const ran = run.workerLogs.map((l) => (l.match(/Worker started execution|started execution/gi) ?? []).length);
    assert(
      ran.every((n) => n > 0),
      `executions started per worker: ${ran.join(', ')}`,
    );
    return `executions started per worker: ${ran.join(', ')}`;
  });
}

/** n8n installed, the node and the sandbox built, Redis and PostgreSQL started, the workflow imported and published. */
async function setUp(ctx) {
  if (!(await check('n8n is installed (scripts/install-n8n.mjs, once)', () => ensureN8nInstalled('e2e-n8n-queue')))) finish(1);
  await ensureDebianPackages(QUEUE_MODE_PACKAGES);
  await check('build the node bundle and the sandbox', () => buildPackages());
  const { startSandbox } = loadSandbox();
  // The default profile at its default limits: 3 calls/s per IP, a bucket of 10, a 60 s lock.
  ctx.sandbox = await startSandbox({ dataDir: join(ctx.work, 'sandbox'), reset: true });
  ctx.redis = await startRedis(join(ctx.work, 'redis'));
  ctx.postgres = await startPostgres();
  ctx.services = { redis: ctx.redis, postgres: ctx.postgres };
  record('Redis and PostgreSQL (Debian) started on free ports', true, `redis ${ctx.redis.port}, postgres ${ctx.postgres.port}`);
  const { client } = coreClient(ctx.sandbox.premiumKey, ctx.sandbox.apiBaseUrl);
  ctx.folderId = (await client.createFolder('Queue', 0)).folderId;

  const setupEnv = await queueEnv(ctx.work, 'setup', ctx.services);
  const wf = uploadWorkflow(ctx.folderId);
  writeFileSync(join(ctx.work, 'workflow.json'), JSON.stringify(wf));
  return check('n8n imports and publishes the webhook workflow into PostgreSQL', async () => {
    const r = await n8n(['import:workflow', `--input=${join(ctx.work, 'workflow.json')}`], setupEnv, { timeoutMs: 300_000 });
    assert(r.code === 0, `import: exit ${r.code}: ${(r.stderr || r.stdout).slice(-400)}`);
    const p = await n8n(['publish:workflow', `--id=${wf.id}`], setupEnv);
    assert(p.code === 0, `publish: exit ${p.code}: ${(p.stderr || p.stdout).slice(-400)}`);
  });
}

/**
 * One setting of "Processes Sharing This Key": the run, its files, and its flood locks (none when the setting
 * counts the workers; a few at most when it does not).
 */
async function queueRunChecks(setting, ctx) {
  let run;
  const ran = await check(
    `setting ${setting}: ${EXECUTIONS} webhook executions at once on a main process and ${WORKERS} workers`,
    async () => {
      run = await runWith(setting, ctx);
    },
  );
  if (!ran) return;
  figures[`n8n_queue_flood_locks_setting_${setting}`] = run.floods;
  figures[`n8n_queue_seconds_setting_${setting}`] = Math.round(run.seconds);
  await checkRun(setting, run, ctx.sandbox);
  if (setting === WORKERS) {
    await check(`setting ${setting} (= the workers): no flood lock`, () => {
      assert(run.floods === 0, `${run.floods} flood lock(s), ${run.refused} calls refused during them`);
      return '0 flood locks';
    });
  } else {
    await check(`setting ${setting}: the run finishes with few flood locks (measured, at most 3)`, () => {
      assert(run.floods <= 3, `${run.floods} flood locks, ${run.refused} calls refused during them`);
      return `${run.floods} flood lock(s), ${run.refused} call(s) refused during them`;
    });
  }
}

async function main() {
  const ctx = { work: mkdtempSync(join(tmpdir(), 'e2e-n8n-queue-')) };
  try {
    const ready = await group('set-up: n8n, Redis, PostgreSQL and the webhook workflow', () => setUp(ctx));
    if (ready) {
      await group(`"Processes Sharing This Key" at ${WORKERS} (the workers)`, () => queueRunChecks(WORKERS, ctx));
      await group('"Processes Sharing This Key" at 1', () => queueRunChecks(1, ctx));
    }
  } finally {
    await ctx.redis?.stop();
    await ctx.postgres?.stop();
    await ctx.sandbox?.stop();
    if (!argv.keep) rmSync(ctx.work, { recursive: true, force: true });
    else process.stdout.write(`[e2e-n8n-queue] kept ${ctx.work}\n`);
  }
  finish();
}

main().catch((err) => finish(1, { crash: err }));
