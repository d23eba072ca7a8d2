/**
 * Entry point VS Code's test runner loads in the extension host (extensionTestsPath): runs the mocha
 * suites and writes the results where the e2e runner reads them (ONEFICHIER_IT_RESULTS).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

interface Result {
  title: string;
  ok: boolean;
  error?: string;
}

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 30_000, color: false });
  for (const f of fs
    .readdirSync(__dirname)
    .filter((n) => n.endsWith('.test.js'))
    .sort())
    mocha.addFile(path.join(__dirname, f));
  const results: Result[] = [];
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const out = process.env.ONEFICHIER_IT_RESULTS;
      if (out)
        fs.writeFileSync(
          out,
          JSON.stringify({ passed: results.filter((r) => r.ok).length, failed: results.filter((r) => !r.ok).length, results }, null, 2),
        );
      if (failures > 0) reject(new Error(`${failures} integration test(s) failed`));
      else resolve();
    });
    runner.on('pass', (test) => results.push({ title: test.fullTitle(), ok: true }));
    runner.on('fail', (test, err: Error) =>
      results.push({ title: test.fullTitle(), ok: false, error: `${err.message}\n${err.stack ?? ''}`.slice(0, 2000) }),
    );
  });
}
