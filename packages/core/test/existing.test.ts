/** Uploads that know what is already there: the four policies, one listing per folder, replace order. */
import { FolderFileIndex, OneFichierError, bytesSource, uploadWithConflictPolicy, type IfExists } from '../src';
import { FakeStorage } from './fake-storage';

const source = (name: string, text: string) => bytesSource(name, new TextEncoder().encode(text));

async function put(s: FakeStorage, index: FolderFileIndex, folderId: number, name: string, text: string, ifExists: IfExists) {
  return uploadWithConflictPolicy(s, index, source(name, text), { folderId, ifExists });
}

describe('uploadWithConflictPolicy', () => {
  test('keep both uploads without listing, as the service itself does', async () => {
    const s = new FakeStorage();
    const index = new FolderFileIndex(s);
    await s.file(0, 'a.txt', 'old');
    const r = await put(s, index, 0, 'a.txt', 'new', 'keepBoth');
    expect(r.action).toBe('uploaded');
    expect(s.calls).toEqual(['upload a.txt to 0']);
    expect(s.contents()).toEqual(['a.txt=new', 'a.txt=old']);
  });

  test('skip leaves an existing file alone and answers it; a missing one is uploaded', async () => {
    const s = new FakeStorage();
    const index = new FolderFileIndex(s);
    const old = await s.file(0, 'a.txt', 'old');
    const skipped = await put(s, index, 0, 'a.txt', 'different', 'skip');
    expect(skipped).toMatchObject({ action: 'skipped', file: { url: old, filename: 'a.txt', size: 3 } });
    expect((await put(s, index, 0, 'b.txt', 'b', 'skip')).action).toBe('uploaded');
    expect(s.contents()).toEqual(['a.txt=old', 'b.txt=b']);
  });

  test('replace uploads first and removes the old copies only after the upload is confirmed', async () => {
    const s = new FakeStorage();
    const index = new FolderFileIndex(s);
    const one = await s.file(0, 'a.txt', 'one');
    const two = await s.file(0, 'a.txt', 'two');
    const r = await put(s, index, 0, 'a.txt', 'three', 'replace');
    expect(r).toMatchObject({ action: 'replaced', removed: [one, two] });
    expect(s.calls).toEqual(['file/ls 0', 'upload a.txt to 0', 'rm 2']);
    expect(s.contents()).toEqual(['a.txt=three']);
  });

  test('replace: when the upload fails, the old copy stays', async () => {
    const s = new FakeStorage();
    const index = new FolderFileIndex(s);
    await s.file(0, 'a.txt', 'one');
    s.uploadOutcomes = [new OneFichierError({ kind: 'network', message: 'reset' })];
    await expect(put(s, index, 0, 'a.txt', 'two', 'replace')).rejects.toMatchObject({ kind: 'network' });
    expect(s.contents()).toEqual(['a.txt=one']);
  });

  test('skip if identical compares size and Whirlpool: the same bytes are skipped, other bytes replace', async () => {
    const s = new FakeStorage();
    const index = new FolderFileIndex(s);
    await s.file(0, 'a.txt', 'same');
    expect((await put(s, index, 0, 'a.txt', 'same', 'skipIfIdentical')).action).toBe('skipped');
    // Same size, other bytes: not identical.
    expect((await put(s, index, 0, 'a.txt', 'SAME', 'skipIfIdentical')).action).toBe('replaced');
    expect(s.contents()).toEqual(['a.txt=SAME']);
  });

  test('a nightly run of the same files stores them once, with one listing per folder for the whole run', async () => {
    const s = new FakeStorage();
    const index = new FolderFileIndex(s);
    const nightly = async () => {
      for (const [name, text] of [
        ['a.txt', 'A'],
        ['b.txt', 'B'],
        ['c.txt', 'C'],
      ] as const)
        await put(s, index, 0, name, text, 'skipIfIdentical');
    };
    await nightly();
    await nightly();
    expect(s.contents()).toEqual(['a.txt=A', 'b.txt=B', 'c.txt=C']);
    expect(s.calls.filter((c) => c.startsWith('file/ls'))).toEqual(['file/ls 0']);
    expect(s.calls.filter((c) => c.startsWith('upload'))).toHaveLength(3);
  });

  test('items that check one folder at the same time share one listing and do not replace one file twice', async () => {
    const s = new FakeStorage();
    const index = new FolderFileIndex(s);
    await s.file(0, 'a.txt', 'old');
    const results = await Promise.all([put(s, index, 0, 'a.txt', 'new', 'replace'), put(s, index, 0, 'a.txt', 'newer', 'replace')]);
    expect(s.calls.filter((c) => c.startsWith('file/ls'))).toHaveLength(1);
    expect(results.map((r) => r.action)).toEqual(['replaced', 'replaced']);
    expect(s.contents()).toEqual(['a.txt=newer']);
  });

  test('names are looked up as they are stored (reserved characters mapped as the upload maps them)', async () => {
    const s = new FakeStorage('encode');
    const index = new FolderFileIndex(s);
    await s.file(0, 'cost \uFF04.txt', 'ten');
    expect((await put(s, index, 0, 'cost $.txt', 'ten', 'skipIfIdentical')).action).toBe('skipped');
  });
});
