// The one check runner of the scripted test stages (test/e2e, test/rclone, the benchmark smoke runs). Each
// check prints a PASS/FAIL line for people; at the end the stage writes a JSON report of every check to the
// file named by ONEFICHIER_TEST_REPORT (scripts/test.mjs sets it and reads it back) and exits non-zero if
// anything failed. The `N passed, N failed` line stays for people reading the log; nothing parses it.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** The variable naming the report file; scripts/test.mjs sets it for each scripted stage. */
export const REPORT_ENV = 'ONEFICHIER_TEST_REPORT';

export function assert(cond, message) {
  if (!cond) throw new Error(message);
}

/**
 * Writes the machine-readable report (when ONEFICHIER_TEST_REPORT names a file) and prints the closing line.
 * `checks` are `{ group, name, status: 'passed' | 'failed' | 'skipped', detail, ms }`. Returns the exit code:
 * 0 only when at least one check passed and none failed.
 */
export function writeReport(stage, checks) {
  const count = (status) => checks.filter((c) => c.status === status).length;
  const report = { stage, passed: count('passed'), failed: count('failed'), skipped: count('skipped'), checks };
  const file = process.env[REPORT_ENV];
  if (file) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  }
  process.stdout.write(`${report.passed} passed, ${report.failed} failed${report.skipped ? `, ${report.skipped} skipped` : ''}\n`);
  return report.failed === 0 && report.passed > 0 ? 0 : 1;
}

/**
 * A stage's checks, in named groups.
 * - `stage`: the report's name for the stage.
 * - `timed`: each line shows how long its check took.
 * - `write`: where the human-readable lines go (stdout by default).
 * - `stopAfterFailure`: after a failed check the remaining ones are reported as skipped, not run (a UI run
 *   whose later steps build on the earlier ones). A result given to `record` does not stop them.
 * - `onFailure(name, index)`: called after a failed check (a screenshot, the extension's log); its own errors
 *   are ignored.
 */
export function createChecks({
  stage,
  timed = false,
  write = (line) => process.stdout.write(`${line}\n`),
  stopAfterFailure = false,
  onFailure = async () => {},
} = {}) {
  const checks = [];
  let currentGroup = '';
  let broken = false;

  function record(name, ok, detail = '', ms = undefined) {
    checks.push({ group: currentGroup, name, status: ok ? 'passed' : 'failed', detail, ...(ms === undefined ? {} : { ms }) });
    const took = timed && ms !== undefined ? ` (${(ms / 1000).toFixed(1)} s)` : '';
    write(`${ok ? 'PASS' : 'FAIL'} ${name}${took}${detail ? `: ${detail}` : ''}`);
  }

  /** Runs one check: a thrown error fails it; a returned string is printed beside it. Resolves with whether it passed. */
  async function check(name, fn) {
    if (broken && stopAfterFailure) {
      checks.push({ group: currentGroup, name, status: 'skipped', detail: 'not run, an earlier check failed' });
      write(`SKIP ${name}: not run, an earlier check failed`);
      return false;
    }
    const t0 = Date.now();
    try {
      const detail = await fn();
      record(name, true, typeof detail === 'string' ? detail : '', Date.now() - t0);
      return true;
    } catch (err) {
      record(name, false, err?.message ?? String(err), Date.now() - t0);
      broken = true;
      await Promise.resolve()
        .then(() => onFailure(name, checks.length))
        .catch(() => undefined);
      return false;
    }
  }

  /**
   * A named group of checks: its name heads its lines and tags its checks in the report. An error thrown by
   * the group outside any check is a failed check of its own, so a crash is never silent.
   */
  async function group(name, fn) {
    const outer = currentGroup;
    currentGroup = name;
    write(`== ${name}`);
    try {
      return await fn();
    } catch (err) {
      record(`${name}: stopped outside a check`, false, err?.message ?? String(err));
      return undefined;
    } finally {
      currentGroup = outer;
    }
  }

  /**
   * Writes the report, prints the closing line and exits: with `code` when given, else 0 only if at least one
   * check ran and all passed. `crash` (an error outside any group) is reported as a failed check.
   */
  function finish(code, { crash } = {}) {
    if (crash) record('the script itself', false, crash?.stack ?? crash?.message ?? String(crash));
    const status = writeReport(stage, checks);
    process.exit(code ?? status);
  }

  return { record, check, group, finish, checks, isBroken: () => broken };
}
