/** Path helpers: resolve, mkdir -p, find by name (duplicates are ambiguous), recursive delete. */
import type { HttpRequest } from '../src';
import { json, makeClient } from './helpers';

const folder =
  (id: number, subs: [number, string][], items: [string, string][] = []) =>
  () =>
    json({
      status: 'OK',
      folder_id: id,
      name: `F${id}`,
      files: items.length,
      sub_folders: subs.map(([sid, name]) => ({ id: sid, name, create_date: '2026-01-01 00:00:00', pass: 0 })),
      items: items.map(([url, filename]) => ({ url, filename, size: 1 })),
    });
const body = (r: HttpRequest) => JSON.parse(r.body as string);

describe('paths', () => {
  test('resolveFolderPath walks each level', async () => {
    const t = makeClient();
    t.transport.reply(
      folder(0, [
        [10, 'Backups'],
        [11, 'Other'],
      ]),
      folder(10, [[20, '2026']]),
    );
    expect(await t.client.resolveFolderPath('/Backups/2026/')).toBe(20);
    expect(t.transport.requests.map(body)).toEqual([{ folder_id: 0 }, { folder_id: 10 }]);
    expect(await t.client.resolveFolderPath('/')).toBe(0);
  });

  test('resolveFolderPath: missing level → not_found naming it', async () => {
    const t = makeClient();
    t.transport.reply(folder(0, [[10, 'Backups']]), folder(10, []));
    await expect(t.client.resolveFolderPath('/Backups/2027')).rejects.toMatchObject({
      kind: 'not_found',
      message: 'Folder "2027" not found in /Backups.',
    });
  });

  test('duplicate folder names are ambiguous, with the ids', async () => {
    const t = makeClient();
    t.transport.reply(
      folder(0, [
        [10, 'A'],
        [12, 'A'],
      ]),
    );
    await expect(t.client.resolveFolderPath('/A')).rejects.toMatchObject({ kind: 'ambiguous', details: { folderIds: [10, 12] } });
  });

  test('ensureFolderPath creates only the missing levels and does not list new ones', async () => {
    const t = makeClient();
    t.transport.reply(
      folder(0, [[10, 'Backups']]),
      folder(10, []),
      () => json({ status: 'OK', folder_id: 20, name: '2026' }),
      () => json({ status: 'OK', folder_id: 30, name: 'db' }),
    );
    expect(await t.client.ensureFolderPath('/Backups/2026/db')).toBe(30);
    expect(t.transport.requests.map((r) => [r.url.split('/v1/')[1], body(r)])).toEqual([
      ['folder/ls.cgi', { folder_id: 0 }],
      ['folder/ls.cgi', { folder_id: 10 }],
      ['folder/mkdir.cgi', { name: '2026', folder_id: 10 }],
      ['folder/mkdir.cgi', { name: 'db', folder_id: 20 }],
    ]);
  });

  test("ensureFolderPath under 'refuse' refuses reserved names before creating anything", async () => {
    const t = makeClient();
    t.transport.reply(folder(0, []));
    await expect(t.client.ensureFolderPath('/a$b', { reservedNames: 'refuse' })).rejects.toMatchObject({ kind: 'invalid_name' });
    expect(t.transport.requests.filter((r) => r.url.endsWith('mkdir.cgi'))).toHaveLength(0);
  });

  test('ensureFolderPath finds a folder whose name was sent with look-alikes, instead of making it again', async () => {
    const t = makeClient();
    t.transport.reply(folder(0, [[10, 'l＇équipe ＄']]), folder(10, [[11, '␠x␠']]));
    expect(await t.client.ensureFolderPath("/l'équipe $/ x ")).toBe(11);
    expect(t.transport.requests.filter((r) => r.url.endsWith('mkdir.cgi'))).toHaveLength(0);
  });

  test('findFileByName finds a file by the name it was given, listings show it decoded', async () => {
    const t = makeClient();
    t.transport.reply(folder(5, [], [['https://1fichier.com/?f1000', 'facture d＇août.pdf']]));
    const listing = await t.client.listFolder(5, { includeFiles: true });
    expect(listing.items!.map((i) => i.filename)).toEqual(["facture d'août.pdf"]);
    t.transport.reply(() =>
      json({ status: 'OK', count: 1, items: [{ url: 'https://1fichier.com/?f1000', filename: 'facture d＇août.pdf', size: 1 }] }),
    );
    expect((await t.client.findFileByName(5, "facture d'août.pdf")).url).toBe('https://1fichier.com/?f1000');
  });

  test('paths with . or .. are refused', async () => {
    const t = makeClient();
    await expect(t.client.resolveFolderPath('/a/../b')).rejects.toMatchObject({ kind: 'invalid_input' });
  });

  test('findFileByName: one match, none, or several (ambiguous, listing the URLs)', async () => {
    const t = makeClient();
    t.transport.reply(() =>
      json({
        status: 'OK',
        count: 3,
        items: [
          { url: 'https://1fichier.com/?a0000', filename: 'a.txt', size: 1 },
          { url: 'https://1fichier.com/?b1000', filename: 'b.txt', size: 2 },
          { url: 'https://1fichier.com/?b2000', filename: 'b.txt', size: 3 },
        ],
      }),
    );
    expect((await t.client.findFileByName(4, 'a.txt')).url).toBe('https://1fichier.com/?a0000');
    await expect(t.client.findFileByName(4, 'c.txt')).rejects.toMatchObject({ kind: 'not_found' });
    const err = await t.client.findFileByName(4, 'b.txt').catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'ambiguous', details: { urls: ['https://1fichier.com/?b1000', 'https://1fichier.com/?b2000'] } });
    expect((err as Error).message).toMatch(/2 files are named "b.txt"/);
    expect(t.transport.requests).toHaveLength(1); // the two later lookups came from the listing cache
  });

  test('removeFolderRecursive: files, sub-folders depth-first, then the folder', async () => {
    const t = makeClient();
    t.transport.reply(
      folder(5, [[6, 'sub']], [['https://1fichier.com/?f1000', 'f1']]),
      () => json({ status: 'OK', removed: 1 }),
      folder(6, [], [['https://1fichier.com/?f2000', 'f2']]),
      () => json({ status: 'OK', removed: 1 }),
      () => json({ status: 'OK' }),
      () => json({ status: 'OK' }),
    );
    const removed: string[] = [];
    expect(await t.client.removeFolderRecursive(5, { onRemoved: (w) => removed.push(`${w.kind}:${w.id}`) })).toEqual({
      files: 2,
      folders: 2,
    });
    expect(t.transport.requests.map((r) => [r.url.split('/v1/')[1], body(r)])).toEqual([
      ['folder/ls.cgi', { folder_id: 5, files: 1 }],
      ['file/rm.cgi', { files: [{ url: 'https://1fichier.com/?f1000' }] }],
      ['folder/ls.cgi', { folder_id: 6, files: 1 }],
      ['file/rm.cgi', { files: [{ url: 'https://1fichier.com/?f2000' }] }],
      ['folder/rm.cgi', { folder_id: 6 }],
      ['folder/rm.cgi', { folder_id: 5 }],
    ]);
    expect(removed).toEqual(['file:https://1fichier.com/?f1000', 'file:https://1fichier.com/?f2000', 'folder:6', 'folder:5']);
  });

  test('parallel ensureFolderPath calls for one path create one folder (single flight)', async () => {
    const t = makeClient();
    t.transport.reply(folder(0, []), () => json({ status: 'OK', folder_id: 10, name: 'A' }));
    const ids = await Promise.all([1, 2, 3, 4, 5].map(() => t.client.ensureFolderPath('/A')));
    expect(ids).toEqual([10, 10, 10, 10, 10]);
    expect(t.transport.requests.map((r) => r.url.split('/v1/')[1])).toEqual(['folder/ls.cgi', 'folder/mkdir.cgi']);
  });

  test('ensureFolderPath: "already exists" (#731, made by another process meanwhile) lists again and reuses it', async () => {
    const t = makeClient();
    t.transport.reply(
      folder(0, []),
      () => json({ status: 'KO', message: 'Folder name already used in that parent #731' }),
      folder(0, [[10, 'A']]),
    );
    expect(await t.client.ensureFolderPath('/A')).toBe(10);
    expect(t.transport.requests.map((r) => r.url.split('/v1/')[1])).toEqual(['folder/ls.cgi', 'folder/mkdir.cgi', 'folder/ls.cgi']);
  });

  test('createFolderOrReuse says whether it made the folder: a folder made meanwhile elsewhere (#731) is reused, not created', async () => {
    const t = makeClient();
    t.transport.reply(
      () => json({ status: 'OK', folder_id: 10, name: 'A' }),
      () => json({ status: 'KO', message: 'Folder name already used in that parent #731' }),
      folder(0, [
        [10, 'A'],
        [11, 'B'],
      ]),
    );
    expect(await t.client.createFolderOrReuse('A', 0)).toEqual({ folderId: 10, created: true });
    expect(await t.client.createFolderOrReuse('B', 0)).toEqual({ folderId: 11, created: false });
    expect(t.transport.requests.map((r) => r.url.split('/v1/')[1])).toEqual(['folder/mkdir.cgi', 'folder/mkdir.cgi', 'folder/ls.cgi']);
  });

  test('parallel createFolderOrReuse calls share one mkdir, and only one of them is told it created the folder', async () => {
    const t = makeClient();
    t.transport.reply(() => json({ status: 'OK', folder_id: 10, name: 'A' }));
    const made = await Promise.all([1, 2, 3].map(() => t.client.createFolderOrReuse('A', 0)));
    expect(made.map((m) => m.folderId)).toEqual([10, 10, 10]);
    expect(made.filter((m) => m.created)).toHaveLength(1);
    expect(t.transport.requests).toHaveLength(1);
  });

  const notEmpty = () => json({ status: 'KO', message: 'Folder not empty #708' });
  const ok = () => json({ status: 'OK', removed: 1 });

  test('removeFolderRecursive: removed files that linger are listed again and removed again until the folder goes', async () => {
    const t = makeClient();
    const f1: [string, string] = ['https://1fichier.com/?f1000', 'f1'];
    t.transport.reply(folder(5, [], [f1]), ok, notEmpty, folder(5, [], [f1]), ok, notEmpty, folder(5, []), ok);
    expect(await t.client.removeFolderRecursive(5)).toEqual({ files: 1, folders: 1 });
    expect(t.transport.requests.map((r) => r.url.split('/v1/')[1])).toEqual([
      'folder/ls.cgi',
      'file/rm.cgi',
      'folder/rm.cgi',
      'folder/ls.cgi',
      'file/rm.cgi',
      'folder/rm.cgi',
      'folder/ls.cgi',
      'folder/rm.cgi',
    ]);
    // Each new listing waited for the folder's listing window.
    expect(t.events.filter((e) => e.type === 'wait' && e.reason === 'budget')).toHaveLength(2);
  });

  test('removeFolderRecursive: a listing capped at 5,000 items is followed by another one', async () => {
    const t = makeClient();
    const f = (n: number): [string, string] => [`https://1fichier.com/?f${n}000`, `f${n}`];
    t.transport.reply(folder(5, [], [f(1), f(2)]), ok, notEmpty, folder(5, [], [f(3)]), ok, () => json({ status: 'OK' }));
    expect(await t.client.removeFolderRecursive(5)).toEqual({ files: 3, folders: 1 });
  });

  test('removeFolderRecursive gives up after listings that show nothing more to remove, with a conflict that says to wait', async () => {
    const t = makeClient();
    t.transport.reply(folder(5, []), notEmpty);
    for (let i = 0; i < 4; i++) t.transport.reply(folder(5, []), notEmpty);
    await expect(t.client.removeFolderRecursive(5)).rejects.toMatchObject({
      kind: 'conflict',
      message: expect.stringMatching(/still not empty after 5 listings/),
      hint: expect.stringMatching(/try again in a few minutes/),
    });
  });

  test('removeFolderRecursive refuses the root', async () => {
    const t = makeClient();
    await expect(t.client.removeFolderRecursive(0)).rejects.toMatchObject({ kind: 'invalid_input' });
    expect(t.transport.requests).toHaveLength(0);
  });
});
