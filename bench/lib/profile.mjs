// Summarises a V8 .cpuprofile (from `--profile`, which runs client workers with node --cpu-prof): the
// functions with the most self time, so a missed target can be traced to its cause.
import { readFileSync } from 'node:fs';

export function summariseProfile(path, top = 12) {
  const profile = JSON.parse(readFileSync(path, 'utf8'));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map();
  const deltas = profile.timeDeltas;
  let total = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const node = byId.get(profile.samples[i]);
    const dt = deltas[i] ?? 0;
    total += dt;
    const f = node.callFrame;
    const file = f.url ? f.url.replace(/^.*\/(packages|test|bench|node_modules)\//, '$1/') : '';
    const key = `${f.functionName || '(anonymous)'} ${file}${file ? `:${f.lineNumber + 1}` : ''}`;
    selfUs.set(key, (selfUs.get(key) ?? 0) + dt);
  }
  const rows = [...selfUs.entries()].sort((a, b) => b[1] - a[1]).slice(0, top);
  return {
    totalMs: total / 1000,
    rows: rows.map(([name, us]) => ({ name, ms: us / 1000, share: us / total })),
  };
}

export function formatProfile(summary) {
  return summary.rows.map((r) => `${(r.share * 100).toFixed(1).padStart(5)}% ${r.ms.toFixed(0).padStart(7)} ms  ${r.name}`).join('\n');
}
