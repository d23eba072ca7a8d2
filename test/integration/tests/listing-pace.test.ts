/**
 * One listing pace across folders: the sandbox enforces one listing of any folder per 3 s per IP (the strict
 * profile's `listingIntervalMs`, opted in here on whatever profile the suite runs; docs/api-notes.md#rate-limits-and-budgets), and every
 * tree walk of the client (sync's remote tree, folder download, the recursive delete) takes its turns from
 * the core's IP-wide listing lane: a run meets at most one flood answer, and nothing fails.
 *
 * Both sides run at a time scale of 0.1 (not the suite's 0.025): the client's 3.3 s clears the service's 3 s
 * by 30 ms in real time there, more than a loaded machine delays one request.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runSyncPlan } from '@onefichier/core';
import { planFolderDownload, planFolderSync } from '@onefichier/core/node';
import { clientLimitsAt, clientRetryAt, newEnv, stopEnvs, type Env } from './helpers';

const SCALE = 0.1;
const LISTING_INTERVAL_MS = 3_000 * SCALE;

let env: Env;
beforeEach(async () => {
  env = await newEnv(
    { timeScale: SCALE, limits: { listingIntervalMs: LISTING_INTERVAL_MS } },
    { limits: clientLimitsAt(SCALE), retry: clientRetryAt(SCALE) },
  );
});
afterEach(stopEnvs);

/** A local tree of `folders` folders (one file each), two levels deep. */
function localTree(folders: number): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'listing-pace-'));
  for (let i = 0; i < folders; i++) {
    const rel = path.join(`part-${i % 3}`, `set-${i}`);
    fs.mkdirSync(path.join(dir, rel), { recursive: true });
    fs.writeFileSync(path.join(dir, rel, 'data.txt'), `folder ${i}`);
  }
  return dir;
}

const listings = () => {
  const requests = env.sandbox.state().counters.requests;
  return (requests['folder/ls.cgi'] ?? 0) + (requests['file/ls.cgi'] ?? 0);
};

test("a sync of a tree of 9 folders, a second sync's walk and a folder download's walk meet at most one flood answer", async () => {
  const dir = localTree(9);
  const first = await runSyncPlan(env.client, await planFolderSync(env.client, { localDir: dir, target: { parentId: 0, name: 'tree' } }));
  expect(first.failed).toEqual([]);
  const root = first.remoteFolderId;

  const before = listings();
  const second = await planFolderSync(env.client, { localDir: dir, target: { folderId: root } });
  expect(second.summary).toMatchObject({ upload: 0, unchanged: 9 });
  // tree, its 3 parts and their 9 sets: 13 folders listed, one after the other.
  expect(listings() - before).toBeGreaterThanOrEqual(13);

  // The folder download's walk only (the downloads themselves are get_token's pace, not this one's).
  const into = fs.mkdtempSync(path.join(os.tmpdir(), 'listing-pace-down-'));
  const download = await planFolderDownload(env.client, { folderId: root, localDir: into });
  expect(download.summary.download).toBe(9);
  expect(download.listings).toBeGreaterThanOrEqual(13);

  const state = env.sandbox.state();
  expect(state.floods).toBeLessThanOrEqual(1);
  expect(state.budgetOverruns['listing pace'] ?? 0).toBeLessThanOrEqual(1);
}, 180_000);

test('the recursive delete of a tree of 9 folders meets at most one flood answer and removes everything', async () => {
  const tree = await env.client.ensureFolderPath('/gone');
  for (let p = 0; p < 3; p++) {
    const part = await env.client.createFolder(`part-${p}`, tree);
    for (let s = 0; s < 2; s++) await env.client.createFolder(`set-${s}`, part.folderId);
  }
  const removed = await env.client.removeFolderRecursive(tree);
  expect(removed.folders).toBe(10);
  const state = env.sandbox.state();
  expect(state.folders).toEqual([]);
  expect(state.floods).toBeLessThanOrEqual(1);
}, 180_000);
