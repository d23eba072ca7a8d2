#!/usr/bin/env node
// Benchmarks of the language server: `node packages/language-server/bench.mjs [--smoke]`.
// Also usable as a group of the root bench runner: `import { languageServerGroup } from
// '../packages/language-server/bench.mjs'` (ctx: root, cfg, log, report, record, skip).
//
// Figures: the bundle size, the time and memory of a cold start (spawn -> initialize answered), the time to
// scan a large document for links, and, against the sandbox with its real limits, the API calls a document
// costs on open and while typing, and whether any flood lock happened.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { lspPeer } from '../../test/e2e/lsp-stdio.mjs';
import { writeReport } from '../../scripts/lib/checks.mjs';
import { until } from '../../scripts/lib/wait.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

/** Compiles a TypeScript entry (with the core from source) into a CommonJS module loaded in this process. */
async function loadTs(entry, tmp) {
  const outfile = join(tmp, `${entry.replace(/[^a-z0-9]/gi, '_')}.cjs`);
  await build({
    entryPoints: [join(here, entry)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    logLevel: 'error',
    alias: {
      '@onefichier/core/node': join(here, '../core/src/node/index.ts'),
      '@onefichier/core/lsp-contract': join(here, '../core/src/lsp-contract.ts'),
      '@onefichier/core': join(here, '../core/src/index.ts'),
    },
  });
  return require(outfile);
}

function rssMb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round = (x, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

async function startServer(serverPath, env = {}) {
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, [serverPath, '--stdio'], {
    stdio: ['pipe', 'pipe', 'inherit'],
    env: { PATH: process.env.PATH, ...env },
  });
  const peer = lspPeer(child);
  return { child, peer, started };
}

async function initialize(peer, options) {
  return peer.request('initialize', {
    processId: process.pid,
    clientInfo: { name: 'bench' },
    rootUri: null,
    capabilities: {},
    initializationOptions: options,
  });
}

async function stopServer({ child, peer }) {
  await peer.request('shutdown', null);
  peer.notify('exit', null);
  await new Promise((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', resolve)));
}

export async function languageServerGroup(ctx) {
  const serverPath = join(here, 'dist', 'server.js');
  ctx.log('building packages/language-server (esbuild)');
  await import(pathToFileURL(join(here, 'build.mjs')).href + `?t=${Date.now()}`);
  ctx.report(
    'lsp_bundle_kb',
    round(statSync(serverPath).size / 1000),
    `dist/server.js, ${statSync(serverPath).size} bytes (core, axios, vscode-languageserver inside)`,
  );

  // Cold start: spawn -> initialize answered, and memory once a document is open.
  const starts = [];
  const rss = [];
  for (let run = 0; run < ctx.cfg.startRuns; run++) {
    const server = await startServer(serverPath);
    await initialize(server.peer, {});
    starts.push(Number(process.hrtime.bigint() - server.started) / 1e6);
    server.peer.notify('initialized', {});
    server.peer.notify('textDocument/didOpen', {
      textDocument: {
        uri: 'file:///bench/a.md',
        languageId: 'markdown',
        version: 1,
        text: 'https://1fichier.com/?abcde12345\n'.repeat(1000),
      },
    });
    await server.peer.request('textDocument/hover', { textDocument: { uri: 'file:///bench/a.md' }, position: { line: 999, character: 5 } });
    rss.push(rssMb(server.child.pid));
    await stopServer(server);
  }
  ctx.report('lsp_start_ms', round(median(starts)), `median of ${starts.length}: node process spawned until initialize is answered`);
  ctx.report('lsp_rss_mb', round(median(rss)), 'RSS of the server with a 1,000-link document open');

  // Scanning: a large mixed document, as on every keystroke (the scan runs, the network does not).
  const tmp = mkdtempSync(join(tmpdir(), 'lsp-bench-'));
  try {
    const { findFileUrls } = await loadTs('../core/src/fileUrls.ts', tmp);
    const line = (i) =>
      `- item ${i}: [mirror](https://1fichier.com/?a${String(i).padStart(9, '0')}) and some prose, "json": "https://megadl.fr/?b${String(i).padStart(9, '0')}&af=1"\n`;
    const doc = Array.from({ length: ctx.cfg.scanLines }, (_, i) => line(i)).join('');
    const scans = [];
    let found = 0;
    for (let i = 0; i < 7; i++) {
      const t = process.hrtime.bigint();
      found = findFileUrls(doc).length;
      scans.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
    if (found !== ctx.cfg.scanLines * 2) throw new Error(`scan found ${found} links, expected ${ctx.cfg.scanLines * 2}`);
    ctx.report('lsp_scan_ms', round(median(scans), 2), `${(doc.length / 1e6).toFixed(1)} MB, ${found} links, median of ${scans.length}`);

    // Against the sandbox (real limits): calls for a document on open, and while typing.
    const { startSandbox } = await loadTs('../../test/sandbox/src/index.ts', tmp);
    const core = await loadTs('../core/src/node/index.ts', tmp);
    const { bytesSource } = await loadTs('../core/src/sources.ts', tmp);
    const key = 'LspBenchKey0123456789abcdefghijk';
    const sandbox = await startSandbox({ dataDir: join(tmp, 'data'), reset: true, premiumKeys: [key] });
    try {
      const client = core.createNodeClient({ apiKey: key, baseUrl: sandbox.apiBaseUrl });
      const own = [];
      ctx.log(`seeding ${ctx.cfg.ownFiles} files in the sandbox`);
      for (let i = 0; i < ctx.cfg.ownFiles; i++) {
        const [f] = await client.upload([bytesSource(`file-${i}.bin`, new TextEncoder().encode(`bytes ${i}`))]);
        own.push(f.url);
      }
      const dead = Array.from({ length: ctx.cfg.deadFiles }, (_, i) => `https://1fichier.com/?dead${String(i).padStart(8, '0')}`);
      const links = [...own, ...dead];
      const text = links.map((u, i) => `${i}. ${u}\n${i}. again ${u}\n`).join('');
      const before = { ...sandbox.state().counters.requests };
      const calls = () => {
        const now = sandbox.state().counters.requests;
        return Object.keys(now).reduce((n, k) => n + (k.endsWith('.cgi') ? now[k] - (before[k] ?? 0) : 0), 0);
      };

      // The key goes in the server's environment, as editors pass it (never in an LSP message).
      const server = await startServer(serverPath, { ONEFICHIER_API_KEY: key });
      const diagnostics = [];
      server.peer.on((m) => {
        if (m.method === 'textDocument/publishDiagnostics') diagnostics.push(m.params);
      });
      await initialize(server.peer, { apiBaseUrl: sandbox.apiBaseUrl });
      server.peer.notify('initialized', {});
      const uri = 'file:///bench/list.md';
      const opened = process.hrtime.bigint();
      server.peer.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: 1, text } });
      await until('the dead links to be all flagged', () => diagnostics.some((d) => d.diagnostics.length === dead.length * 2), {
        timeoutMs: 120_000,
        intervalMs: 50,
      });
      const checkMs = Number(process.hrtime.bigint() - opened) / 1e6;
      const openCalls = calls();
      ctx.report(
        'lsp_open_calls_per_link',
        round(openCalls / links.length, 2),
        `${openCalls} API calls for ${links.length} distinct links written twice (${own.length} own: file/info; ${dead.length} dead: file/info + get_token)`,
      );
      ctx.record('lsp_open_check_ms', round(checkMs), `${links.length} links checked and published, paced by the core`);

      for (let v = 2; v < 2 + ctx.cfg.keystrokes; v++) {
        server.peer.notify('textDocument/didChange', {
          textDocument: { uri, version: v },
          contentChanges: [{ text: `${'x'.repeat(v)}\n${text}` }],
        });
      }
      await server.peer.request('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 8 } });
      await new Promise((r) => setTimeout(r, 500));
      ctx.report('lsp_typing_calls', calls() - openCalls, `API calls caused by ${ctx.cfg.keystrokes} edits and a hover on a known link`);
      ctx.report('lsp_flood_locks', sandbox.state().floods, 'flood locks the sandbox (3 req/s, burst 3) gave during the run');
      await stopServer(server);
    } finally {
      await sandbox.stop();
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

export const LSP_FIGURES = [
  { name: 'lsp_bundle_kb', target: null, meaning: 'size of the bundled language server dist/server.js (KB)' },
  { name: 'lsp_start_ms', target: ['<=', 600], meaning: 'spawn of the server until initialize is answered (ms)' },
  { name: 'lsp_rss_mb', target: ['<=', 100], meaning: 'server RSS with a 1,000-link document open (MB)' },
  { name: 'lsp_scan_ms', target: ['<=', 100], meaning: 'finding the links of a 2.3 MB, 40,000-link document (ms)' },
  { name: 'lsp_open_calls_per_link', target: ['<=', 2], meaning: 'API calls per distinct link when a document is opened' },
  { name: 'lsp_typing_calls', target: ['==', 0], meaning: 'API calls caused by typing in a checked document' },
  { name: 'lsp_flood_locks', target: ['==', 0], meaning: 'flood locks during the document check' },
];

const CONFIG = {
  full: { startRuns: 7, scanLines: 20_000, ownFiles: 20, deadFiles: 10, keystrokes: 200 },
  smoke: { startRuns: 2, scanLines: 2_000, ownFiles: 3, deadFiles: 2, keystrokes: 20 },
};

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const smoke = process.argv.includes('--smoke');
  const results = {};
  const ctx = {
    root: join(here, '..', '..'),
    cfg: CONFIG[smoke ? 'smoke' : 'full'],
    log: (m) => process.stdout.write(`[lsp-bench] ${m}\n`),
    report: (name, value, note) => {
      results[name] = value;
      process.stdout.write(`${name.padEnd(26)} ${String(value).padStart(10)}  ${note ?? ''}\n`);
    },
    record: (name, value, note) => {
      results[name] = value;
      process.stdout.write(`${name.padEnd(26)} ${String(value).padStart(10)}  ${note ?? ''}\n`);
    },
    skip: (name, why) => process.stdout.write(`${name}: skipped (${why})\n`),
  };
  languageServerGroup(ctx).then(
    () => {
      // One check a figure it computed: passed when it meets its target (a figure without one passes).
      const checks = LSP_FIGURES.filter((f) => f.name in results).map((f) => {
        const v = results[f.name];
        const ok = !f.target || (f.target[0] === '<=' ? v <= f.target[1] : f.target[0] === '>=' ? v >= f.target[1] : v === f.target[1]);
        if (!ok) process.stdout.write(`MISSED: ${f.name} = ${v}, target ${f.target.join(' ')}\n`);
        return {
          group: 'language-server',
          name: f.name,
          status: ok ? 'passed' : 'failed',
          detail: ok ? String(v) : `${v}, target ${f.target.join(' ')}`,
        };
      });
      process.exit(writeReport('lsp-bench', checks));
    },
    (err) => {
      process.stderr.write(`[lsp-bench] ${err.stack ?? err.message}\n`);
      process.exit(
        writeReport('lsp-bench', [{ group: 'language-server', name: 'the benchmark run', status: 'failed', detail: err.message }]),
      );
    },
  );
}
