// The check runner of the script-driven test stages (e2e-n8n, e2e-n8n-queue, e2e-start, registry, rclone): one
// PASS/FAIL line per check, and `N passed, N failed` last, the line scripts/test.mjs reads for its summary.

export function assert(cond, message) {
  if (!cond) throw new Error(message);
}

/**
 * A list of results. `timed` adds each check's duration to its line; `write` is where lines go (stdout by
 * default).
 */
export function createChecks({ timed = false, write = (line) => process.stdout.write(`${line}\n`) } = {}) {
  const results = [];
  const counts = () => {
    const passed = results.filter((r) => r.ok).length;
    return { passed, failed: results.length - passed };
  };

  function record(name, ok, detail = '') {
    results.push({ name, ok });
    write(`${ok ? 'PASS' : 'FAIL'} ${name}${detail ? `: ${detail}` : ''}`);
  }

  /** Runs one check: a thrown error fails it; a returned string is printed beside it. Resolves with whether it passed. */
  async function check(name, fn) {
    const t0 = Date.now();
    const took = () => (timed ? ` (${((Date.now() - t0) / 1000).toFixed(1)} s)` : '');
    try {
      const detail = await fn();
      record(`${name}${took()}`, true, typeof detail === 'string' ? detail : '');
      return true;
    } catch (err) {
      record(`${name}${took()}`, false, err?.message ?? String(err));
      return false;
    }
  }

  /**
   * Prints the summary and exits: with `code` when given, else 0 only if at least one check ran and all
   * passed. `extraFailures` counts a failure outside any check (a crash of the script itself).
   */
  function finish(code, { extraFailures = 0 } = {}) {
    const { passed, failed } = counts();
    // The closing line scripts/test.mjs reads: plain on stdout, whatever `write` does.
    process.stdout.write(`${passed} passed, ${failed + extraFailures} failed\n`);
    process.exit(code ?? (failed === 0 && extraFailures === 0 && passed > 0 ? 0 : 1));
  }

  return { record, check, finish };
}
