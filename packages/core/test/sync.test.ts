/** One-way sync: the plan (what it lists, hashes and decides) and its run (order of changes, failures, cancel). */
import { OneFichierError, describePlan, reasonText, runSyncPlan, skippedFor, type SyncEvent, type SyncPlan } from '../src';
import { planSync } from '../src/internal';
import { FakeStorage, localTree } from './fake-storage';

const paths = (list: { path: string }[]) => list.map((x) => x.path).sort();

describe('planSync', () => {
  test('a new tree: folders to create and uploads, without listing folders that do not exist remotely', async () => {
    const s = new FakeStorage();
    const target = s.folder('Backup');
    const plan = await planSync(s, localTree({ 'a.txt': 'A', 'docs/b.txt': 'B', 'docs/deep/c.txt': 'C' }, ['empty']), {
      target: { folderId: target },
    });
    expect(s.calls).toEqual([`folder/ls ${target} +files`]);
    expect(paths(plan.uploads)).toEqual(['a.txt', 'docs/b.txt', 'docs/deep/c.txt']);
    expect(plan.createFolders.map((f) => f.path)).toEqual(['docs', 'empty', 'docs/deep']);
    expect(plan.summary).toMatchObject({ upload: 3, replace: 0, remove: 0, unchanged: 0, createFolders: 3, bytes: 3 });
    expect(describePlan(plan)).toBe('3 to upload, 0 to replace; 0 unchanged (3 bytes to send)');
    expect(plan.listings).toBe(1);
  });

  test('an unchanged tree: one listing per folder, nothing to do; files are hashed only where sizes match', async () => {
    const s = new FakeStorage();
    const root = s.folder('Backup');
    const docs = s.folder('docs', root);
    await s.file(root, 'a.txt', 'same');
    await s.file(docs, 'b.txt', 'other');
    const events: SyncEvent[] = [];
    const plan = await planSync(s, localTree({ 'a.txt': 'same', 'docs/b.txt': 'other', 'docs/new.txt': 'new' }), {
      target: { folderId: root },
      onEvent: (e) => events.push(e),
    });
    expect(s.calls).toEqual([`folder/ls ${root} +files`, `folder/ls ${docs} +files`]);
    expect(plan.summary).toMatchObject({ upload: 1, replace: 0, remove: 0, unchanged: 2, createFolders: 0 });
    expect(events.filter((e) => e.type === 'hashing').map((e) => e.path)).toEqual(['a.txt', 'docs/b.txt']);
  });

  test('a changed file of the same size is replaced when comparing by Whirlpool, not when comparing by size', async () => {
    const s = new FakeStorage();
    const root = s.folder('Backup');
    const old = await s.file(root, 'a.txt', 'version-1');
    const local = () => localTree({ 'a.txt': 'version-2' });
    const byHash = await planSync(s, local(), { target: { folderId: root } });
    expect(byHash.replacements.map((r) => [r.path, r.replaces.map((f) => f.url)])).toEqual([['a.txt', [old]]]);
    const bySize = await planSync(s, local(), { target: { folderId: root }, compare: 'size' });
    expect(bySize.summary).toMatchObject({ replace: 0, unchanged: 1 });
  });

  test('an interrupted replace (old and new copy side by side) keeps the copy that matches and removes the other', async () => {
    const s = new FakeStorage();
    const root = s.folder('Backup');
    const stale = await s.file(root, 'a.txt', 'version-1');
    await s.file(root, 'a.txt', 'version-2');
    // Even by size (both copies have 9 bytes): with two copies the Whirlpool decides which is current.
    const plan = await planSync(s, localTree({ 'a.txt': 'version-2' }), { target: { folderId: root }, compare: 'size' });
    expect(plan.summary).toMatchObject({ upload: 0, replace: 0, unchanged: 1, remove: 1 });
    expect(plan.removals).toEqual([
      expect.objectContaining({ path: 'a.txt', reason: 'duplicate', file: expect.objectContaining({ url: stale }) }),
    ]);
  });

  test('remote files absent locally stay unless removal is asked; then they and their folders go', async () => {
    const s = new FakeStorage();
    const root = s.folder('Backup');
    const gone = s.folder('gone', root);
    const deeper = s.folder('deeper', gone);
    await s.file(root, 'keep.txt', 'k');
    await s.file(root, 'old.txt', 'o');
    await s.file(deeper, 'x.txt', 'x');
    const local = () => localTree({ 'keep.txt': 'k' });
    const kept = await planSync(s, local(), { target: { folderId: root } });
    expect(kept.summary).toMatchObject({ remove: 0, keptRemote: 1, removeFolders: 0 });
    expect(describePlan(kept)).toBe('0 to upload, 0 to replace; 1 unchanged, 1 only on 1fichier (kept) (0 bytes to send)');
    expect(kept.listings).toBe(1);
    s.calls = [];
    const mirrored = await planSync(s, local(), { target: { folderId: root }, deleteExtraneous: true });
    expect(s.calls).toEqual([`folder/ls ${root} +files`, `folder/ls ${gone} +files`, `folder/ls ${deeper} +files`]);
    expect(paths(mirrored.removals)).toEqual(['gone/deeper/x.txt', 'old.txt']);
    expect(mirrored.removals.every((r) => r.reason === 'absent locally')).toBe(true);
    expect(mirrored.removeFolders).toEqual([
      { path: 'gone/deeper', id: deeper },
      { path: 'gone', id: gone },
    ]);
  });

  test('reserved names: a local name matches its stored look-alike; with the refuse policy it is skipped with the reason', async () => {
    const s = new FakeStorage();
    const root = s.folder('Backup');
    await s.file(root, 'price \uFF04.txt', 'ten');
    const encoded = await planSync(s, localTree({ 'price $.txt': 'ten', "it's/a.txt": 'a' }), { target: { folderId: root } });
    expect(encoded.summary).toMatchObject({ unchanged: 1, upload: 1 });
    // Paths are compared and shown in the client's form: the name as given (stored as rclone's look-alike).
    expect(encoded.createFolders.map((f) => f.storedPath)).toEqual(["it's"]);
    const refused = await planSync(s, localTree({ 'price $.txt': 'ten', "it's/a.txt": 'a' }), {
      target: { folderId: root },
      reservedNames: 'refuse',
      deleteExtraneous: true,
    });
    expect(refused.skipped.map((x) => x.path).sort()).toEqual(["it's", 'price $.txt']);
    expect(refused.skipped[0]?.reason).toMatch(/cannot be used on 1fichier: .*reserves/);
    // The local file still exists, so its copy stored by an earlier (encoding) run is not "absent locally".
    expect(refused.removals).toEqual([]);
  });

  test('a listing without checksums: files of the right size count as unchanged, and the plan says they were compared by size', async () => {
    const s = new FakeStorage();
    const root = s.folder('Backup');
    await s.file(root, 'a.txt', 'aaaa');
    await s.file(root, 'b.txt', 'bbbb');
    s.noChecksums = true;
    const plan = await planSync(s, localTree({ 'a.txt': 'AAAA', 'b.txt': 'bbbb' }), { target: { folderId: root } });
    expect(plan.summary).toMatchObject({ unchanged: 2, replace: 0 });
    expect(plan.warnings).toEqual(["2 files were compared by size only, 1fichier's listing having no checksum for them: a.txt, b.txt."]);
    // The same note as a code, for the preview in the user's language.
    expect(plan.notes).toEqual([{ code: 'size_only', count: 2, some: ['a.txt', 'b.txt'] }]);
    expect(reasonText(plan.notes[0]!, 'fr')).toBe(
      '2 fichiers ont été comparés par la taille seulement, la liste de 1fichier n’ayant pas leur somme de contrôle\u202f: a.txt, b.txt.',
    );
  });

  test('an incomplete listing (the 5,000 cap) never leads to removals there, and says so', async () => {
    const s = new FakeStorage();
    const root = s.folder('Backup');
    await s.file(root, 'a.txt', 'a');
    await s.file(root, 'b.txt', 'b');
    s.listCap = 1;
    const plan = await planSync(s, localTree({ 'c.txt': 'c' }), { target: { folderId: root }, deleteExtraneous: true });
    expect(plan.removals).toEqual([]);
    expect(plan.warnings.join('\n')).toMatch(/only part of its files/);
    expect(plan.notes).toEqual([{ code: 'listing_incomplete', path: undefined, mirror: true }]);
  });

  test('what the local walk could not read is never removed remotely', async () => {
    const s = new FakeStorage();
    const root = s.folder('Backup');
    const locked = s.folder('locked', root);
    await s.file(locked, 'secret.txt', 's');
    await s.file(root, 'unreadable.txt', 'u');
    const local = localTree({ 'a.txt': 'a' }, ['locked']);
    local.skipped.push(
      skippedFor({ path: 'locked' }, { code: 'unreadable', error: 'EACCES' }),
      skippedFor({ path: 'unreadable.txt' }, { code: 'unreadable', error: 'EACCES' }),
    );
    const plan = await planSync(s, local, { target: { folderId: root }, deleteExtraneous: true });
    expect(plan.removals).toEqual([]);
    expect(plan.removeFolders).toEqual([]);
  });

  test('two remote folders with one name: their files are skipped with the ids, never guessed', async () => {
    const s = new FakeStorage();
    const root = s.folder('Backup');
    const one = s.folder('docs', root);
    const two = s.folder('docs', root);
    const plan = await planSync(s, localTree({ 'docs/a.txt': 'a' }), { target: { folderId: root } });
    expect(plan.uploads).toEqual([]);
    expect(plan.createFolders).toEqual([]);
    expect(plan.skipped).toEqual([
      {
        path: 'docs/a.txt',
        reason: expect.stringContaining(`docs (ids ${one}, ${two})`),
        why: { code: 'ambiguous_parent', folder: 'docs', ids: [one, two] },
      },
      {
        path: 'docs',
        reason: `several folders on 1fichier are named like it: docs (ids ${one}, ${two}); rename one of them`,
        why: { code: 'ambiguous_folder', folder: 'docs', ids: [one, two] },
      },
    ]);
  });

  test('a named target that does not exist: one listing of its parent, then everything is new', async () => {
    const s = new FakeStorage();
    const parent = s.folder('Backups');
    const plan = await planSync(s, localTree({ 'a.txt': 'a', 'sub/b.txt': 'b' }), { target: { parentId: parent, name: 'photos' } });
    expect(s.calls).toEqual([`folder/ls ${parent}`]);
    expect(plan.remoteFolderId).toBeUndefined();
    expect(plan.createFolders.map((f) => f.path)).toEqual(['', 'sub']);
  });

  test('empty local files are skipped, and their remote copy is not taken for absent', async () => {
    const s = new FakeStorage();
    const root = s.folder('Backup');
    await s.file(root, 'empty.txt', 'was full');
    const plan = await planSync(s, localTree({ 'empty.txt': '' }), { target: { folderId: root }, deleteExtraneous: true });
    expect(plan.skipped).toEqual([
      { path: 'empty.txt', reason: '1fichier does not store empty (0-byte) files', why: { code: 'empty_file' } },
    ]);
    expect(plan.removals).toEqual([]);
  });
});

describe('runSyncPlan', () => {
  async function planned(
    s: FakeStorage,
    files: Record<string, string>,
    extra: Partial<Parameters<typeof planSync>[2]> = {},
  ): Promise<SyncPlan> {
    return planSync(s, localTree(files), { target: { folderId: s.folders[0]!.id }, ...extra });
  }

  test('creates folders, uploads, then removes the replaced copy only after its upload; a second plan finds nothing to do', async () => {
    const s = new FakeStorage();
    const root = s.folder('Backup');
    await s.file(root, 'a.txt', 'old');
    const local = { 'a.txt': 'new!', 'docs/b.txt': 'b' };
    const plan = await planned(s, local);
    s.calls = [];
    const report = await runSyncPlan(s, plan);
    expect(s.calls).toEqual([`mkdir docs in ${root}`, `upload b.txt to ${s.folders[1]!.id}`, `upload a.txt to ${root}`, 'rm 1']);
    expect(s.contents(root)).toEqual(['a.txt=new!', 'docs/b.txt=b']);
    expect(report.uploaded.map((u) => u.path)).toEqual(['docs/b.txt']);
    expect(report.replaced.map((r) => [r.path, r.removed.length])).toEqual([['a.txt', 1]]);
    const again = await planned(s, local);
    expect(again.summary).toMatchObject({ upload: 0, replace: 0, remove: 0, createFolders: 0, unchanged: 2 });
  });

  test('a failed upload of replacements keeps the old copies, is reported, and the rest goes on', async () => {
    const s = new FakeStorage();
    const root = s.folder('Backup');
    await s.file(root, 'a.txt', 'old-a');
    await s.file(root, 'b.txt', 'old-b');
    const plan = await planned(s, { 'a.txt': 'new-a!', 'b.txt': 'new-b!', 'sub/c.txt': 'c' });
    // The new file goes first (sub/c.txt), then a.txt and b.txt in one request, which fails.
    s.uploadOutcomes = [undefined, new OneFichierError({ kind: 'integrity', message: 'Whirlpool mismatch' })];
    const report = await runSyncPlan(s, plan);
    expect(s.contents(root)).toEqual(['a.txt=old-a', 'b.txt=old-b', 'sub/c.txt=c']);
    expect(report.failed.map((f) => [f.path, f.error.kind])).toEqual([
      ['a.txt', 'integrity'],
      ['b.txt', 'integrity'],
    ]);
    expect(report.replaced).toEqual([]);
    expect(report.uploaded.map((u) => u.path)).toEqual(['sub/c.txt']);
  });

  test('a failure that concerns the account stops the run and says what was done', async () => {
    const s = new FakeStorage();
    s.folder('Backup');
    const plan = await planned(s, { 'a.txt': 'a', 'sub/b.txt': 'b' });
    s.uploadOutcomes = [new OneFichierError({ kind: 'rate_limited', message: 'Flood detected' })];
    await expect(runSyncPlan(s, plan)).rejects.toMatchObject({
      kind: 'rate_limited',
      details: { done: { uploaded: 0, createdFolders: 1, replaced: 0, removed: 0 } },
    });
  });

  test('cancelling stops before the next change, with a cancelled error', async () => {
    const s = new FakeStorage();
    s.folder('Backup');
    const plan = await planned(s, { 'a/1.txt': '1', 'b/2.txt': '2' });
    const controller = new AbortController();
    const run = runSyncPlan(s, plan, {
      signal: controller.signal,
      onEvent: (e) => {
        if (e.type === 'uploaded') controller.abort();
      },
    });
    await expect(run).rejects.toMatchObject({ kind: 'cancelled', details: { done: { uploaded: 1 } } });
    expect(s.files).toHaveLength(1);
  });

  test('a named target is created first, then filled', async () => {
    const s = new FakeStorage();
    const parent = s.folder('Backups');
    const plan = await planSync(s, localTree({ 'a.txt': 'a' }), { target: { parentId: parent, name: 'photos' } });
    const report = await runSyncPlan(s, plan);
    const photos = s.folders.find((f) => f.name === 'photos')!;
    expect(photos.parentId).toBe(parent);
    expect(report.remoteFolderId).toBe(photos.id);
    expect(s.contents(photos.id)).toEqual(['a.txt=a']);
  });

  test('progress events carry byte counts up to the total', async () => {
    const s = new FakeStorage();
    s.folder('Backup');
    const plan = await planned(s, { 'a.txt': 'aaaa', 'b.txt': 'bb' });
    const events: SyncEvent[] = [];
    await runSyncPlan(s, plan, { onEvent: (e) => events.push(e) });
    const last = events.filter((e) => e.type === 'uploaded').at(-1);
    expect(last).toMatchObject({ bytesDone: 6, bytesTotal: 6 });
  });
});
