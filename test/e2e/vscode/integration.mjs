// Mocha integration tests inside the real extension host of code-server, loaded the way VS Code's own
// browser integration tests are: the workbench URL carries a payload with extensionDevelopmentPath and
// extensionTestsPath, and the workbench reports the end through codeAutomationExit(code).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { artifacts, extensionDir } from './lib.mjs';

/** Where the test index writes its results (the env var is handed to code-server at start). */
export const RESULTS_FILE = join(artifacts, 'integration-results.json');

/** Runs the mocha tests and records each as a check with `record` (scripts/lib/checks.mjs). */
export async function runIntegration({ context, codeServer, workspace, log, record }) {
  const compiled = spawnSync('pnpm', ['--filter', 'vscode-1fichier', 'exec', 'tsc', '-p', 'tsconfig.integration.json'], {
    cwd: extensionDir,
    encoding: 'utf8',
  });
  if (compiled.status !== 0) throw new Error(`compiling the integration tests failed:\n${compiled.stdout}\n${compiled.stderr}`);
  rmSync(RESULTS_FILE, { force: true });
  const authority = `127.0.0.1:${codeServer.port}`;
  const payload = [
    ['extensionDevelopmentPath', `vscode-remote://${authority}${extensionDir}`],
    ['extensionTestsPath', `vscode-remote://${authority}${join(extensionDir, 'out', 'integration', 'index.js')}`],
  ];
  const page = await context.newPage();
  // The extension host's console (mocha's reporter included) reaches the page in development mode.
  const consoleLines = [];
  page.on('console', (m) => consoleLines.push(`${m.type()}: ${m.text()}`));
  let resolveExit;
  const exited = new Promise((r) => (resolveExit = r));
  await page.exposeFunction('codeAutomationExit', (code) => resolveExit(code));
  const started = Date.now();
  await page.goto(`${codeServer.url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
  const code = await Promise.race([exited, new Promise((r) => setTimeout(() => r('timeout'), 180_000))]);
  await page.screenshot({ path: join(artifacts, 'integration-end.png') }).catch(() => undefined);
  await page.close();
  writeFileSync(join(artifacts, 'integration-console.log'), consoleLines.join('\n'));
  if (!existsSync(RESULTS_FILE)) {
    record('the integration tests report their results', false, `no results (exit ${code}); see test-artifacts/vscode/code-server.log`);
    return;
  }
  const results = JSON.parse(readFileSync(RESULTS_FILE, 'utf8'));
  for (const r of results.results) record(r.title, r.ok, r.ok ? '' : r.error);
  log(`integration run ended with code ${code} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  // A non-zero exit with all tests passing still fails the run (an error outside the tests).
  if (code !== 0 && results.failed === 0) record('the integration run ends with code 0', false, `it ended with ${code}`);
}
