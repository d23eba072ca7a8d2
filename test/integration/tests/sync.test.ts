/**
 * Folder sync and folder download, from the file system to the sandbox and back, with the sandbox's listing
 * budgets on: a folder listed twice inside its window would be a flood lock, so every run here also proves the
 * one-listing-per-folder rule.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runSyncPlan, whirlpoolHex, type SyncEvent } from '@onefichier/core';
import { planFolderDownload, planFolderSync, runFolderDownload, scanLocalFolder } from '@onefichier/core/node';
import { limitsKeepingTo, newEnv, profileOf, sleep, stopEnvs, type Env } from './helpers';

let env: Env;
beforeEach(async () => {
  // The client keeps to the profile's rate, so a flood answer here can only come from a listing budget.
  env = await newEnv({}, { reservedNames: 'encode', limits: limitsKeepingTo() });
});
afterEach(stopEnvs);

function localDir(files: Record<string, string | Buffer>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sync-local-'));
  for (const [rel, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), content);
  }
  return dir;
}

/** 'a/b.txt' paths of the sandbox's files under a folder, with their size. */
function remoteFiles(rootId: number): string[] {
  const state = env.sandbox.state();
  const pathOf = (id: number): string => {
    if (id === rootId) return '';
    const f = state.folders.find((x) => x.id === id);
    if (!f) return '?';
    const parent = pathOf(f.parentId);
    return parent ? `${parent}/${f.name}` : f.name;
  };
  return state.files.map((f) => `${pathOf(f.folderId) ? `${pathOf(f.folderId)}/` : ''}${f.filename} ${f.size}`).sort();
}

const requests = (name: string) => env.sandbox.state().counters.requests[name] ?? 0;

async function sync(dir: string, target: { folderId: number } | { parentId: number; name: string }, deleteExtraneous = false) {
  const plan = await planFolderSync(env.client, { localDir: dir, target, deleteExtraneous });
  const report = await runSyncPlan(env.client, plan);
  return { plan, report };
}

test('a folder is mirrored, a second sync lists each folder once and uploads nothing, a changed file is replaced once', async () => {
  const dir = localDir({ 'a.txt': 'alpha', 'price $.txt': 'ten', 'docs/b.txt': 'bravo', 'docs/deep/c.bin': Buffer.alloc(3000, 7) });
  fs.mkdirSync(path.join(dir, 'empty'));
  const first = await sync(dir, { parentId: 0, name: 'backup' });
  const root = first.report.remoteFolderId;
  expect(env.sandbox.state().folders.find((f) => f.id === root)).toMatchObject({ name: 'backup', parentId: 0 });
  expect(remoteFiles(root)).toEqual(['a.txt 5', 'docs/b.txt 5', 'docs/deep/c.bin 3000', 'price \uFF04.txt 3']);
  expect(env.sandbox.state().folders.some((f) => f.name === 'empty')).toBe(true);

  const uploadsBefore = requests('upload/get_upload_server.cgi');
  const listingsBefore = requests('folder/ls.cgi') + requests('file/ls.cgi');
  const second = await sync(dir, { folderId: root });
  expect(second.plan.summary).toMatchObject({ upload: 0, replace: 0, remove: 0, createFolders: 0, unchanged: 4 });
  expect(requests('upload/get_upload_server.cgi')).toBe(uploadsBefore);
  // backup, docs, docs/deep, empty: four folders, four listings.
  expect(requests('folder/ls.cgi') + requests('file/ls.cgi') - listingsBefore).toBe(4);
  expect(env.sandbox.state().floods).toBe(0);

  // Same size, other bytes: found by Whirlpool, replaced by exactly one upload and one removal.
  fs.writeFileSync(path.join(dir, 'docs/b.txt'), 'BRAVO');
  const removesBefore = requests('file/rm.cgi');
  const third = await sync(dir, { folderId: root });
  expect(third.report.replaced.map((r) => r.path)).toEqual(['docs/b.txt']);
  expect(requests('upload/get_upload_server.cgi') - uploadsBefore).toBe(1);
  expect(requests('file/rm.cgi') - removesBefore).toBe(1);
  const stored = env.sandbox.state().files.filter((f) => f.filename === 'b.txt');
  expect(stored).toEqual([expect.objectContaining({ whirlpool: await whirlpoolHex('BRAVO') })]);
});

test('after an interrupted replace (both copies there), the next sync keeps the current copy and removes the stale one', async () => {
  const dir = localDir({ 'a.txt': 'version-1' });
  const { report } = await sync(dir, { parentId: 0, name: 'backup' });
  const root = report.remoteFolderId;
  const stale = env.sandbox.state().files[0]!.url;
  // The new copy arrived, then the run stopped before removing the old one.
  fs.writeFileSync(path.join(dir, 'a.txt'), 'version-2');
  const interrupted = await planFolderSync(env.client, { localDir: dir, target: { folderId: root } });
  await env.client.upload(interrupted.replacements[0]!.file.source, { folderId: root });
  expect(env.sandbox.state().files).toHaveLength(2);

  await new Promise((r) => setTimeout(r, 450)); // the folder's listing window (the sandbox's is 300 ms here)
  const next = await sync(dir, { folderId: root });
  expect(next.plan.summary).toMatchObject({ upload: 0, replace: 0, remove: 1, unchanged: 1 });
  expect(next.report.removed).toEqual([{ path: 'a.txt', url: stale, reason: 'duplicate' }]);
  expect(env.sandbox.state().files).toEqual([expect.objectContaining({ filename: 'a.txt', whirlpool: await whirlpoolHex('version-2') })]);
});

test('with removal asked, remote files and folders absent locally go; without it they stay', async () => {
  const dir = localDir({ 'keep.txt': 'k', 'old/x.txt': 'x', 'old/deeper/y.txt': 'y' });
  const { report } = await sync(dir, { parentId: 0, name: 'mirror' });
  const root = report.remoteFolderId;
  fs.rmSync(path.join(dir, 'old'), { recursive: true });
  await new Promise((r) => setTimeout(r, 450));
  const kept = await sync(dir, { folderId: root });
  expect(kept.plan.summary).toMatchObject({ remove: 0, keptRemote: 0, removeFolders: 0 });
  expect(remoteFiles(root)).toHaveLength(3);
  await new Promise((r) => setTimeout(r, 450));
  const mirrored = await sync(dir, { folderId: root }, true);
  expect(mirrored.report.removed.map((r) => r.path).sort()).toEqual(['old/deeper/y.txt', 'old/x.txt']);
  const { removalLagMs } = profileOf(env.sandbox).faults;
  if (removalLagMs === 0) {
    expect(mirrored.report.removedFolders).toEqual(['old/deeper', 'old']);
  } else {
    // Removed files linger for the profile's removal lag (strict), and folder/rm refuses a folder that still
    // shows them: a folder whose files have not gone yet is left, with a warning, and the next run after the
    // lag removes it (whether the lag is over by a folder's turn depends on the pace).
    const left = mirrored.report.warnings.map((w) => /^(.+): the folder could not be removed yet/.exec(w)?.[1]);
    expect([...mirrored.report.removedFolders, ...left].sort()).toEqual(['old', 'old/deeper']);
    await sleep(removalLagMs);
    const next = await sync(dir, { folderId: root }, true);
    expect(next.report.removed).toEqual([]);
    expect([...mirrored.report.removedFolders, ...next.report.removedFolders]).toEqual(['old/deeper', 'old']);
  }
  expect(remoteFiles(root)).toEqual(['keep.txt 1']);
  expect(env.sandbox.state().folders.map((f) => f.name)).toEqual(['mirror']);
});

test('the local walk: empty folders are kept, links to folders are not followed, empty files stay out of uploads', async () => {
  const dir = localDir({ 'a.txt': 'a', 'sub/empty.txt': '' });
  fs.mkdirSync(path.join(dir, 'nothing'));
  fs.symlinkSync(path.join(dir, 'sub'), path.join(dir, 'loop'));
  const tree = await scanLocalFolder(dir);
  expect(tree.folders.sort()).toEqual(['nothing', 'sub']);
  expect(tree.files.map((f) => `${f.dir ? `${f.dir}/` : ''}${f.name} ${f.size}`).sort()).toEqual(['a.txt 1', 'sub/empty.txt 0']);
  expect(tree.skipped).toEqual([
    { path: 'loop', reason: 'a link to a folder is not followed', why: { code: 'folder_link', orBroken: false } },
  ]);
  const plan = await planFolderSync(env.client, { localDir: dir, target: { folderId: 0 } });
  expect(plan.skipped.map((s) => s.path).sort()).toEqual(['loop', 'sub/empty.txt']);
  await expect(scanLocalFolder(path.join(dir, 'missing'))).rejects.toMatchObject({ kind: 'not_found' });
});

test('a folder downloads back identical; a second run skips it all; a local change is replaced; corrupt bytes are caught', async () => {
  const src = localDir({ 'a.txt': 'alpha', 'price $.txt': 'ten', 'docs/b.bin': Buffer.alloc(200_000, 3) });
  fs.mkdirSync(path.join(src, 'docs/empty'));
  const { report } = await sync(src, { parentId: 0, name: 'backup' });
  const root = report.remoteFolderId;
  const dest = fs.mkdtempSync(path.join(os.tmpdir(), 'sync-download-'));
  await new Promise((r) => setTimeout(r, 450));

  const events: string[] = [];
  const plan = await planFolderDownload(env.client, { folderId: root, localDir: dest, onEvent: (e) => events.push(e.type) });
  expect(plan.summary).toMatchObject({ download: 3, replace: 0, unchanged: 0, createDirs: 2 });
  const done = await runFolderDownload(env.client, plan, { onEvent: (e) => events.push(e.type) });
  expect(done.failed).toEqual([]);
  for (const rel of ['a.txt', 'price $.txt', 'docs/b.bin'])
    expect(fs.readFileSync(path.join(dest, rel))).toEqual(fs.readFileSync(path.join(src, rel)));
  expect(fs.statSync(path.join(dest, 'docs/empty')).isDirectory()).toBe(true);
  expect(fs.readdirSync(dest).sort()).toEqual(['a.txt', 'docs', 'price $.txt']); // no temporary file left
  expect(events).toContain('downloading');

  await new Promise((r) => setTimeout(r, 450));
  const tokensBefore = requests('download/get_token.cgi');
  const again = await planFolderDownload(env.client, { folderId: root, localDir: dest });
  expect(again.summary).toMatchObject({ download: 0, replace: 0, unchanged: 3 });
  expect((await runFolderDownload(env.client, again)).downloaded).toEqual([]);
  expect(requests('download/get_token.cgi')).toBe(tokensBefore);

  // A local edit of the same size is found by Whirlpool and replaced by the remote copy.
  fs.writeFileSync(path.join(dest, 'a.txt'), 'ALPHA');
  await new Promise((r) => setTimeout(r, 450));
  const changed = await planFolderDownload(env.client, { folderId: root, localDir: dest });
  expect(changed.downloads.map((d) => [d.path, d.replaces])).toEqual([['a.txt', true]]);
  await runFolderDownload(env.client, changed);
  expect(fs.readFileSync(path.join(dest, 'a.txt'), 'utf8')).toBe('alpha');

  // The service serving other bytes than it lists: the local file is left as it was, the failure reported.
  const stored = env.sandbox.state().files.find((f) => f.filename === 'a.txt')!;
  fs.writeFileSync(path.join(env.sandbox.dataDir, 'blobs', stored.url.split('?')[1]!), 'ALPHA');
  fs.writeFileSync(path.join(dest, 'a.txt'), 'local');
  await new Promise((r) => setTimeout(r, 450));
  const corrupt = await planFolderDownload(env.client, { folderId: root, localDir: dest });
  const result = await runFolderDownload(env.client, corrupt);
  expect(result.failed.map((f) => [f.path, f.error.kind])).toEqual([['a.txt', 'integrity']]);
  expect(fs.readFileSync(path.join(dest, 'a.txt'), 'utf8')).toBe('local');
  expect(fs.readdirSync(dest).filter((n) => n.startsWith('.'))).toEqual([]);
});

test('cancelling a folder download keeps what finished and leaves no partial file', async () => {
  const src = localDir({ 'one.bin': Buffer.alloc(100_000, 1), 'two.bin': Buffer.alloc(100_000, 2) });
  const { report } = await sync(src, { parentId: 0, name: 'backup' });
  const dest = fs.mkdtempSync(path.join(os.tmpdir(), 'sync-download-'));
  await new Promise((r) => setTimeout(r, 450));
  const plan = await planFolderDownload(env.client, { folderId: report.remoteFolderId, localDir: dest });
  const controller = new AbortController();
  const run = runFolderDownload(env.client, plan, {
    signal: controller.signal,
    onEvent: (e) => {
      if (e.type === 'downloaded') controller.abort();
    },
  });
  await expect(run).rejects.toMatchObject({ kind: 'cancelled' });
  expect(fs.readdirSync(dest)).toEqual(['one.bin']);
});

test('sync progress: listing, hashing and upload events with byte totals', async () => {
  const dir = localDir({ 'a.txt': 'alpha', 'b.txt': 'bravo' });
  const events: SyncEvent[] = [];
  const plan = await planFolderSync(env.client, { localDir: dir, target: { parentId: 0, name: 'p' }, onEvent: (e) => events.push(e) });
  await runSyncPlan(env.client, plan, { onEvent: (e) => events.push(e) });
  expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['folder-created', 'uploading', 'uploaded']));
  expect(events.filter((e) => e.type === 'uploaded').at(-1)).toMatchObject({ bytesDone: 10, bytesTotal: 10 });
});
