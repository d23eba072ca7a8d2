#!/usr/bin/env node
// The project's whole test command (`pnpm test`, run by .ci/run): build, lint, unit and integration tests,
// package checks, real rclone against the sandbox, the real n8n and real VS Code end-to-end runs, the
// playground test, the packages installed from a local npm registry and a benchmark smoke run. Each stage runs in its own process; the counts of every stage are added up into one closing line.
//
//   pnpm test                      every stage
//   pnpm test -- --only jest,lint  some stages (names below)
//   pnpm test -- --skip e2e-vscode
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseScriptArgs } from './lib/args.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const artifacts = join(root, 'test-artifacts');
mkdirSync(artifacts, { recursive: true });

// Under CI the tools (Node 24, n8n, code-server, the scanner…) are installed into a new empty folder, so every
// run proves that a machine which never ran the project gets through: a warm cache once hid a broken install
// step. npm's own download cache may stay warm. Set ONEFICHIER_TOOLS_DIR yourself to choose the folder.
const ciColdTools = isCi() && !process.env.ONEFICHIER_TOOLS_DIR;
if (ciColdTools) {
  process.env.ONEFICHIER_TOOLS_DIR = mkdtempSync(join(tmpdir(), 'onefichier-tools-ci-'));
  process.stdout.write(`CI: installing the tools from scratch into ${process.env.ONEFICHIER_TOOLS_DIR}\n`);
}

function isCi() {
  const v = (process.env.CI ?? '').toLowerCase();
  return v !== '' && v !== '0' && v !== 'false';
}

/** A stage: a command, and how to read its pass/fail counts. */
const stages = [
  { name: 'build', cmd: 'pnpm', args: ['-r', '--workspace-concurrency=1', 'run', 'build'], counts: 'exit' },
  { name: 'lint', cmd: 'pnpm', args: ['run', 'lint'], counts: 'exit' },
  {
    name: 'jest',
    cmd: 'pnpm',
    args: ['exec', 'jest', '--ci', '--json', `--outputFile=${join(artifacts, 'jest.json')}`],
    counts: 'jest',
  },
  // Real rclone (Debian's) against the sandbox's default profile, through a TLS proxy; free ports only.
  { name: 'rclone', cmd: 'node', args: ['test/rclone/run.mjs'], counts: 'line', needs: 'test/rclone/run.mjs' },
  { name: 'e2e-n8n', cmd: 'node', args: ['test/e2e/n8n/run.mjs'], counts: 'line', needs: 'test/e2e/n8n/run.mjs' },
  // n8n in queue mode (Redis and PostgreSQL from Debian, a main process and two workers): about 5 minutes.
  { name: 'e2e-n8n-queue', cmd: 'node', args: ['test/e2e/n8n/queue.mjs'], counts: 'line', needs: 'test/e2e/n8n/queue.mjs' },
  { name: 'e2e-vscode', cmd: 'node', args: ['test/e2e/vscode/run.mjs'], counts: 'line', needs: 'test/e2e/vscode/run.mjs' },
  { name: 'e2e-vscode-hover', cmd: 'node', args: ['test/e2e/vscode/hover.mjs'], counts: 'line', needs: 'test/e2e/vscode/hover.mjs' },
  { name: 'e2e-start', cmd: 'node', args: ['test/e2e/start/run.mjs'], counts: 'line', needs: 'test/e2e/start/run.mjs' },
  // Verdaccio with an empty storage: every public package published with `pnpm publish -r`, then installed
  // from it the way users do (n8n's ~/.n8n/nodes, npx for the language server, npm for the core).
  { name: 'registry', cmd: 'node', args: ['test/e2e/registry/run.mjs'], counts: 'line', needs: 'test/e2e/registry/run.mjs' },
  { name: 'bench-smoke', cmd: 'node', args: ['scripts/bench.mjs', '--smoke'], counts: 'line', needs: 'bench' },
  {
    name: 'sandbox-bench',
    cmd: 'node',
    args: ['test/sandbox/bench/upload-memory.js', '256'],
    counts: 'line',
    needs: 'test/sandbox/bench/upload-memory.js',
  },
  {
    name: 'lsp-bench-smoke',
    cmd: 'node',
    args: ['packages/language-server/bench.mjs', '--smoke'],
    counts: 'line',
    needs: 'packages/language-server/bench.mjs',
  },
  // The fault matrix: every sandbox profile and switch against the main operations (about 4 minutes); it
  // also writes the flood counts `pnpm bench` reports (bench/tmp/fault-matrix/).
  {
    name: 'fault-matrix',
    cmd: 'pnpm',
    args: [
      'exec',
      'jest',
      '-c',
      'test/integration/fault-matrix/jest.config.js',
      '--ci',
      '--json',
      `--outputFile=${join(artifacts, 'fault-matrix.json')}`,
    ],
    counts: 'jest',
    report: 'fault-matrix.json',
  },
];

/** `--only a,b` and `--skip c` (node:util parseArgs); a typo stops the run with the list of stages. */
function stageChoice(argv) {
  const names = stages.map((s) => s.name).join(', ');
  let values;
  try {
    values = parseScriptArgs(argv, { only: { type: 'string' }, skip: { type: 'string' } });
  } catch (err) {
    throw new Error(`${err.message.split('. ')[0]}. Use --only or --skip with a comma list of stages: ${names}.`);
  }
  const list = (value) => (value === undefined ? null : value.split(',').filter(Boolean));
  const only = list(values.only);
  const skip = list(values.skip) ?? [];
  const unknown = [...(only ?? []), ...skip].filter((name) => !stages.some((s) => s.name === name));
  if (unknown.length > 0) throw new Error(`unknown stage ${unknown.join(', ')}; the stages are ${names}.`);
  return { only, skip };
}
let only;
let skip;
try {
  ({ only, skip } = stageChoice(process.argv.slice(2)));
} catch (err) {
  process.stderr.write(`test: ${err.message}\n`);
  process.exit(2);
}
const selected = stages.filter((s) => (!only || only.includes(s.name)) && !skip.includes(s.name));

const CLOSING_LINE = /^(?:[\w-]+:\s*)?(\d+) passed, (\d+) failed(?:, (\d+) skipped)?\s*$/;
/**
 * A line naming a failure: jest's `FAIL <file>` and `● <test>` (not its `● Console`, a test's own output),
 * the scripted stages' `FAIL <check>` (test/e2e/checks.mjs, test/e2e/vscode/lib.mjs). They are repeated
 * under the summary, since a CI log may keep only the end of the output.
 */
const FAILURE_LINE = /(?:^|\s)(?:FAIL|●(?!\s+Console\s*$))\s/;
const MAX_FAILURE_LINES = 12;
/** Jest names each failure twice (as it happens, then in its summary, there without the project's name): keep one. */
const failureKey = (line) => line.trim().replace(/^FAIL \S+ (?=\S*\/)/, 'FAIL ');

function runStage(stage) {
  return new Promise((resolve) => {
    const started = Date.now();
    let tail = '';
    const failures = [];
    const seen = new Set();
    const partial = { stdout: '', stderr: '' };
    const keepFailures = (text) => {
      for (const line of text.split('\n')) {
        if (!FAILURE_LINE.test(line) || failures.length >= MAX_FAILURE_LINES) continue;
        const key = failureKey(line);
        if (seen.has(key)) continue;
        seen.add(key);
        failures.push(line.trim().slice(0, 300));
      }
    };
    const child = spawn(stage.cmd, stage.args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: '0' } });
    const onData = (chunk, out, which) => {
      out.write(chunk);
      const text = chunk.toString();
      tail = (tail + text).slice(-20000);
      const lines = (partial[which] + text).split('\n');
      partial[which] = lines.pop();
      keepFailures(lines.join('\n'));
    };
    child.stdout.on('data', (c) => onData(c, process.stdout, 'stdout'));
    child.stderr.on('data', (c) => onData(c, process.stderr, 'stderr'));
    child.on('close', (code, signal) => {
      keepFailures(`${partial.stdout}\n${partial.stderr}`);
      const seconds = (Date.now() - started) / 1000;
      let passed = 0;
      let failed = 0;
      if (stage.counts === 'jest') {
        const reportPath = join(artifacts, stage.report ?? 'jest.json');
        if (existsSync(reportPath)) {
          const report = JSON.parse(readFileSync(reportPath, 'utf8'));
          passed = report.numPassedTests;
          failed = report.numFailedTests + (report.numRuntimeErrorTestSuites ?? 0);
        }
      } else if (stage.counts === 'line') {
        const line = tail
          .trim()
          .split('\n')
          .reverse()
          .find((l) => CLOSING_LINE.test(l.trim()));
        if (line) {
          const m = CLOSING_LINE.exec(line.trim());
          passed = Number(m[1]);
          failed = Number(m[2]);
        }
      } else {
        passed = code === 0 ? 1 : 0;
      }
      // A stage that exits non-zero fails even if it printed no failure count.
      if (code !== 0 && failed === 0) failed = 1;
      // A stage that claims success but ran nothing is a failure too: it would hide a broken runner.
      if (code === 0 && passed === 0 && failed === 0) failed = 1;
      resolve({ name: stage.name, code: code ?? signal, passed, failed, seconds, failures });
    });
  });
}

const results = [];
for (const stage of selected) {
  if (stage.needs && !existsSync(join(root, stage.needs))) {
    process.stdout.write(`\n=== ${stage.name}: not present (${stage.needs}), skipped\n`);
    continue;
  }
  process.stdout.write(`\n=== ${stage.name}: ${stage.cmd} ${stage.args.join(' ')}\n`);
  const result = await runStage(stage);
  results.push(result);
  process.stdout.write(`=== ${stage.name}: ${result.passed} passed, ${result.failed} failed in ${result.seconds.toFixed(0)} s\n`);
}

process.stdout.write('\nstage          passed  failed  seconds\n');
for (const r of results) {
  process.stdout.write(
    `${r.name.padEnd(14)} ${String(r.passed).padStart(6)}  ${String(r.failed).padStart(6)}  ${r.seconds.toFixed(0).padStart(7)}\n`,
  );
}
for (const r of results.filter((x) => x.failed > 0)) {
  process.stdout.write(`\nwhat failed in ${r.name}${r.code !== 0 ? ` (exit ${r.code})` : ''}:\n`);
  for (const line of r.failures.length > 0 ? r.failures : ['(no failure line printed; see the stage output above)'])
    process.stdout.write(`  ${line}\n`);
}
const passed = results.reduce((n, r) => n + r.passed, 0);
const failed = results.reduce((n, r) => n + r.failed, 0);
if (ciColdTools) rmSync(process.env.ONEFICHIER_TOOLS_DIR, { recursive: true, force: true });
process.stdout.write(`\n${passed} passed, ${failed} failed\n`);
process.exit(failed === 0 && results.length > 0 ? 0 : 1);
