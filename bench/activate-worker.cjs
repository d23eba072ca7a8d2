// Loads the bundled VS Code extension with a fake `vscode` module and times its activate() once, in a
// fresh process (a cold start, as when VS Code activates it). Answers {loadMs, activateMs} over IPC.
'use strict';

const { performance } = require('node:perf_hooks');
const { dirname } = require('node:path');
const { installFakeVscode, fakeContext } = require('./fake-vscode.cjs');

async function main() {
  const { bundle } = JSON.parse(process.env.ONEFICHIER_BENCH_ARGS ?? '{}');
  installFakeVscode();
  const t0 = performance.now();
  const extension = require(bundle);
  const t1 = performance.now();
  if (typeof extension.activate !== 'function') throw new Error(`${bundle} exports no activate() function`);
  const context = fakeContext(dirname(dirname(bundle)));
  await extension.activate(context);
  const t2 = performance.now();
  if (typeof extension.deactivate === 'function') await extension.deactivate();
  for (const d of context.subscriptions) {
    try {
      d?.dispose?.();
    } catch {
      /* a stub's dispose may throw; not what is measured */
    }
  }
  return { loadMs: t1 - t0, activateMs: t2 - t1, subscriptions: context.subscriptions.length };
}

main().then(
  (result) => {
    process.send({ ok: true, result });
    process.exit(0);
  },
  (err) => {
    process.send({ ok: false, error: err && err.stack ? err.stack.split('\n').slice(0, 4).join(' | ') : String(err) });
    process.exit(0);
  },
);
