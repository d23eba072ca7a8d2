#!/usr/bin/env node
// End-to-end test of `pnpm start`: starts the whole playground on free ports with its own temporary data,
// checks that the sandbox, n8n (sign-in, the example workflow) and VS Code (sign-in, the extension, its
// setting) answer, sends Ctrl-C (SIGINT) and checks that no process is left and no port still listens.
// Then checks that the sandbox keeps its data between runs and that --reset wipes it.
// Checks in named groups (scripts/lib/checks.mjs). All traffic goes to 127.0.0.1.
//
//   node test/e2e/start/run.mjs [--keep] [--screenshots]
//     --keep         leave the temporary folders for inspection
//     --screenshots  also copy the two UI screenshots to docs/screenshots/ (the README's pictures)
import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import {
  copyFileSync,
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { requestJson } from '../../../scripts/lib/http.mjs';
import { canBind } from '../../../scripts/lib/playground/net.mjs';
import { freePort, isListening, sleep, until } from '../../../scripts/lib/wait.mjs';
import {
  BACKUP_FILES,
  BACKUP_TRIGGER,
  BACKUP_UPLOAD_NODE,
  BACKUP_WORKFLOW_ID,
  EXAMPLE_WORKFLOW_ID,
} from '../../../scripts/lib/playground/n8n-example.mjs';
import { n8nInstallDir } from '../../../scripts/lib/n8n.mjs';
import { openVscode, runWorkflowInEditor } from './ui.mjs';
import { assert, createChecks } from '../../../scripts/lib/checks.mjs';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const keep = process.argv.includes('--keep');
const updateDocs = process.argv.includes('--screenshots');
/** First run installs n8n (about 7 minutes) and code-server, and builds everything. */
const READY_TIMEOUT_MS = 20 * 60_000;
const STOP_TIMEOUT_MS = 60_000;

const { record, check, group, finish } = createChecks({ stage: 'e2e-start' });

/** Free ports: the sandbox needs three in a row (API, upload node, download host), n8n two (editor, task broker). */
async function choosePorts() {
  const taken = new Set();
  const run = async (count) => {
    for (;;) {
      const base = await freePort();
      const range = Array.from({ length: count }, (_, i) => base + i);
      if (base + count - 1 > 65535 || range.some((p) => taken.has(p))) continue;
      if ((await Promise.all(range.slice(1).map((p) => canBind(p)))).every(Boolean)) {
        range.forEach((p) => taken.add(p));
        return base;
      }
    }
  };
  return { sandbox: await run(3), n8n: await run(2), vscode: await run(1) };
}

/** Runs start.mjs to completion (for the quick argument checks); returns code and output. */
function runStartQuick(args, env = {}, timeoutMs = 60_000) {
  const res = spawnSync(process.execPath, [join(repoRoot, 'scripts', 'start.mjs'), ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: timeoutMs,
    env: { ...process.env, ONEFICHIER_API_KEY: '', ...env },
  });
  return { code: res.status, out: `${res.stdout}${res.stderr}` };
}

/**
 * Starts `pnpm start` in its own process group, like a terminal would, with a marker in its environment
 * that every descendant inherits: after the stop, any process still carrying it was left behind.
 */
function startPlayground(args, logFile, extraEnv = {}) {
  const marker = randomUUID();
  const log = createWriteStream(logFile, { flags: 'a' });
  const child = spawn('pnpm', ['start', ...args], {
    cwd: repoRoot,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ONEFICHIER_API_KEY: '', ...extraEnv, ONEFICHIER_E2E_MARKER: marker, FORCE_COLOR: '0' },
  });
  const run = { child, marker, output: '', exited: false, code: null, signal: null };
  const onData = (chunk) => {
    run.output += chunk.toString('utf8');
    log.write(chunk);
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  run.exit = new Promise((r) =>
    child.on('exit', (code, signal) => {
      run.exited = true;
      run.code = code;
      run.signal = signal;
      log.end();
      r();
    }),
  );
  return run;
}

async function waitForOutput(run, pattern, timeoutMs) {
  try {
    await until(`pnpm start to print ${pattern}`, () => pattern.test(run.output), { timeoutMs, isAlive: () => !run.exited });
  } catch (err) {
    if (!run.exited) throw err;
    throw new Error(
      `pnpm start exited (${run.signal ?? run.code}) before printing ${pattern}; output ends with:\n${run.output.split('\n').slice(-25).join('\n')}`,
    );
  }
}

/** PIDs of live processes (other than this one) whose environment carries the marker. */
function processesWithMarker(marker) {
  const found = [];
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    if (Number(pid) === process.pid) continue;
    try {
      if (readFileSync(`/proc/${pid}/environ`, 'latin1').includes(`ONEFICHIER_E2E_MARKER=${marker}`)) {
        const cmd = readFileSync(`/proc/${pid}/cmdline`, 'latin1').replace(/\0/g, ' ').trim();
        found.push(`${pid} ${cmd.slice(0, 120)}`);
      }
    } catch {
      /* exited meanwhile, or not ours to read */
    }
  }
  return found;
}

/** True when any file under dir contains text. */
function grepTree(dir, text) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (grepTree(path, text)) return true;
      continue;
    }
    if (entry.isFile() && readFileSync(path, 'latin1').includes(text)) return true;
  }
  return false;
}

async function stopPlayground(run) {
  try {
    process.kill(-run.child.pid, 'SIGINT');
  } catch {
    /* already gone */
  }
  const timer = sleep(STOP_TIMEOUT_MS).then(() => 'timeout');
  return (await Promise.race([run.exit.then(() => 'exited'), timer])) === 'exited';
}

function summaryValue(output, label) {
  const m = new RegExp(`^\\s*${label}:\\s*(.+?)\\s*$`, 'm').exec(output);
  return m ? m[1] : undefined;
}

/** A POST of JSON (scripts/lib/http.mjs). */
const postJson = (url, body, headers = {}) => requestJson(url, { method: 'POST', body, headers });

/** Runs an example workflow through n8n's REST API (what the editor's button does); returns the run data. */
async function runExampleWorkflow(n8nUrl, cookie, workflowId = EXAMPLE_WORKFLOW_ID, trigger = 'When clicking "Execute workflow"') {
  const started = await postJson(`${n8nUrl}/rest/workflows/${workflowId}/run`, { triggerToStartFrom: { name: trigger } }, { cookie });
  assert(started.status === 200, `POST /rest/workflows/${workflowId}/run answered HTTP ${started.status}: ${started.text.slice(0, 300)}`);
  const executionId = started.json?.data?.executionId;
  assert(executionId, `no execution id in ${started.text.slice(0, 300)}`);
  const exec = await until(
    `execution ${executionId} to end`,
    async () => {
      const res = await fetch(`${n8nUrl}/rest/executions/${executionId}`, { headers: { cookie }, signal: AbortSignal.timeout(30_000) });
      const found = (await res.json()).data;
      return found && found.finished !== undefined && ['success', 'error', 'crashed', 'canceled'].includes(found.status) && found;
    },
    { timeoutMs: 120_000, intervalMs: 1000 },
  );
  // n8n serialises execution data with `flatted`; read it with n8n's own copy.
  const flatted = createRequire(join(n8nInstallDir(), 'node_modules', 'n8n', 'package.json'))('flatted');
  const data = typeof exec.data === 'string' ? flatted.parse(exec.data) : exec.data;
  return { status: exec.status, runData: data?.resultData?.runData ?? {}, error: data?.resultData?.error };
}

function nodeOutput(runData, nodeName) {
  return runData[nodeName]?.[0]?.data?.main?.[0]?.map((i) => i.json) ?? [];
}

/** Bad input is refused before anything starts, with a message that says what to do. */
async function argumentChecks(t) {
  const { work, playgroundDir } = t;
  await check('an unknown --only part is refused with the list of parts', () => {
    const { code, out } = runStartQuick(['--only', 'n8m']);
    assert(code === 2, `exit code ${code}, expected 2`);
    assert(/unknown part.*sandbox, n8n, vscode/.test(out), `message: ${out.trim()}`);
  });
  await check('a bad port is refused', () => {
    const { code, out } = runStartQuick(['--n8n-port', 'abc']);
    assert(code === 2 && /--n8n-port needs a port number/.test(out), `exit ${code}: ${out.trim()}`);
  });
  await check('--only sandbox with ONEFICHIER_API_KEY set is refused (the key means the real service)', () => {
    const { code, out } = runStartQuick(['--only', 'sandbox'], { ONEFICHIER_API_KEY: 'RealLookingKey0123456789abcdefgh' });
    assert(code === 2 && /contradict/.test(out), `exit ${code}: ${out.trim()}`);
    assert(!out.includes('RealLookingKey0123456789abcdefgh'), 'the key was printed');
  });
  await check('a port already in use is reported with the flag to change it', async () => {
    const blocker = createServer();
    const port = await new Promise((r) => blocker.listen({ host: '127.0.0.1', port: 0 }, () => r(blocker.address().port)));
    try {
      const { code, out } = runStartQuick(['--only', 'sandbox', '--sandbox-port', String(port), '--playground-dir', playgroundDir]);
      assert(code === 2 && out.includes(`Port ${port}`) && out.includes('--sandbox-port'), `exit ${code}: ${out.trim()}`);
    } finally {
      blocker.close();
    }
  });

  await check('an unusable tools folder is reported before any install starts', async () => {
    // A tools folder whose parent is a file cannot be created.
    const notADir = join(work, 'not-a-folder');
    writeFileSync(notADir, 'a file\n');
    const free = await choosePorts();
    // Same playground folder as the main run below: the builds made here are reused there.
    const { code, out } = runStartQuick(
      ['--only', 'n8n', '--sandbox-port', String(free.sandbox), '--n8n-port', String(free.n8n), '--playground-dir', playgroundDir],
      { ONEFICHIER_TOOLS_DIR: join(notADir, 'tools') },
      300_000,
    );
    assert(code === 2, `exit code ${code}, expected 2; output:\n${out.slice(-600)}`);
    assert(
      /tools folder .*not-a-folder\/tools cannot be created or written \(ENOTDIR\)/.test(out) && /Set ONEFICHIER_TOOLS_DIR/.test(out),
      `output:\n${out.slice(-600)}`,
    );
  });
  await check('a failed install says what failed and how to retry', async () => {
    // A file where the Node 24 download's folder belongs: the n8n installer's first step fails at once.
    const tools = join(work, 'broken-tools');
    mkdirSync(tools, { recursive: true });
    writeFileSync(join(tools, 'node-24.21.0'), 'not a folder\n');
    const free = await choosePorts();
    const { code, out } = runStartQuick(
      ['--only', 'n8n', '--sandbox-port', String(free.sandbox), '--n8n-port', String(free.n8n), '--playground-dir', playgroundDir],
      { ONEFICHIER_TOOLS_DIR: tools },
      300_000,
    );
    assert(code === 1, `exit code ${code}, expected 1; output:\n${out.slice(-800)}`);
    assert(/\[setup\] Node 24\.21\.0 .*FAILED/.test(out), `no FAILED step line; output:\n${out.slice(-800)}`);
    assert(
      /installing n8n failed/.test(out) && /run pnpm start again/.test(out) && /node scripts\/install-n8n\.mjs/.test(out),
      `output:\n${out.slice(-800)}`,
    );
  });
}

/** The whole playground on free ports: `pnpm start` gets ready and prints its summary. */
async function startChecks(t) {
  const { dataDir, playgroundDir, logFile } = t;
  const ports = await choosePorts();
  const args = [
    '--sandbox-port',
    String(ports.sandbox),
    '--n8n-port',
    String(ports.n8n),
    '--vscode-port',
    String(ports.vscode),
    '--data-dir',
    dataDir,
    '--playground-dir',
    playgroundDir,
  ];
  const allPorts = [ports.sandbox, ports.sandbox + 1, ports.sandbox + 2, ports.n8n, ports.n8n + 1, ports.vscode];
  const startedAt = Date.now();
  const run = (t.run = startPlayground(args, logFile));
  Object.assign(t, { ports, allPorts, info: {} });
  t.ready = await check('pnpm start prints the addresses and sign-in details', async () => {
    await waitForOutput(run, /^\[playground\] ready$/m, READY_TIMEOUT_MS);
    Object.assign(t.info, {
      api: summaryValue(run.output, 'Sandbox API'),
      key: summaryValue(run.output, 'Sandbox key'),
      n8n: summaryValue(run.output, 'n8n'),
      n8nSignIn: summaryValue(run.output, 'n8n sign-in'),
      vscode: summaryValue(run.output, 'VS Code'),
      vscodePassword: summaryValue(run.output, 'VS Code password'),
    });
    for (const [k, v] of Object.entries(t.info)) assert(v, `no ${k} line in the summary`);
    return `ready in ${((Date.now() - startedAt) / 1000).toFixed(0)} s`;
  });
}

/** The sandbox, n8n and VS Code answer as the summary says; a second `pnpm start` on the same folder is refused. */
async function serviceChecks(t) {
  const { work, playgroundDir, artifacts, ports, info, n8nUrl } = t;
  await check('a second pnpm start on the same state folder is refused while the first runs', async () => {
    const other = await choosePorts();
    const { code, out } = runStartQuick([
      '--only',
      'sandbox',
      '--sandbox-port',
      String(other.sandbox),
      '--playground-dir',
      playgroundDir,
      '--data-dir',
      join(work, 'other-data'),
    ]);
    assert(
      code === 2 && /Another pnpm start \(pid \d+\) is using/.test(out) && /--playground-dir/.test(out),
      `exit ${code}: ${out.trim().slice(-400)}`,
    );
  });
  await check('the sandbox API answers with the printed key', async () => {
    assert(info.api.startsWith(`http://127.0.0.1:${ports.sandbox}`), `API at ${info.api}, expected port ${ports.sandbox}`);
    const { status, json, text } = await postJson(`${info.api}/remote/ls.cgi`, {}, { authorization: `Bearer ${info.key}` });
    assert(status === 200 && json?.status !== 'KO', `HTTP ${status}: ${text.slice(0, 200)}`);
  });
  await check('n8n answers /healthz', async () => {
    const res = await fetch(`${n8nUrl}/healthz`);
    assert(res.status === 200, `HTTP ${res.status}`);
  });
  await check('n8n accepts the printed sign-in details', async () => {
    const [email, password] = info.n8nSignIn.split(' / ');
    const { status, text, setCookie } = await postJson(`${n8nUrl}/rest/login`, { emailOrLdapLoginId: email, email, password });
    assert(status === 200, `HTTP ${status}: ${text.slice(0, 200)}`);
    t.cookie = setCookie.map((c) => c.split(';')[0]).find((c) => c.startsWith('n8n-auth='));
    assert(t.cookie, 'no n8n-auth cookie');
  });
  // First, while nothing has listed the root yet: VS Code lists it on opening.
  await check("VS Code opens on the 1fichier view, which shows the sandbox's folders", async () => {
    const rows = await openVscode(repoRoot, {
      url: info.vscode,
      password: info.vscodePassword,
      expectRows: ['Documents', 'Photos', 'welcome.txt'],
      screenshot: join(artifacts, 'playground-vscode.png'),
    });
    return rows.map((r) => r.split(/\d/)[0]).join(', ');
  });
}

/** The n8n examples: the first workflow, the backup (twice: the second run skips all), one click in the editor. */
async function exampleWorkflowChecks(t) {
  const { playgroundDir, artifacts, run, info, n8nUrl } = t;
  const { cookie } = t;
  await check('the example workflow runs: uploads a file, gets its link, lists the folder', async () => {
    assert(cookie, 'not signed in');
    const { status, runData, error } = await runExampleWorkflow(n8nUrl, cookie);
    assert(status === 'success', `execution ${status}: ${error?.message ?? ''} ${error?.description ?? ''}`);
    const [uploaded] = nodeOutput(runData, 'Upload to 1fichier');
    assert(uploaded?.url && /^hello-from-n8n-\d{8}-\d{6}\.txt$/.test(uploaded.filename), `upload output: ${JSON.stringify(uploaded)}`);
    const [link] = nodeOutput(runData, 'Get its download link');
    assert(link?.downloadUrl?.startsWith('http://127.0.0.1:'), `link output: ${JSON.stringify(link)}`);
    const listed = nodeOutput(runData, 'List the folder');
    assert(
      listed.some((f) => f.filename === uploaded.filename),
      `the listing (${listed.map((f) => f.filename).join(', ')}) lacks ${uploaded.filename}`,
    );
    const download = await fetch(link.downloadUrl, { headers: { authorization: `Bearer ${info.key}` } });
    const content = await download.text();
    assert(
      download.status === 200 && content.startsWith('Hello from n8n!'),
      `download answered ${download.status}: ${content.slice(0, 80)}`,
    );
    info.uploadedName = uploaded.filename;
    return `${uploaded.filename} -> ${link.downloadUrl}; ${listed.length} file(s) listed`;
  });
  await check('the banner says where the backup example is and which folder n8n may read, seeded with accented names', () => {
    const backup = summaryValue(run.output, 'n8n backup');
    const files = summaryValue(run.output, 'n8n files');
    assert(backup === `${n8nUrl}/workflow/${BACKUP_WORKFLOW_ID}`, `n8n backup line: ${backup}`);
    assert(files === join(playgroundDir, 'n8n-files'), `n8n files line: ${files}`);
    assert(/N8N_RESTRICT_FILE_ACCESS_TO/.test(run.output), 'the banner does not name N8N_RESTRICT_FILE_ACCESS_TO');
    const seeded = readdirSync(files).sort();
    assert(
      JSON.stringify(seeded) === JSON.stringify(Object.keys(BACKUP_FILES).sort()) && seeded.includes('Résumé été.txt'),
      `files there: ${seeded.join(', ')}`,
    );
    return files;
  });
  await check('the backup example uploads the files to /Backups/nightly (created), and a second run skips them all', async () => {
    assert(cookie, 'not signed in');
    const first = await runExampleWorkflow(n8nUrl, cookie, BACKUP_WORKFLOW_ID, BACKUP_TRIGGER);
    assert(first.status === 'success', `first run ${first.status}: ${first.error?.message ?? ''} ${first.error?.description ?? ''}`);
    const uploaded = nodeOutput(first.runData, BACKUP_UPLOAD_NODE);
    assert(
      uploaded.length === Object.keys(BACKUP_FILES).length && uploaded.every((f) => f.action === 'uploaded'),
      `first run: ${JSON.stringify(uploaded.map((f) => [f.filename, f.action]))}`,
    );
    assert(
      uploaded.some((f) => f.filename === 'Résumé été.txt'),
      `the accented name did not go through: ${uploaded.map((f) => f.filename).join(', ')}`,
    );
    const second = await runExampleWorkflow(n8nUrl, cookie, BACKUP_WORKFLOW_ID, BACKUP_TRIGGER);
    assert(second.status === 'success', `second run ${second.status}: ${second.error?.message ?? ''}`);
    const again = nodeOutput(second.runData, BACKUP_UPLOAD_NODE);
    assert(
      again.length === uploaded.length && again.every((f) => f.action === 'skipped'),
      `second run: ${JSON.stringify(again.map((f) => [f.filename, f.action]))}`,
    );
    return `${uploaded.length} uploaded, then ${again.length} skipped`;
  });
  await check('the example workflow runs with one click in the n8n editor', async () => {
    const [email, password] = info.n8nSignIn.split(' / ');
    const nodes = await runWorkflowInEditor(repoRoot, {
      workflowUrl: info.n8n,
      email,
      password,
      screenshot: join(artifacts, 'playground-n8n.png'),
    });
    return `${nodes} nodes succeeded`;
  });
}

/** VS Code in the playground: its password, the extension installed and pointed at the sandbox with the key. */
async function vscodeChecks(t) {
  const { playgroundDir, run, info, vscodeOrigin } = t;
  await check('VS Code answers and asks for the printed password', async () => {
    const health = await fetch(`${vscodeOrigin}/healthz`);
    assert(health.status === 200, `/healthz HTTP ${health.status}`);
    const anonymous = await fetch(info.vscode, { redirect: 'manual' });
    assert(
      anonymous.status === 302 && /login/.test(anonymous.headers.get('location') ?? ''),
      `without a password: HTTP ${anonymous.status}`,
    );
    const wrong = await fetch(`${vscodeOrigin}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'password=wrong-password',
    });
    assert(!(wrong.headers.getSetCookie?.() ?? []).some((c) => c.startsWith('code-server-session=')), 'a wrong password was accepted');
    const login = await fetch(`${vscodeOrigin}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `password=${encodeURIComponent(info.vscodePassword)}`,
    });
    const session = (login.headers.getSetCookie?.() ?? []).map((c) => c.split(';')[0]).find((c) => c.startsWith('code-server-session='));
    assert(session, `login answered HTTP ${login.status} without a session cookie`);
    const page = await fetch(info.vscode, { headers: { cookie: session } });
    const html = await page.text();
    assert(page.status === 200 && html.includes('workbench'), `workbench page HTTP ${page.status}`);
  });
  await check('VS Code has the 1fichier extension installed and pointed at the sandbox, the key handed over by the helper', async () => {
    const extDir = join(playgroundDir, 'vscode', 'extensions');
    const installed = readdirSync(extDir).filter((d) => d.startsWith('onefichier-toolkit.vscode-1fichier-'));
    assert(installed.length === 1, `extensions folder holds: ${readdirSync(extDir).join(', ')}`);
    const settings = JSON.parse(readFileSync(join(playgroundDir, 'vscode', 'user-data', 'User', 'settings.json'), 'utf8'));
    assert(settings['onefichier.apiBaseUrl'] === info.api, `onefichier.apiBaseUrl is ${settings['onefichier.apiBaseUrl']}`);
    const codeServer = processesWithMarker(run.marker).find((p) => p.includes('code-server'));
    assert(codeServer, 'no code-server process found');
    const environ = readFileSync(`/proc/${codeServer.split(' ')[0]}/environ`, 'latin1').split('\0');
    // The sandbox's key reaches the extension through the playground helper, into its secret storage (so
    // Clear API Key and the welcome view work): the extension's own variable stays unset.
    assert(
      environ.includes(`ONEFICHIER_PLAYGROUND_API_KEY=${info.key}`),
      'code-server does not carry the sandbox key for the playground helper',
    );
    assert(
      !environ.some((e) => e.startsWith('ONEFICHIER_API_KEY=') && e !== 'ONEFICHIER_API_KEY='),
      'code-server hands the extension its key in ONEFICHIER_API_KEY, so Clear API Key cannot clear it',
    );
    // Without it the extension asks before sending the key to the sandbox (packages/vscode-1fichier/src/apiHosts.ts).
    assert(
      environ.includes(`ONEFICHIER_CONFIRMED_API_HOSTS=${info.api}`),
      "code-server does not confirm the sandbox's host for the extension",
    );
  });
}

/** Ctrl-C: pnpm start exits as a success, and leaves no process and no listening port behind. */
async function stopChecks(t) {
  const { allPorts, run } = t;
  await check('Ctrl-C stops pnpm start, which says nothing is left and exits as a success (no ELIFECYCLE)', async () => {
    const stopped = await stopPlayground(run);
    assert(stopped, `still running ${STOP_TIMEOUT_MS / 1000} s after SIGINT`);
    const tail = `output ends with:\n${run.output.split('\n').slice(-8).join('\n')}`;
    assert(/nothing it started is left running or listening/.test(run.output), tail);
    // pnpm reads a script killed by the signal as a failure: the script must end on its own, with 0.
    assert(run.code === 0 && !/ELIFECYCLE|still stopping/.test(run.output), `exit ${run.signal ?? run.code}; ${tail}`);
  });
  await check('no process of the playground is left', async () => {
    await sleep(500);
    const left = processesWithMarker(run.marker);
    if (left.length) {
      for (const p of left) {
        try {
          process.kill(Number(p.split(' ')[0]), 'SIGKILL');
        } catch {
          /* gone */
        }
      }
      throw new Error(`left running: ${left.join('; ')}`);
    }
  });
  await check('no port of the playground still listens', async () => {
    const open = [];
    for (const port of allPorts) if (await isListening(port)) open.push(port);
    assert(open.length === 0, `still listening: ${open.join(', ')}`);
  });
}

/** The sandbox alone (seconds): its data is kept between runs and wiped by --reset. */
async function dataKeptChecks(t) {
  const { dataDir, playgroundDir, logFile, ports, info } = t;
  const listRoot = async (api, key) => {
    const { json, text } = await postJson(`${api}/file/ls.cgi`, { folder_id: 0 }, { authorization: `Bearer ${key}` });
    assert(json?.status === 'OK', `file/ls.cgi: ${text.slice(0, 200)}`);
    return (json.items ?? []).map((i) => i.filename);
  };
  for (const [name, extra, expectKept] of [
    ['the sandbox keeps uploaded files between runs', [], true],
    ['--reset wipes the sandbox data (and seeds it again)', ['--reset'], false],
  ]) {
    const again = startPlayground(
      ['--only', 'sandbox', '--sandbox-port', String(ports.sandbox), '--data-dir', dataDir, '--playground-dir', playgroundDir, ...extra],
      logFile,
    );
    try {
      await check(name, async () => {
        await waitForOutput(again, /^\[playground\] ready$/m, 120_000);
        const api = summaryValue(again.output, 'Sandbox API');
        const files = await listRoot(api, summaryValue(again.output, 'Sandbox key'));
        assert(files.includes(info.uploadedName) === expectKept, `root holds: ${files.join(', ') || '(nothing)'}`);
        if (!expectKept) assert(/Seeded with:/.test(again.output) && files.length > 0, 'a reset sandbox was not seeded');
      });
    } finally {
      const stopped = await stopPlayground(again);
      if (!stopped || processesWithMarker(again.marker).length) record(`${name}: stops cleanly`, false, 'left running');
    }
  }
}

/** A part that dies takes the playground down with a message, instead of leaving half of it running. */
async function crashChecks(t) {
  const { dataDir, playgroundDir, logFile, ports } = t;
  const crash = startPlayground(
    ['--only', 'sandbox', '--sandbox-port', String(ports.sandbox), '--data-dir', dataDir, '--playground-dir', playgroundDir],
    logFile,
  );
  try {
    await check('when a part dies, pnpm start says which, shows its log and stops the rest', async () => {
      await waitForOutput(crash, /^\[playground\] ready$/m, 120_000);
      const sandbox = processesWithMarker(crash.marker).find((p) => p.includes('sandbox/dist/cli.js'));
      assert(sandbox, 'no sandbox process found');
      process.kill(Number(sandbox.split(' ')[0]), 'SIGKILL');
      const exited = await Promise.race([crash.exit.then(() => true), sleep(30_000).then(() => false)]);
      assert(exited, 'pnpm start kept running after its sandbox died');
      assert(crash.code !== 0, `exit code ${crash.code}`);
      assert(
        /sandbox stopped unexpectedly \(SIGKILL\)/.test(crash.output) && /Its log \(.*sandbox\.log\) ends with/.test(crash.output),
        `output ends with:\n${crash.output.split('\n').slice(-10).join('\n')}`,
      );
      assert(processesWithMarker(crash.marker).length === 0, 'processes left behind');
    });
  } finally {
    if (!crash.exited) await stopPlayground(crash);
  }
}

/** With ONEFICHIER_API_KEY set: no sandbox, VS Code pointed at the real service, the key never printed. */
async function realServiceChecks(t) {
  const { work, logFile, ports } = t;
  const fakeKey = `E2eNotARealKey${randomUUID().replace(/-/g, '')}`.slice(0, 32);
  const realPlayground = join(work, 'playground-real');
  const real = startPlayground(['--only', 'vscode', '--vscode-port', String(ports.vscode), '--playground-dir', realPlayground], logFile, {
    ONEFICHIER_API_KEY: fakeKey,
  });
  try {
    await check('with ONEFICHIER_API_KEY set, VS Code uses the real service, no sandbox starts, the key is never printed', async () => {
      await waitForOutput(real, /^\[playground\] ready$/m, 300_000);
      assert(/REAL 1fichier service/.test(real.output), 'no warning about the real service');
      assert(!/Sandbox API:/.test(real.output) && !/start the sandbox/.test(real.output), 'a sandbox was started');
      assert(!real.output.includes(fakeKey), 'the key appears in the output');
      const settings = JSON.parse(readFileSync(join(realPlayground, 'vscode', 'user-data', 'User', 'settings.json'), 'utf8'));
      assert(
        settings['onefichier.apiBaseUrl'] === 'https://api.1fichier.com/v1',
        `onefichier.apiBaseUrl is ${settings['onefichier.apiBaseUrl']}`,
      );
      const codeServer = processesWithMarker(real.marker).find((p) => p.includes('code-server'));
      assert(codeServer, 'no code-server process found');
      const environ = readFileSync(`/proc/${codeServer.split(' ')[0]}/environ`, 'latin1').split('\0');
      assert(environ.includes(`ONEFICHIER_API_KEY=${fakeKey}`), 'code-server does not carry the key from ONEFICHIER_API_KEY');
      assert(!grepTree(realPlayground, fakeKey), 'the key was written to the playground folder');
    });
  } finally {
    const stopped = await stopPlayground(real);
    if (!stopped || processesWithMarker(real.marker).length) record('real-service run: stops cleanly', false, 'left running');
  }
}

async function main() {
  const work = mkdtempSync(join(tmpdir(), 'onefichier-start-e2e-'));
  const artifacts = join(repoRoot, 'test-artifacts');
  mkdirSync(artifacts, { recursive: true });
  const logFile = join(artifacts, 'e2e-start.log');
  rmSync(logFile, { force: true });
  const t = { work, dataDir: join(work, 'sandbox-data'), playgroundDir: join(work, 'playground'), artifacts, logFile };

  await group('arguments refused before anything starts', () => argumentChecks(t));
  try {
    await group('pnpm start: the whole playground', () => startChecks(t));
    if (t.ready) {
      t.n8nUrl = new URL(t.info.n8n).origin;
      t.vscodeOrigin = new URL(t.info.vscode).origin;
      await group('the services answer', () => serviceChecks(t));
      await group('the n8n examples', () => exampleWorkflowChecks(t));
      await group('VS Code in the playground', () => vscodeChecks(t));
    }
  } finally {
    if (t.run) await group('Ctrl-C stops everything', () => stopChecks(t));
  }
  if (t.ready && t.info.uploadedName) await group('sandbox data between runs', () => dataKeptChecks(t));
  if (t.ports) {
    await group('a part that dies', () => crashChecks(t));
    await group('the real service (ONEFICHIER_API_KEY set)', () => realServiceChecks(t));
  }

  if (updateDocs) {
    mkdirSync(join(repoRoot, 'docs', 'screenshots'), { recursive: true });
    for (const name of ['playground-n8n.png', 'playground-vscode.png']) {
      if (existsSync(join(artifacts, name))) copyFileSync(join(artifacts, name), join(repoRoot, 'docs', 'screenshots', name));
    }
  }

  if (!keep) rmSync(work, { recursive: true, force: true });
  else process.stdout.write(`kept ${work}\n`);
  process.stdout.write(`(full output of pnpm start: ${logFile})\n`);
  finish();
}

main().catch((err) => finish(1, { crash: err }));
