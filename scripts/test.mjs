#!/usr/bin/env node
// The project's whole test command (`pnpm test`, run by .ci/run): build, lint, unit and integration tests,
// package checks, real rclone against the sandbox, the real n8n and real VS Code end-to-end runs, the language
// server in other editors, the playground test, the packages installed from a local npm registry and a
// benchmark smoke run. Each stage runs in its own process; what passed and failed is read from its exit code
// and a machine-readable report (jest's JSON, or the JSON report of scripts/lib/checks.mjs), never from its
// text, and added up into one closing line.
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
import { REPORT_ENV } from './lib/checks.mjs';

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

/**
 * A stage: a command, and how to read its pass/fail counts: `exit` (its exit code alone), `jest` (jest's JSON
 * report) or `checks` (the report scripts/lib/checks.mjs writes where its REPORT_ENV variable says).
 */
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
  { name: 'rclone', cmd: 'node', args: ['test/rclone/run.mjs'], counts: 'checks', needs: 'test/rclone/run.mjs' },
  { name: 'e2e-n8n', cmd: 'node', args: ['test/e2e/n8n/run.mjs'], counts: 'checks', needs: 'test/e2e/n8n/run.mjs' },
  // n8n in queue mode (Redis and PostgreSQL from Debian, a main process and two workers): about 5 minutes.
  { name: 'e2e-n8n-queue', cmd: 'node', args: ['test/e2e/n8n/queue.mjs'], counts: 'checks', needs: 'test/e2e/n8n/queue.mjs' },
  { name: 'e2e-vscode', cmd: 'node', args: ['test/e2e/vscode/run.mjs'], counts: 'checks', needs: 'test/e2e/vscode/run.mjs' },
  // The extension in French (code-server with a stand-in language pack, since none can be downloaded here).
  { name: 'e2e-vscode-fr', cmd: 'node', args: ['test/e2e/vscode/french.mjs'], counts: 'checks', needs: 'test/e2e/vscode/french.mjs' },
  { name: 'e2e-vscode-hover', cmd: 'node', args: ['test/e2e/vscode/hover.mjs'], counts: 'checks', needs: 'test/e2e/vscode/hover.mjs' },
  // The language server in Neovim and Emacs (eglot, lsp-mode) from Debian, each started by its README block.
  { name: 'editors', cmd: 'node', args: ['test/e2e/editors/run.mjs'], counts: 'checks', needs: 'test/e2e/editors/run.mjs' },
  { name: 'e2e-start', cmd: 'node', args: ['test/e2e/start/run.mjs'], counts: 'checks', needs: 'test/e2e/start/run.mjs' },
  // Verdaccio with an empty storage: every public package published with `pnpm publish -r`, then installed
  // from it the way users do (n8n's ~/.n8n/nodes, npx for the language server, npm for the core).
  { name: 'registry', cmd: 'node', args: ['test/e2e/registry/run.mjs'], counts: 'checks', needs: 'test/e2e/registry/run.mjs' },
  { name: 'bench-smoke', cmd: 'node', args: ['scripts/bench.mjs', '--smoke'], counts: 'checks', needs: 'bench' },
  {
    name: 'sandbox-bench',
    cmd: 'node',
    args: ['test/sandbox/bench/upload-memory.js', '256'],
    counts: 'checks',
    needs: 'test/sandbox/bench/upload-memory.js',
  },
  {
    name: 'lsp-bench-smoke',
    cmd: 'node',
    args: ['packages/language-server/bench.mjs', '--smoke'],
    counts: 'checks',
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

const MAX_FAILURE_LINES = 12;

/** Where a scripted stage writes its report; removed before the run, so an old one is never read. */
const checksReportPath = (stage) => join(artifacts, `${stage.name}.checks.json`);

/** The counts and the names of what failed, from jest's JSON report. */
function readJestReport(path) {
  if (!existsSync(path)) return { passed: 0, failed: 0, failures: [] };
  const report = JSON.parse(readFileSync(path, 'utf8'));
  const failures = [];
  for (const suite of report.testResults ?? []) {
    const file = suite.name.startsWith(root) ? suite.name.slice(root.length + 1) : suite.name;
    const failedTests = (suite.assertionResults ?? []).filter((t) => t.status === 'failed');
    for (const t of failedTests) failures.push(`${file} › ${t.fullName}`);
    // A file that failed before any test ran (a syntax or import error) has no failed test of its own.
    if (suite.status === 'failed' && failedTests.length === 0) failures.push(`${file}: ${String(suite.message).trim().split('\n')[0]}`);
  }
  return { passed: report.numPassedTests, failed: report.numFailedTests + (report.numRuntimeErrorTestSuites ?? 0), failures };
}

/** The counts and the names of what failed, from the report of scripts/lib/checks.mjs. */
function readChecksReport(path) {
  if (!existsSync(path)) return { passed: 0, failed: 0, skipped: 0, failures: ['(the stage wrote no report; see its output above)'] };
  const report = JSON.parse(readFileSync(path, 'utf8'));
  const failures = report.checks
    .filter((c) => c.status === 'failed')
    .map((c) => `${c.group ? `${c.group} › ` : ''}${c.name}${c.detail ? `: ${String(c.detail).split('\n')[0]}` : ''}`);
  return { passed: report.passed, failed: report.failed, skipped: report.skipped, failures };
}

function runStage(stage) {
  return new Promise((resolve) => {
    const started = Date.now();
    const env = { ...process.env, FORCE_COLOR: '0' };
    if (stage.counts === 'checks') {
      env[REPORT_ENV] = checksReportPath(stage);
      rmSync(env[REPORT_ENV], { force: true });
    }
    const jestReport = join(artifacts, stage.report ?? 'jest.json');
    if (stage.counts === 'jest') rmSync(jestReport, { force: true });
    const child = spawn(stage.cmd, stage.args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'], env });
    child.on('close', (code, signal) => {
      const seconds = (Date.now() - started) / 1000;
      let counts = { passed: code === 0 ? 1 : 0, failed: 0, skipped: 0, failures: [] };
      if (stage.counts === 'jest') counts = readJestReport(jestReport);
      else if (stage.counts === 'checks') counts = readChecksReport(env[REPORT_ENV]);
      const { passed } = counts;
      let { failed } = counts;
      // A stage that exits non-zero fails even if its report counts no failure.
      if (code !== 0 && failed === 0) failed = 1;
      // A stage that claims success but ran nothing is a failure too: it would hide a broken runner.
      if (code === 0 && passed === 0 && failed === 0) failed = 1;
      const failures = counts.failures.slice(0, MAX_FAILURE_LINES);
      if (counts.failures.length > MAX_FAILURE_LINES) failures.push(`… and ${counts.failures.length - MAX_FAILURE_LINES} more`);
      resolve({ name: stage.name, code: code ?? signal, passed, failed, skipped: counts.skipped ?? 0, seconds, failures });
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
  const skippedNote = result.skipped ? `, ${result.skipped} not run` : '';
  process.stdout.write(
    `=== ${stage.name}: ${result.passed} passed, ${result.failed} failed${skippedNote} in ${result.seconds.toFixed(0)} s\n`,
  );
}

process.stdout.write('\nstage          passed  failed  seconds\n');
for (const r of results) {
  process.stdout.write(
    `${r.name.padEnd(14)} ${String(r.passed).padStart(6)}  ${String(r.failed).padStart(6)}  ${r.seconds.toFixed(0).padStart(7)}\n`,
  );
}
for (const r of results.filter((x) => x.failed > 0)) {
  process.stdout.write(`\nwhat failed in ${r.name}${r.code !== 0 ? ` (exit ${r.code})` : ''}:\n`);
  for (const line of r.failures.length > 0 ? r.failures : ['(no failing check named; see the stage output above)'])
    process.stdout.write(`  ${line}\n`);
}
const passed = results.reduce((n, r) => n + r.passed, 0);
const failed = results.reduce((n, r) => n + r.failed, 0);
if (ciColdTools) rmSync(process.env.ONEFICHIER_TOOLS_DIR, { recursive: true, force: true });
process.stdout.write(`\n${passed} passed, ${failed} failed\n`);
process.exit(failed === 0 && results.length > 0 ? 0 : 1);
