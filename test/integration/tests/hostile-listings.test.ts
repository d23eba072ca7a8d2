/**
 * Listings that could turn a tree walk or a folder download against the user: a folder listed inside itself
 * (the sandbox's listingLoop fault), and a listed file named like another file's temporary copy.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { bytesSource, runSyncPlan } from '@onefichier/core';
import { planFolderDownload, planFolderSync, runFolderDownload } from '@onefichier/core/node';
import { newEnv, stopEnvs, waitForListingLag, type Env } from './helpers';

let env: Env;
beforeEach(async () => {
  env = await newEnv();
});
afterEach(stopEnvs);

const listings = () => env.sandbox.state().counters.requests['folder/ls.cgi'] ?? 0;
const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'hostile-listing-'));

/** Every file under `dir` with its content, relative paths '/'-separated. */
function filesUnder(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[]) {
    if (!e.isFile()) continue;
    const full = path.join(e.parentPath, e.name);
    out[path.relative(dir, full).split(path.sep).join('/')] = fs.readFileSync(full, 'utf8');
  }
  return out;
}

describe.each([
  // The folder names itself as a sub-folder; each non-root folder does, at 'top' and at 'sub/sub'.
  { mode: 'self' as const, loops: ['sub/sub', 'top'] },
  // The folder names its parent; 'top' is in the root, so only 'sub' does.
  { mode: 'parent' as const, loops: ['sub/top'] },
])('a listing that names a folder of the walk again (listingLoop $mode)', ({ mode, loops }) => {
  test('folder download, sync and the recursive delete list each folder once and end', async () => {
    const top = await env.client.createFolder('top');
    const sub = await env.client.createFolder('sub', top.folderId);
    await env.client.upload(bytesSource('a.txt', Buffer.from('alpha')), { folderId: top.folderId });
    await env.client.upload(bytesSource('b.txt', Buffer.from('bravo')), { folderId: sub.folderId });
    env.sandbox.setFaults({ listingLoop: mode });
    await waitForListingLag(env.sandbox);
    const dest = tempDir();

    const before = listings();
    const plan = await planFolderDownload(env.client, { folderId: top.folderId, localDir: dest });
    expect(listings() - before).toBe(2);
    expect(plan.downloads.map((d) => d.path).sort()).toEqual(['a.txt', 'sub/b.txt']);
    expect(plan.skipped.map((s) => s.path).sort()).toEqual(loops);
    expect(plan.skipped[0]?.reason).toMatch(/^1fichier lists folder \d+ here, which is .* itself; it is downloaded once, there$/);
    const report = await runFolderDownload(env.client, plan);
    expect(report.failed).toEqual([]);
    expect(filesUnder(dest)).toEqual({ 'a.txt': 'alpha', 'sub/b.txt': 'bravo' });
    expect(env.sandbox.state().counters.behaviours.listingLoop).toBeGreaterThan(0);

    // Sync with removal walks every remote folder: it ends, and neither creates nor removes anything.
    const sync = await planFolderSync(env.client, { localDir: dest, target: { folderId: top.folderId }, deleteExtraneous: true });
    expect(sync.summary).toMatchObject({ upload: 0, replace: 0, remove: 0, createFolders: 0, removeFolders: 0, unchanged: 2 });
    expect(sync.warnings.filter((w) => /here again; it was listed once\.$/.test(w))).toHaveLength(loops.length);
    const ran = await runSyncPlan(env.client, sync);
    expect(ran.failed).toEqual([]);

    // The recursive delete empties and removes each folder once.
    await expect(env.client.removeFolderRecursive(top.folderId)).resolves.toEqual({ files: 2, folders: 2 });
    expect(env.sandbox.state().folders).toEqual([]);
    expect(env.sandbox.state().files).toEqual([]);
  }, 30_000);
});

test('a listed file named like another file’s temporary copy is downloaded too, and every run keeps both', async () => {
  const folder = await env.client.createFolder('pair');
  // Listed first, so it is on disk before a.txt is fetched.
  await env.client.upload(bytesSource('.a.txt.1fichier-download', Buffer.from('a file of its own')), { folderId: folder.folderId });
  await env.client.upload(bytesSource('a.txt', Buffer.from('alpha')), { folderId: folder.folderId });
  await waitForListingLag(env.sandbox);
  const dest = tempDir();
  for (const run of [1, 2]) {
    if (run === 2) fs.writeFileSync(path.join(dest, 'a.txt'), 'ALPHA'); // a local change: a.txt is fetched again
    const plan = await planFolderDownload(env.client, { folderId: folder.folderId, localDir: dest, compare: 'whirlpool' });
    const report = await runFolderDownload(env.client, plan);
    expect(report.failed).toEqual([]);
    expect(report.downloaded.map((d) => d.path).sort()).toEqual(run === 1 ? ['.a.txt.1fichier-download', 'a.txt'] : ['a.txt']);
    expect(filesUnder(dest)).toEqual({ '.a.txt.1fichier-download': 'a file of its own', 'a.txt': 'alpha' });
  }
});

test('a file that is no longer on disk when the run ends is reported as failed, not as downloaded', async () => {
  const folder = await env.client.createFolder('gone');
  await env.client.upload([bytesSource('a.txt', Buffer.from('alpha')), bytesSource('b.txt', Buffer.from('bravo'))], {
    folderId: folder.folderId,
  });
  const dest = tempDir();
  const plan = await planFolderDownload(env.client, { folderId: folder.folderId, localDir: dest });
  const report = await runFolderDownload(env.client, plan, {
    // Something else removes a.txt while the run goes on.
    onEvent: (e) => {
      if (e.type === 'downloaded' && e.path === 'a.txt') fs.rmSync(path.join(dest, 'a.txt'));
    },
  });
  expect(report.downloaded.map((d) => d.path)).toEqual(['b.txt']);
  expect(report.failed.map((f) => [f.path, f.error.kind])).toEqual([['a.txt', 'integrity']]);
  expect(report.failed[0]?.error.message).toMatch(/^a\.txt was downloaded, but is no longer on disk as it arrived/);
});
