/**
 * Expected outputs in the workflow files may hold two placeholders for values that change from run to
 * run: "__ANY__" (any value, but present) and "__ISO__" (an ISO-8601 UTC date). This returns the expected
 * value with each placeholder replaced by the actual value when it fits, so that a strict toEqual between
 * the actual output and the result checks everything else.
 */
export function resolvePlaceholders(expected: unknown, actual: unknown): unknown {
  if (expected === '__ANY__') return actual === undefined ? '<missing value>' : actual;
  if (expected === '__ISO__') {
    return typeof actual === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(actual) ? actual : '<an ISO date>';
  }
  if (Array.isArray(expected)) {
    return expected.map((e, i) => resolvePlaceholders(e, Array.isArray(actual) ? actual[i] : undefined));
  }
  if (expected && typeof expected === 'object') {
    const source = actual && typeof actual === 'object' ? (actual as Record<string, unknown>) : {};
    return Object.fromEntries(Object.entries(expected as Record<string, unknown>).map(([k, v]) => [k, resolvePlaceholders(v, source[k])]));
  }
  return expected;
}
