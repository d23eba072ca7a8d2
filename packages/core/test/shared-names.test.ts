/** Uploads of one batch that would store one name in one folder (and so replace or skip each other). */
import { sharedStoredNames, storedFileName } from '../src';
import { planSync } from '../src/internal';
import { FakeStorage, localTree } from './fake-storage';

describe('sharedStoredNames', () => {
  test('three uploads of one name into one folder form one group, in batch order; other names and folders do not', () => {
    const groups = sharedStoredNames([
      { folder: 7, name: 'notes.txt' },
      { folder: 7, name: 'other.txt' },
      { folder: 7, name: 'notes.txt' },
      { folder: 8, name: 'notes.txt' },
      { folder: 7, name: 'notes.txt' },
    ]);
    expect(groups).toEqual([{ folder: 7, stored: 'notes.txt', indexes: [0, 2, 4] }]);
  });

  test('names are compared as stored: a reserved character and its look-alike are one name under the default policy', () => {
    expect(
      sharedStoredNames([
        { folder: 0, name: 'a<b>.txt' },
        { folder: 0, name: 'a\uFF1Cb\uFF1E.txt' },
      ]),
    ).toEqual([{ folder: 0, stored: 'a<b>.txt', indexes: [0, 1] }]);
    // Under 'refuse' the reserved name cannot be used at all: it fails on its own, and no group is formed.
    expect(
      sharedStoredNames(
        [
          { folder: 0, name: 'a<b>.txt' },
          { folder: 0, name: 'a\uFF1Cb\uFF1E.txt' },
        ],
        'refuse',
      ),
    ).toEqual([]);
  });

  test('names differing only in case are different names on 1fichier; a folder id and a path are different keys', () => {
    expect(
      sharedStoredNames([
        { folder: 0, name: 'Notes.txt' },
        { folder: 0, name: 'notes.txt' },
      ]),
    ).toEqual([]);
    expect(
      sharedStoredNames([
        { folder: 5, name: 'a.txt' },
        { folder: '5', name: 'a.txt' },
      ]),
    ).toEqual([]);
  });

  test('storedFileName is the name as listed, or undefined when the name cannot be used', () => {
    expect(storedFileName('x$y.txt')).toBe('x$y.txt');
    expect(storedFileName('x$y.txt', 'refuse')).toBeUndefined();
    expect(storedFileName('')).toBeUndefined();
  });
});

describe('a sync of two local files that 1fichier would store under one name', () => {
  test('neither is synced, each says which file it clashes with, and the copy already there stays', async () => {
    const s = new FakeStorage();
    const root = s.folder('Backup');
    await s.file(root, 'a<b>.txt', 'old');
    const plan = await planSync(s, localTree({ 'a<b>.txt': 'new one', 'a\uFF1Cb\uFF1E.txt': 'new two', 'c.txt': 'C' }), {
      target: { folderId: root },
      deleteExtraneous: true,
    });
    expect(plan.uploads.map((u) => u.path)).toEqual(['c.txt']);
    expect(plan.replacements).toEqual([]);
    // Mirroring: the copy already there is not "absent locally".
    expect(plan.removals).toEqual([]);
    expect(plan.skipped).toEqual(
      expect.arrayContaining([
        {
          path: 'a<b>.txt',
          reason: 'another local file, a\uFF1Cb\uFF1E.txt, would be stored under the same name "a<b>.txt" on 1fichier: rename one of them',
          why: { code: 'same_stored_name', others: ['a\uFF1Cb\uFF1E.txt'], stored: 'a<b>.txt', picked: false },
        },
        {
          path: 'a\uFF1Cb\uFF1E.txt',
          reason: 'another local file, a<b>.txt, would be stored under the same name "a<b>.txt" on 1fichier: rename one of them',
          why: { code: 'same_stored_name', others: ['a<b>.txt'], stored: 'a<b>.txt', picked: false },
        },
      ]),
    );
  });
});
