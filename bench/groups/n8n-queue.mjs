// n8n_queue_flood_locks: real n8n in queue mode (a main process, two workers, Redis and PostgreSQL from
// Debian) runs 24 webhook executions at once, each uploading a file and asking for its link, against the
// sandbox's default profile. The run is the e2e test's (test/e2e/n8n/queue.mjs); the figure is its count of
// flood locks with the credential's "Processes Sharing This Key" matching the workers (2); the run with the
// setting left at 1 is recorded beside it. Skipped by --smoke (several minutes).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { isN8nInstalled } from '../../scripts/lib/n8n.mjs';

const FIGURE = 'n8n_queue_flood_locks';
const EXECUTIONS = 24;

export async function n8nQueueGroup(ctx) {
  if (ctx.mode === 'smoke')
    return ctx.skip(FIGURE, 'queue mode starts n8n six times; measured by the full run and the e2e-n8n-queue test stage');
  if (!isN8nInstalled()) return ctx.skip(FIGURE, 'real n8n is not installed (node scripts/install-n8n.mjs)');
  const out = join(ctx.tmp, 'n8n-queue.json');
  rmSync(out, { force: true });
  const code = await new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [join(ctx.root, 'test', 'e2e', 'n8n', 'queue.mjs'), '--json', out, '--executions', String(EXECUTIONS)],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let tail = '';
    const keep = (c) => {
      tail = (tail + c.toString()).slice(-4000);
      for (const line of c.toString().split('\n')) if (/^(PASS|FAIL) /.test(line)) ctx.log(`n8n queue: ${line}`);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', reject);
    child.on('close', (c) =>
      c === 0 ? resolve(c) : reject(new Error(`the queue-mode run failed (exit ${c}): ${tail.trim().split('\n').slice(-3).join(' / ')}`)),
    );
  });
  if (code !== 0 || !existsSync(out)) throw new Error('the queue-mode run wrote no figures');
  const f = JSON.parse(readFileSync(out, 'utf8'));
  for (const [name, value] of Object.entries(f)) ctx.record(name, value);
  ctx.report(
    FIGURE,
    f.n8n_queue_flood_locks_setting_2,
    `main + 2 workers, ${EXECUTIONS} webhook executions (7 calls each: upload, info, description, info, link), sandbox default profile; "Processes Sharing This Key" = 2: ` +
      `${f.n8n_queue_flood_locks_setting_2} lock(s) in ${f.n8n_queue_seconds_setting_2} s; left at 1: ${f.n8n_queue_flood_locks_setting_1} lock(s) in ${f.n8n_queue_seconds_setting_1} s`,
  );
}
