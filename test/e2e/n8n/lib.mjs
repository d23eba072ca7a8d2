// Helpers of the real-n8n end-to-end tests: n8n commands with an isolated user folder, a workflow builder, the
// sandbox, and a small client (the bundled core over fetch) to set up and inspect files from outside n8n.
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { headlessN8nEnv, isN8nInstalled, n8nBin, node24Bin } from '../../../scripts/lib/n8n.mjs';
import { waitForHttp } from '../../../scripts/lib/wait.mjs';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const nodePackageDir = join(repoRoot, 'packages', 'n8n-nodes-1fichier');
const require = createRequire(import.meta.url);

/** A resource-locator value as n8n stores it (`mode` is 'id', 'url', 'path' or 'list'). */
export const rl = (mode, value) => ({ __rl: true, mode, value });

/**
 * Builds workflow nodes for one run: `node` any n8n node (`extra` overrides its fields, typeVersion among them),
 * `ours` a 1fichier node with `credential`, `start` a manual trigger. Each node gets the next id and position.
 */
export function workflowBuilder(credential) {
  let nodeCounter = 0;
  function node(name, type, parameters, extra = {}) {
    nodeCounter++;
    return {
      id: `00000000-0000-4000-8000-${String(nodeCounter).padStart(12, '0')}`,
      name,
      type,
      typeVersion: 1,
      position: [nodeCounter * 220, 0],
      parameters,
      ...(type.startsWith('CUSTOM.') ? { credentials: { oneFichierApi: credential } } : {}),
      ...extra,
    };
  }
  const ours = (name, parameters, extra) => node(name, 'CUSTOM.oneFichier', parameters, extra);
  const start = () => node('Start', 'n8n-nodes-base.manualTrigger', {});
  return { node, ours, start };
}

/** A workflow whose nodes run one after the other. */
export function chain(id, name, nodes) {
  const connections = {};
  for (let i = 0; i + 1 < nodes.length; i++) connections[nodes[i].name] = { main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]] };
  return { id, name, nodes, connections, active: false, settings: { executionOrder: 'v1' }, pinData: {} };
}

/** The environment every n8n command of one test run shares (its own user folder, DB and ports). */
export function n8nEnv({ userFolder, extensions, filesDir, port, brokerPort }) {
  return {
    ...headlessN8nEnv({ userFolder, extensions, filesDir, port, brokerPort, encryptionKey: 'e2e-onefichier-encryption-key' }),
    EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all',
    // With the publication service (2.x default), only publications made through the REST API are
    // activated at start; `publish:workflow` from the CLI is activated by the classic manager.
    N8N_USE_WORKFLOW_PUBLICATION_SERVICE: 'false',
  };
}

/**
 * Runs one n8n CLI command to completion; returns { code, stdout, stderr }. Asynchronous on purpose: the
 * sandbox runs in this process and must keep answering while n8n talks to it.
 */
export function n8n(args, env, { timeoutMs = 180_000 } = {}) {
  return new Promise((resolve) => {
    const child = spawn(join(node24Bin(), 'node'), [n8nBin(), ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    const timer = setTimeout(() => {
      stderr += `\n[e2e] n8n ${args[0]} killed after ${timeoutMs / 1000} s`;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr, signal });
    });
  });
}

/** `n8n start` in the background; resolves once /healthz answers. */
export async function startN8n(env, logFile, { timeoutMs = 120_000 } = {}) {
  const { createWriteStream } = await import('node:fs');
  const log = createWriteStream(logFile);
  const child = spawn(join(node24Bin(), 'node'), [n8nBin(), 'start'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  const url = `http://127.0.0.1:${env.N8N_PORT}`;
  try {
    await waitForHttp(`${url}/healthz`, { timeoutMs, accept: (res) => res.ok, isAlive: () => child.exitCode === null, what: 'n8n start' });
  } catch (err) {
    child.kill('SIGTERM');
    throw new Error(`${err.message}; see ${logFile}`);
  }
  return { child, url };
}

export async function stopProcess(child, timeoutMs = 20_000) {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  await exited;
  clearTimeout(timer);
}

/** The JSON n8n prints with --rawOutput, after its start-up lines. */
export function parseRawOutput(stdout) {
  const start = stdout.indexOf('{');
  if (start < 0) throw new Error(`no JSON in n8n's output: ${stdout.slice(-500)}`);
  return JSON.parse(stdout.slice(start));
}

/** A node's output items in an n8n execution result. */
export function nodeItems(run, nodeName) {
  const tasks = run?.data?.resultData?.runData?.[nodeName];
  if (!tasks?.length) throw new Error(`node "${nodeName}" did not run`);
  return tasks[tasks.length - 1].data?.main?.[0] ?? [];
}

export function loadSandbox() {
  return require(join(repoRoot, 'test', 'sandbox', 'dist', 'index.js'));
}

/** The core exactly as the node ships it, with a fetch transport: sets up and checks files from outside n8n. */
export function coreClient(apiKey, baseUrl) {
  const core = require(join(nodePackageDir, 'dist', 'lib', 'onefichier-core.js'));
  const transport = async (req) => {
    let body = req.body;
    if (body && typeof body === 'object' && 'chunks' in body) {
      const parts = [];
      for await (const c of body.chunks) parts.push(Buffer.from(c));
      body = Buffer.concat(parts);
    }
    const res = await fetch(req.url, { method: req.method, headers: req.headers, body, redirect: 'manual', signal: req.signal });
    const headers = Object.fromEntries(res.headers);
    if (req.responseType === 'stream') return { status: res.status, headers, stream: res.body };
    return { status: res.status, headers, text: await res.text() };
  };
  const clock = {
    now: () => Date.now(),
    sleep: (ms, signal) =>
      new Promise((resolve, reject) => {
        const t = setTimeout(resolve, ms);
        signal?.addEventListener('abort', () => {
          clearTimeout(t);
          reject(new Error('aborted'));
        });
      }),
  };
  return { core, client: new core.OneFichierClient({ transport, clock, apiKey, baseUrl }) };
}

/** Installs the pinned n8n with scripts/install-n8n.mjs when it is not there yet (about 7 minutes, once); throws if that fails. */
export function ensureN8nInstalled(tag) {
  if (isN8nInstalled()) return 'already installed';
  process.stdout.write(`[${tag}] n8n is not installed yet: installing it (about 7 minutes, once)\n`);
  const install = spawnSync(process.execPath, [join(repoRoot, 'scripts', 'install-n8n.mjs')], { stdio: 'inherit' });
  if (install.status !== 0) throw new Error(`scripts/install-n8n.mjs exited with ${install.status ?? install.signal}`);
  return 'installed now';
}

export function buildPackages() {
  const build = spawnSync(process.execPath, [join(nodePackageDir, 'scripts', 'build.mjs')], { encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`building n8n-nodes-1fichier failed: ${build.stderr || build.stdout}`);
  const sandbox = spawnSync('pnpm', ['--filter', '@onefichier/sandbox', 'run', 'build'], { cwd: repoRoot, encoding: 'utf8' });
  if (sandbox.status !== 0) throw new Error(`building the sandbox failed: ${sandbox.stderr || sandbox.stdout}`);
}
