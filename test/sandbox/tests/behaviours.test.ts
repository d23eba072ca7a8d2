/**
 * Behaviours of the real service the plain sandbox does not show (FAULT_CATALOG in src/faults.ts names the
 * evidence of each in docs/api-notes.md): each is a switch in `faults`, and the strict profile turns most of them on.
 */
import type { Sandbox } from '../src/index';
import { api, expectKo, manualClock, newSandbox, raw, stopAll, upload } from './helpers';

afterAll(stopAll);

const mkdir = async (sb: Sandbox, name: string, parent = 0) =>
  (await api(sb, 'folder/mkdir.cgi', { name, folder_id: parent })).json.folder_id as number;
const listed = async (sb: Sandbox, folderId: number) =>
  (((await api(sb, 'file/ls.cgi', { folder_id: folderId })).json.items ?? []) as { filename: string }[]).map((i) => i.filename);

describe('removalLagMs: removed files linger in listings, and folder/rm is refused until they are gone (C# SDK b843b24)', () => {
  test('listing, file/info, file/rm again, folder/rm, then the lag ends', async () => {
    const clock = manualClock();
    const sb = await newSandbox({ faults: { removalLagMs: 700 }, now: clock.now });
    const folder = await mkdir(sb, 'lag-rm');
    const [a] = await upload(sb, [{ filename: 'a.txt', data: Buffer.from('a') }], folder);
    expect((await api(sb, 'file/rm.cgi', { files: [{ url: a!.download }] })).json).toMatchObject({ status: 'OK', removed: 1 });
    expect(await listed(sb, folder)).toEqual(['a.txt']);
    expect((await api(sb, 'folder/ls.cgi', { folder_id: folder })).json.files).toBe(1);
    expectKo(await api(sb, 'file/info.cgi', { url: a!.download }), 403, 707);
    expectKo(await api(sb, 'folder/rm.cgi', { folder_id: folder }), 200, 708);
    // What the C# SDK's loop does: remove again what the listing still shows. It is accepted.
    expect((await api(sb, 'file/rm.cgi', { files: [{ url: a!.download }] })).json.status).toBe('OK');
    expect(sb.state().lingering).toEqual([{ url: a!.download, goneAt: expect.any(Number) }]);
    expect(sb.state().files).toEqual([]);
    clock.advance(750);
    expect(await listed(sb, folder)).toEqual([]);
    expect((await api(sb, 'folder/rm.cgi', { folder_id: folder })).json.status).toBe('OK');
    // file/ls, folder/ls and folder/rm were changed by the lag.
    expect(sb.state().counters.behaviours.removalLagMs).toBe(3);
  });

  test('without the lag a removed file is gone at once', async () => {
    const sb = await newSandbox();
    const [a] = await upload(sb, [{ filename: 'now.txt', data: Buffer.from('a') }]);
    await api(sb, 'file/rm.cgi', { files: [{ url: a!.download }] });
    expect(await listed(sb, 0)).toEqual([]);
  });
});

describe('notFound469: "Resource not found #469" with HTTP 404 (JDownloader requestFileInformationAPI)', () => {
  test('file/info, get_token and mutations on an unknown file', async () => {
    const sb = await newSandbox({ faults: { notFound469: true } });
    const unknown = 'https://1fichier.com/?aaaaaaaaaaaaaaaaaaaa';
    expect((await api(sb, 'file/info.cgi', { url: unknown })).json).toEqual({ status: 'KO', message: 'Resource not found #469' });
    expectKo(await api(sb, 'file/info.cgi', { url: unknown }), 404, 469);
    expectKo(await api(sb, 'download/get_token.cgi', { url: unknown }), 404, 469);
    expectKo(await api(sb, 'file/rm.cgi', { files: [{ url: unknown }] }), 404, 469);
    expect(sb.state().counters.behaviours).toEqual({ notFound469: 4 });
  });
});

describe("other accounts' files: #631 texts for protected and ACL-limited ones (JDownloader isAPIErrorPassword)", () => {
  let sb: Sandbox;
  let theirs: string;
  let locked: string;
  beforeAll(async () => {
    sb = await newSandbox({ premiumKeys: ['PremiumKeyNumberOne0000000000000', 'PremiumKeyNumberTwo0000000000000'] });
    const other = 'PremiumKeyNumberTwo0000000000000';
    [theirs, locked] = (
      await upload(
        sb,
        [
          { filename: 'theirs é.bin', data: Buffer.from('theirs') },
          { filename: 'acl.bin', data: Buffer.from('acl') },
        ],
        0,
        other,
      )
    ).map((l) => l.download) as [string, string];
    await api(sb, 'file/chattr.cgi', { urls: [theirs], pass: 'secret12' }, { key: other });
    await api(sb, 'file/chattr.cgi', { urls: [locked], acl: { email: ['someone@example.org'] } }, { key: other });
  });

  test('get_token: no password, a wrong one, the right one', async () => {
    expect((await api(sb, 'download/get_token.cgi', { url: theirs })).json).toEqual({
      status: 'KO',
      message: 'Password not provided. Resource not allowed #631',
    });
    expect((await api(sb, 'download/get_token.cgi', { url: theirs, pass: 'nope1234' })).json).toEqual({
      status: 'KO',
      message: 'Invalid password. Resource not allowed #631',
    });
    expect((await api(sb, 'download/get_token.cgi', { url: theirs, pass: 'secret12' })).json.status).toBe('OK');
  });

  test('get_token on an ACL-limited file of another account', async () => {
    expect((await api(sb, 'download/get_token.cgi', { url: locked })).json).toEqual({ status: 'KO', message: 'Resource not allowed #631' });
  });

  test('file/info on their files: "File not found" by default; with othersPublicInfo the public fields, or #631', async () => {
    expectKo(await api(sb, 'file/info.cgi', { url: theirs, pass: 'secret12' }), 403, 707);
    sb.setFaults({ othersPublicInfo: true });
    try {
      const info = await api(sb, 'file/info.cgi', { url: theirs, pass: 'secret12' });
      expect(info.json).toEqual({
        url: theirs,
        filename: 'theirs é.bin',
        size: 6,
        date: expect.any(String),
        checksum: expect.stringMatching(/^[0-9a-f]{128}$/),
        'content-type': 'application/octet-stream',
        description: '',
        pass: 1,
      });
      expectKo(await api(sb, 'file/info.cgi', { url: theirs }), 403, 631);
      expectKo(await api(sb, 'file/info.cgi', { url: locked }), 403, 631);
      expect(sb.state().counters.behaviours).toEqual({ othersPublicInfo: 3 });
    } finally {
      sb.resetFaults();
    }
  });
});

describe('sameFolderMoveKeepsName: file/mv to the current folder with rename renames nothing (docs/api-notes.md#files)', () => {
  test('same folder: OK and the name stays; another folder: moved and renamed', async () => {
    const sb = await newSandbox({ faults: { sameFolderMoveKeepsName: true } });
    const [f] = await upload(sb, [{ filename: 'test.txt', data: Buffer.from('Hello world\n') }]);
    const same = await api(sb, 'file/mv.cgi', { urls: [f!.download], destination_folder_id: 0, rename: 'test2.txt' });
    expect(same.status).toBe(200);
    expect(same.json.status).toBe('OK');
    expect(sb.state().files[0]).toMatchObject({ filename: 'test.txt', folderId: 0 });
    const dest = await mkdir(sb, 'elsewhere');
    await api(sb, 'file/mv.cgi', { urls: [f!.download], destination_folder_id: dest, rename: 'test2.txt' });
    expect(sb.state().files[0]).toMatchObject({ filename: 'test2.txt', folderId: dest });
    expect(sb.state().counters.behaviours).toEqual({ sameFolderMoveKeepsName: 1 });
  });
});

describe('infoWithoutFolderId: file/info answers without folder_id (no real dump shows it)', () => {
  test('the file fields are there, folder_id is not; without the switch it is', async () => {
    const sb = await newSandbox({ faults: { infoWithoutFolderId: true } });
    const dest = await mkdir(sb, 'here');
    const [f] = await upload(sb, [{ filename: 'a.txt', data: Buffer.from('a') }], dest);
    const info = (await api(sb, 'file/info.cgi', { url: f!.download })).json;
    expect(info).toMatchObject({ filename: 'a.txt', path: 'here' });
    expect(info).not.toHaveProperty('folder_id');
    expect(sb.state().counters.behaviours).toEqual({ infoWithoutFolderId: 1 });
    sb.setFaults({ infoWithoutFolderId: false });
    expect((await api(sb, 'file/info.cgi', { url: f!.download })).json).toMatchObject({ folder_id: dest });
  });
});

describe('quotedFilename: Content-Disposition filename="…" with raw UTF-8 bytes (Gizmo091 OneFichierCom.php)', () => {
  test('the bytes on the wire are the UTF-8 name; Node shows them as latin1', async () => {
    const sb = await newSandbox({ faults: { quotedFilename: true } });
    // Characters beyond latin1 too (a dash, a full-width apostrophe, CJK): Node refused those with a
    // Content-Length before them, and wrote a header flushed alone as UTF-8 (the bytes encoded twice).
    const name = 'été ü — l＇équipe 写真.txt';
    const [f] = await upload(sb, [{ filename: name, data: Buffer.from('x') }]);
    const token = (await api(sb, 'download/get_token.cgi', { url: f!.download })).json.url as string;
    const header = (await raw(token)).headers['content-disposition']!;
    expect(Buffer.from(header, 'latin1').toString('utf8')).toBe(`attachment; filename="${name}"`);
    expect(header).not.toContain('filename*');
    expect(sb.state().counters.behaviours).toEqual({ quotedFilename: 1 });
  });
});

describe('notCustomer200: the 2020 code of "Must be a customer"', () => {
  test('#200 instead of #236', async () => {
    const sb = await newSandbox({ faults: { notCustomer200: true } });
    const [f] = await upload(sb, [{ filename: 'f.txt', data: Buffer.from('f') }], 0, sb.freeKey);
    expect((await api(sb, 'download/get_token.cgi', { url: f!.download }, { key: sb.freeKey })).json).toEqual({
      status: 'KO',
      message: 'Must be a customer (Premium, Access) #200',
    });
    expect(sb.state().counters.behaviours).toEqual({ notCustomer200: 1 });
  });
});

describe('listingCap: listings stop at the cap (the real one is 5000)', () => {
  test('file/ls, folder/ls items and sub-folders, and the shared-folder page stop at N', async () => {
    const sb = await newSandbox({ faults: { listingCap: 2 } });
    const folder = await mkdir(sb, 'capped');
    await upload(
      sb,
      ['1', '2', '3'].map((n) => ({ filename: `${n}.txt`, data: Buffer.from(n) })),
      folder,
    );
    for (const n of ['x', 'y', 'z']) await mkdir(sb, n, folder);
    expect((await api(sb, 'file/ls.cgi', { folder_id: folder })).json.count).toBe(2);
    const ls = (await api(sb, 'folder/ls.cgi', { folder_id: folder, files: 1 })).json;
    expect({ items: ls.items.length, subFolders: ls.sub_folders.length }).toEqual({ items: 2, subFolders: 2 });
    expect(sb.state().counters.behaviours).toEqual({ listingCap: 3 });
  });
});

describe('authentication texts', () => {
  test('no Authorization header: "Not authenticated #713" (JDownloader handleErrorsAPI; the real number is unknown)', async () => {
    const sb = await newSandbox();
    expect((await api(sb, 'folder/ls.cgi', { folder_id: 0 }, { key: null })).json).toEqual({
      status: 'KO',
      message: 'Not authenticated #713',
    });
  });
});
