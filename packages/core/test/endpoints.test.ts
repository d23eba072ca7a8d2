/** The exact request of each endpoint (method, URL, headers, JSON body) and the parsing of its answer. */
import { OneFichierError } from '../src';
import { failureOf, json, makeClient } from './helpers';

const BASE = 'https://api.1fichier.com/v1';
const F = 'https://1fichier.com/?abcde12345';

function setup() {
  const t = makeClient();
  return t;
}

function lastRequest(t: ReturnType<typeof setup>) {
  const r = t.transport.requests[t.transport.requests.length - 1]!;
  return { method: r.method, url: r.url, headers: r.headers, body: r.bodyText === undefined ? undefined : JSON.parse(r.bodyText) };
}

function expectPost(t: ReturnType<typeof setup>, endpoint: string, body: unknown) {
  expect(lastRequest(t)).toEqual({
    method: 'POST',
    url: `${BASE}/${endpoint}`,
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${t.apiKey}` },
    body,
  });
}

describe('endpoints', () => {
  test('upload/get_upload_server.cgi: GET with Content-Type json, no body; builds node URLs', async () => {
    const t = setup();
    t.transport.reply(() => json({ url: 'up2.1fichier.com', id: 'Fhl1aZERQv' }));
    const s = await t.client.getUploadServer();
    expect(lastRequest(t)).toEqual({
      method: 'GET',
      url: `${BASE}/upload/get_upload_server.cgi`,
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${t.apiKey}` },
      body: undefined,
    });
    expect(t.transport.requests[0]!.body).toBeUndefined();
    expect(s).toEqual({
      host: 'up2.1fichier.com',
      id: 'Fhl1aZERQv',
      uploadUrl: 'https://up2.1fichier.com/upload.cgi?id=Fhl1aZERQv',
      endUrl: 'https://up2.1fichier.com/end.pl?xid=Fhl1aZERQv',
    });
  });

  test('upload node URLs take the scheme of baseUrl (http for a loopback sandbox)', async () => {
    const t = makeClient({ baseUrl: 'http://127.0.0.1:8787/v1/' });
    t.transport.reply(() => json({ url: '127.0.0.1:8788', id: 'abc' }));
    const s = await t.client.getUploadServer();
    expect(t.transport.requests[0]!.url).toBe('http://127.0.0.1:8787/v1/upload/get_upload_server.cgi');
    expect(s.uploadUrl).toBe('http://127.0.0.1:8788/upload.cgi?id=abc');
  });

  test.each([
    [{ url: 'up.1fichier.com' }, /no "id"/],
    [{ id: 'abc' }, /no "url"/],
    [{ url: 'up.1fichier.com', id: 'toolong12345' }, /Invalid upload id/],
    [{ url: 'up.1fichier.com', id: 'ab-c' }, /Invalid upload id/],
    [{ url: 'https://evil.example/x', id: 'abc' }, /bare host/],
    [{ url: 'up.1fichier.com/path', id: 'abc' }, /bare host/],
  ])('get_upload_server answer %j is a protocol error', async (answer, why) => {
    const t = setup();
    t.transport.reply(() => json(answer));
    await expect(t.client.getUploadServer()).rejects.toMatchObject({ kind: 'protocol', message: expect.stringMatching(why) });
    expect(t.transport.requests).toHaveLength(1);
  });

  test('download/get_token.cgi with every option', async () => {
    const t = setup();
    t.transport.reply(() => json({ status: 'OK', url: 'https://a-4.1fichier.com/p1058755667', message: '' }));
    const tok = await t.client.getDownloadToken({
      url: F,
      inline: true,
      cdn: true,
      restrictIp: 2,
      single: true,
      password: 'filepass',
      noSsl: true,
      folderId: 12,
      filename: 'a.txt',
      sharingUser: 'x@example.com',
    });
    expectPost(t, 'download/get_token.cgi', {
      url: F,
      inline: 1,
      cdn: 1,
      restrict_ip: 2,
      single: 1,
      pass: 'filepass',
      no_ssl: 1,
      folder_id: 12,
      filename: 'a.txt',
      sharing_user: 'x@example.com',
    });
    expect(tok).toEqual({ url: 'https://a-4.1fichier.com/p1058755667', expiresAt: t.clock.t + 300_000 });
  });

  test('get_token sends only url when no option is set', async () => {
    const t = setup();
    t.transport.reply(() => json({ status: 'OK', url: 'https://a-4.1fichier.com/x' }));
    await t.client.getDownloadToken({ url: F });
    expectPost(t, 'download/get_token.cgi', { url: F });
  });

  test('get_token with cdn: false sends cdn: 0, so the account\'s "use CDN" setting spends no credits', async () => {
    const t = setup();
    t.transport.reply(() => json({ status: 'OK', url: 'https://a-4.1fichier.com/x' }));
    await t.client.getDownloadToken({ url: F, cdn: false });
    expectPost(t, 'download/get_token.cgi', { url: F, cdn: 0 });
  });

  test('download with cdn: false asks get_token with cdn: 0', async () => {
    const t = setup();
    t.transport.reply(() => json({ status: 'KO', message: 'Must be a customer (Premium, Access) #236' }, 403));
    await expect(t.client.download(F, { cdn: false })).rejects.toMatchObject({ kind: 'not_premium' });
    expectPost(t, 'download/get_token.cgi', { url: F, cdn: 0 });
  });

  // JDownloader rev 53205 handleErrorsAPI: the data-centre/VPN refusal is known by its text; its status is not.
  test.each([200, 403])(
    'get_token refusing a data-centre address (HTTP %i, "must have CDN") is asked once, with the CDN advice',
    async (status) => {
      const t = setup();
      t.transport.reply(() =>
        json({ status: 'KO', message: 'Premium status not allowed from professional equipment, must have CDN #914' }, status),
      );
      const err = await failureOf(t.client.getDownloadToken({ url: F }));
      expect(err).toMatchObject({ kind: 'cdn_required', retryable: false, httpStatus: status });
      expect(err.hint).toMatch(/CDN credits/);
      expect(t.transport.requests).toHaveLength(1);
      expect(t.transport.pending).toBe(0);
    },
  );

  test('get_token answered 200 without status OK is asked again (docs/api-notes.md#download-tokens-and-range)', async () => {
    const t = setup();
    t.transport.reply(
      () => json({ url: '' }),
      () => json({ status: 'OK', url: 'https://a-1.1fichier.com/tok' }),
    );
    expect((await t.client.getDownloadToken({ url: F })).url).toBe('https://a-1.1fichier.com/tok');
    expect(t.transport.requests).toHaveLength(2);
  });

  test('get_token answered 200 with an unknown KO is asked again; a known fail-fast code is not', async () => {
    const t = setup();
    t.transport.reply(
      () => json({ status: 'KO', message: 'Temporary error, please retry #732' }),
      () => json({ status: 'OK', url: 'https://a-1.1fichier.com/tok' }),
    );
    expect((await t.client.getDownloadToken({ url: F })).url).toBe('https://a-1.1fichier.com/tok');
    expect(t.transport.requests).toHaveLength(2);
    t.transport.reply(() => json({ status: 'KO', message: 'Must be a customer (Premium, Access) #236' }));
    await expect(t.client.getDownloadToken({ url: F })).rejects.toMatchObject({ kind: 'not_premium', code: 236 });
    expect(t.transport.requests).toHaveLength(3);
  });

  test('get_token answered 200 KO for a password (#631) is not asked again: it says a password is needed', async () => {
    const t = setup();
    t.transport.reply(() => json({ status: 'KO', message: 'Password not provided. Resource not allowed #631' }));
    await expect(t.client.getDownloadToken({ url: F })).rejects.toMatchObject({ kind: 'password', code: 631, retryable: false });
    expect(t.transport.requests).toHaveLength(1);
  });

  test('get_token answered 200 with an unknown KO is asked at most twice more (the most rate-limited endpoint)', async () => {
    const t = setup();
    for (let i = 0; i < 6; i++) t.transport.reply(() => json({ status: 'KO', message: 'Something odd #999' }));
    await expect(t.client.getDownloadToken({ url: F })).rejects.toMatchObject({ kind: 'api', code: 999 });
    expect(t.transport.requests).toHaveLength(3);
  });

  test('file/ls.cgi of a folder, parsing every field tolerantly', async () => {
    const t = setup();
    t.transport.reply(() =>
      json({
        status: 'OK',
        count: '2',
        items: [
          {
            filename: 'test.txt',
            cdn: 0,
            acl: 0,
            checksum: 'AB'.repeat(64),
            size: 12,
            'content-type': 'text/plain',
            pass: 0,
            url: F,
            date: '2021-06-22 14:57:25',
          },
          {
            filename: 'b.bin',
            cdn: '1',
            acl: 1,
            size: '34',
            content_type: 'application/octet-stream',
            pass: '1',
            url: 'https://1fichier.com/?second',
            date: '2021-01-15 10:00:00',
          },
        ],
      }),
    );
    const r = await t.client.listFiles({ folderId: 7 });
    expectPost(t, 'file/ls.cgi', { folder_id: 7 });
    expect(r).toEqual({
      count: 2,
      items: [
        {
          url: F,
          filename: 'test.txt',
          size: 12,
          date: '2021-06-22 14:57:25',
          dateUtc: '2021-06-22T12:57:25.000Z',
          checksum: 'ab'.repeat(64),
          contentType: 'text/plain',
          passwordProtected: false,
          hasAcl: false,
          cdn: false,
        },
        {
          url: 'https://1fichier.com/?second',
          filename: 'b.bin',
          size: 34,
          date: '2021-01-15 10:00:00',
          dateUtc: '2021-01-15T09:00:00.000Z',
          checksum: '',
          contentType: 'application/octet-stream',
          passwordProtected: true,
          hasAcl: true,
          cdn: true,
        },
      ],
    });
  });

  test('file/ls.cgi of an empty folder without items', async () => {
    const t = setup();
    t.transport.reply(() => json({ status: 'OK', count: 0 }));
    expect(await t.client.listFiles()).toEqual({ count: 0, items: [] });
    expectPost(t, 'file/ls.cgi', { folder_id: 0 });
  });

  test('file/ls.cgi for the whole account with date filters and sharing user', async () => {
    const t = setup();
    t.transport.reply(() => json({ status: 'OK', count: 0, items: [] }));
    await t.client.listFiles({
      folderId: 'all',
      sentAfter: new Date('2026-01-10T11:00:00Z'),
      sentBefore: '2026-02-01 00:00:00',
      sharingUser: 'a@b.c',
    });
    expectPost(t, 'file/ls.cgi', {
      folder_id: -1,
      sent_before: '2026-02-01 00:00:00',
      sent_after: '2026-01-10 12:00:00',
      sharing_user: 'a@b.c',
    });
  });

  test('folder/ls.cgi of the root (the real answer in docs/api-notes.md#listings-and-dates)', async () => {
    const t = setup();
    t.transport.reply(() =>
      json({
        folder_id: 0,
        status: 'OK',
        size: null,
        files: 0,
        sub_folders: [{ id: 3357645, create_date: '2021-03-20 16:42:15', name: 'backup.phenix', pass: 0 }],
        name: 'Root',
      }),
    );
    const r = await t.client.listFolder(0);
    expectPost(t, 'folder/ls.cgi', { folder_id: 0 });
    expect(r).toEqual({
      folderId: 0,
      name: 'Root',
      size: null,
      fileCount: 0,
      subFolders: [
        {
          id: 3357645,
          name: 'backup.phenix',
          createDate: '2021-03-20 16:42:15',
          createDateUtc: '2021-03-20T15:42:15.000Z',
          passwordProtected: false,
        },
      ],
    });
  });

  test('folder/ls.cgi with files: 1 returns items, shares and the public URL', async () => {
    const t = setup();
    t.transport.reply(() =>
      json({
        status: 'OK',
        folder_id: '55',
        name: 'Docs',
        size: '100',
        files: '1',
        sub_folders: [{ id: '56', name: 'Sub', create_date: '', pass: '1' }],
        items: [{ filename: 'a', size: 1, url: F, date: '2021-06-22 14:57:25' }],
        shared: 'https://1fichier.com/dir/xyz',
        shares: [{ email: 'e@x.io', rw: 1, hide_links: 0 }],
      }),
    );
    const r = await t.client.listFolder(55, { includeFiles: true });
    expectPost(t, 'folder/ls.cgi', { folder_id: 55, files: 1 });
    expect(r.folderId).toBe(55);
    expect(r.size).toBe(100);
    expect(r.subFolders).toEqual([{ id: 56, name: 'Sub', createDate: '', createDateUtc: '', passwordProtected: true }]);
    expect(r.items?.map((i) => i.url)).toEqual([F]);
    expect(r.shared).toBe('https://1fichier.com/dir/xyz');
    expect(r.shares).toEqual([{ email: 'e@x.io', readWrite: true, hideLinks: false }]);
  });

  test('folder/ls.cgi without folder_id in the answer is a protocol error', async () => {
    const t = setup();
    t.transport.reply(() => json({ status: 'OK', name: 'x' }));
    await expect(t.client.listFolder(3)).rejects.toMatchObject({ kind: 'protocol', endpoint: 'folder/ls.cgi' });
  });

  test('folder/mkdir.cgi', async () => {
    const t = setup();
    t.transport.reply(() => json({ status: 'OK', name: 'New', folder_id: 99 }));
    expect(await t.client.createFolder('New', 5)).toEqual({ folderId: 99, name: 'New' });
    expectPost(t, 'folder/mkdir.cgi', { name: 'New', folder_id: 5 });
  });

  test('folder/rm.cgi; KO with HTTP 200 (not empty) is a conflict error', async () => {
    const t = setup();
    t.transport.reply(() => json({ status: 'OK', message: 'Folder removed' }));
    await t.client.removeFolder(9);
    expectPost(t, 'folder/rm.cgi', { folder_id: 9 });
    t.transport.reply(() => json({ status: 'KO', message: 'Folder not empty #410' }));
    await expect(t.client.removeFolder(9)).rejects.toMatchObject({ kind: 'conflict', httpStatus: 200, code: 410, retryable: false });
  });

  test('folder/mv.cgi as rclone sends it (destination omitted for root, destination_user always "")', async () => {
    const t = setup();
    t.transport.reply(() => json({ status: 'OK', message: 'moved', old_name: 'a', new_name: 'a' }));
    expect(await t.client.moveFolder(3, 4)).toEqual({ oldName: 'a', newName: 'a', message: 'moved' });
    expectPost(t, 'folder/mv.cgi', { folder_id: 3, destination_user: '', destination_folder_id: 4 });
    t.transport.reply(() => json({ status: 'OK' }));
    await t.client.moveFolder(3, 0);
    expectPost(t, 'folder/mv.cgi', { folder_id: 3, destination_user: '' });
  });

  test('renameFolder sends the parent with the new name, as rclone DirMove does (evidence item 6)', async () => {
    const t = setup();
    t.transport.reply(() => json({ status: 'OK', old_name: 'a', new_name: 'b' }));
    expect(await t.client.renameFolder(3, 'b', { parentId: 7 })).toMatchObject({ oldName: 'a', newName: 'b' });
    expectPost(t, 'folder/mv.cgi', { folder_id: 3, destination_user: '', destination_folder_id: 7, rename: 'b' });
    // Under the root, rclone omits the destination (root either way).
    t.transport.reply(() => json({ status: 'OK', old_name: 'b', new_name: 'c' }));
    await t.client.renameFolder(3, 'c', { parentId: 0 });
    expectPost(t, 'folder/mv.cgi', { folder_id: 3, destination_user: '', rename: 'c' });
  });

  test('renameFolder without the parent looks for it from the root, then sends it', async () => {
    const t = setup();
    const sub = (id: number, name: string) => ({ id, name, create_date: '2026-01-01 00:00:00', pass: 0 });
    t.transport.reply(
      () => json({ status: 'OK', folder_id: 0, name: 'Root', files: 0, sub_folders: [sub(5, 'A'), sub(6, 'B')] }),
      () => json({ status: 'OK', folder_id: 5, name: 'A', files: 0, sub_folders: [] }),
      () => json({ status: 'OK', folder_id: 6, name: 'B', files: 0, sub_folders: [sub(9, 'old')] }),
      () => json({ status: 'OK', old_name: 'old', new_name: 'new' }),
    );
    await t.client.renameFolder(9, 'new');
    expectPost(t, 'folder/mv.cgi', { folder_id: 9, destination_user: '', destination_folder_id: 6, rename: 'new' });
    t.transport.reply(() => json({ status: 'OK', folder_id: 0, name: 'Root', files: 0, sub_folders: [] }));
    t.client.clearCache();
    await expect(t.client.renameFolder(404, 'x')).rejects.toMatchObject({ kind: 'not_found', message: expect.stringMatching(/404/) });
  });

  test('folder/share.cgi', async () => {
    const t = setup();
    t.transport.reply(() => json({ status: 'OK', url: 'https://1fichier.com/dir/abc', message: '' }));
    const r = await t.client.shareFolder(3, { password: 'secret1', shares: [{ email: 'a@b.c', readWrite: true, hideLinks: true }] });
    expect(r).toEqual({ url: 'https://1fichier.com/dir/abc', message: '' });
    expectPost(t, 'folder/share.cgi', { folder_id: 3, share: 1, pass: 'secret1', shares: [{ email: 'a@b.c', rw: 1, hide_links: 1 }] });
    t.transport.reply(() => json({ status: 'OK' }));
    await t.client.shareFolder(3, { share: false, shares: [] });
    expectPost(t, 'folder/share.cgi', { folder_id: 3, share: 0, shares: [] });
  });

  test('file/info.cgi accepts content_type and acl object', async () => {
    const t = setup();
    t.transport.reply(() =>
      json({
        url: F,
        filename: 'a.txt',
        size: '5',
        date: '2021-06-22 14:57:25',
        checksum: 'ff',
        content_type: 'text/plain',
        pass: 1,
        folder_id: '4',
        path: 'A/B',
        description: 'd',
        inline: 0,
        no_ssl: 1,
        acl: { ip: ['1.2.3.0/24'], country: ['FR'], email: [], premium: 1 },
        cdn: 0,
      }),
    );
    const r = await t.client.getFileInfo(F, { password: 'pw' });
    expectPost(t, 'file/info.cgi', { url: F, pass: 'pw' });
    expect(r).toMatchObject({
      url: F,
      size: 5,
      contentType: 'text/plain',
      passwordProtected: true,
      folderId: 4,
      path: 'A/B',
      description: 'd',
      inline: false,
      noSsl: true,
      hasAcl: true,
      acl: { ip: ['1.2.3.0/24'], country: ['FR'], email: [], premium: true },
    });
  });

  test('file/rm.cgi with and without removal codes', async () => {
    const t = setup();
    t.transport.reply(() => json({ status: 'OK', removed: 2, urls: [F, 'https://1fichier.com/?b0000'] }));
    expect(await t.client.removeFiles([F, { url: 'https://1fichier.com/?b0000', code: 'c0de' }])).toEqual({
      removed: 2,
      urls: [F, 'https://1fichier.com/?b0000'],
    });
    expectPost(t, 'file/rm.cgi', { files: [{ url: F }, { url: 'https://1fichier.com/?b0000', code: 'c0de' }] });
  });

  test('file/mv.cgi with and without rename; missing new URLs is a protocol error', async () => {
    const t = setup();
    t.transport.reply(
      () => json({ url: F, filename: 'old.txt', size: 1, folder_id: 4 }),
      () => json({ status: 'OK', message: '', urls: ['https://1fichier.com/?new00'], moved: 1, filename: 'n.txt' }),
    );
    expect(await t.client.moveFiles([F], 0, { rename: 'n.txt' })).toEqual({
      moved: 1,
      urls: ['https://1fichier.com/?new00'],
      filename: 'n.txt',
    });
    expectPost(t, 'file/mv.cgi', { urls: [F], destination_folder_id: 0, rename: 'n.txt' });
    t.transport.reply(() => json({ status: 'OK', moved: 1 }));
    await expect(t.client.moveFiles([F], 5)).rejects.toMatchObject({ kind: 'protocol', endpoint: 'file/mv.cgi' });
    expectPost(t, 'file/mv.cgi', { urls: [F], destination_folder_id: 5 });
  });

  test('a move with a new name into the folder the file is in goes through file/rename.cgi (docs/api-notes.md#files)', async () => {
    const t = setup();
    t.transport.reply(
      () => json({ url: F, filename: 'old.txt', size: 1, folder_id: 4 }),
      () => json({ status: 'OK', renamed: 1, urls: [{ url: F, old_filename: 'old.txt', new_filename: 'n.txt' }] }),
    );
    expect(await t.client.moveFiles([F], 4, { rename: 'n.txt' })).toEqual({ moved: 1, urls: [F], filename: 'n.txt' });
    expectPost(t, 'file/rename.cgi', { urls: [{ url: F, filename: 'n.txt' }], pretty: 0 });
    expect(t.transport.requests.map((r) => r.url.replace(BASE, ''))).toEqual(['/file/info.cgi', '/file/rename.cgi']);
  });

  test('a rename when file/info does not name the folder: the name is checked after file/mv.cgi, and file/rename.cgi renames', async () => {
    const t = setup();
    t.transport.reply(
      () => json({ url: F, filename: 'old.txt', size: 1 }),
      // Into the folder the file is in, file/mv.cgi answers OK and renames nothing (docs/api-notes.md#files).
      () => json({ status: 'OK', message: 'Files moved', urls: [F], moved: 1 }),
      () => json({ url: F, filename: 'old.txt', size: 1 }),
      () => json({ status: 'OK', renamed: 1, urls: [{ url: F, old_filename: 'old.txt', new_filename: 'n.txt' }] }),
    );
    expect(await t.client.moveFiles([F], 4, { rename: 'n.txt' })).toEqual({ moved: 1, urls: [F], filename: 'n.txt' });
    expect(t.transport.requests.map((r) => r.url.replace(BASE, ''))).toEqual([
      '/file/info.cgi',
      '/file/mv.cgi',
      '/file/info.cgi',
      '/file/rename.cgi',
    ]);
    expectPost(t, 'file/rename.cgi', { urls: [{ url: F, filename: 'n.txt' }], pretty: 0 });
  });

  test('a rename when file/info does not name the folder: a move that renamed is not renamed again; an unchecked one fails saying so', async () => {
    const t = setup();
    t.transport.reply(
      () => json({ url: F, filename: 'old.txt', size: 1 }),
      () => json({ status: 'OK', message: 'Files moved', urls: [F], moved: 1 }),
      () => json({ url: F, filename: 'n.txt', size: 1 }),
    );
    expect(await t.client.moveFiles([F], 4, { rename: 'n.txt' })).toEqual({ moved: 1, urls: [F], filename: 'n.txt' });
    expect(t.transport.pending).toBe(0);

    t.transport.reply(
      () => json({ url: F, filename: 'old.txt', size: 1 }),
      () => json({ status: 'OK', message: 'Files moved', urls: [F], moved: 1 }),
      () => json({ status: 'KO', message: 'Resource not found #469' }, 404),
    );
    const err = await failureOf(t.client.moveFiles([F], 4, { rename: 'n.txt' }));
    expect(err.message).toMatch(/was moved to folder 4, but whether it was renamed to "n.txt" could not be checked/);
    expect(err.hint).toMatch(/Check the name/);
  });

  test('a rename with `from` (the caller listed the folder) asks no file/info: rename.cgi in its own folder, mv.cgi elsewhere', async () => {
    const t = setup();
    t.transport.reply(
      () => json({ status: 'OK', renamed: 1, urls: [{ url: F, old_filename: 'old.txt', new_filename: 'n.txt' }] }),
      () => json({ status: 'OK', message: '', urls: [F], moved: 1, filename: 'm.txt' }),
    );
    const from = { folderId: 4, filename: 'old.txt' };
    expect(await t.client.moveFiles([F], 4, { rename: 'n.txt', from })).toEqual({ moved: 1, urls: [F], filename: 'n.txt' });
    expect(await t.client.moveFiles([F], 9, { rename: 'm.txt', from })).toMatchObject({ moved: 1, filename: 'm.txt' });
    expect(t.transport.requests.map((r) => r.url.replace(BASE, ''))).toEqual(['/file/rename.cgi', '/file/mv.cgi']);
    expectPost(t, 'file/mv.cgi', { urls: [F], destination_folder_id: 9, rename: 'm.txt' });
  });

  test('a move whose new name is the current name drops the rename (refused since 2024: docs/api-notes.md#files)', async () => {
    const t = setup();
    t.transport.reply(
      () => json({ url: F, filename: 'same.txt', size: 1, folder_id: 4 }),
      () => json({ status: 'OK', urls: [F], moved: 1 }),
    );
    await t.client.moveFiles([F], 8, { rename: 'same.txt' });
    expectPost(t, 'file/mv.cgi', { urls: [F], destination_folder_id: 8 });
  });

  test('file/rename.cgi; renaming to the same name (#312, HTTP 200 KO) is a clear error', async () => {
    const t = setup();
    t.transport.reply(() => json({ status: 'OK', renamed: 1, urls: [{ url: F, old_filename: 'a', new_filename: 'b' }] }));
    expect(await t.client.renameFile(F, 'b')).toEqual({ url: F, oldFilename: 'a', newFilename: 'b' });
    expectPost(t, 'file/rename.cgi', { urls: [{ url: F, filename: 'b' }], pretty: 0 });
    t.transport.reply(() => json({ status: 'KO', message: 'No file has been renamed #312' }));
    await expect(t.client.renameFile(F, 'b')).rejects.toMatchObject({
      kind: 'invalid_input',
      code: 312,
      httpStatus: 200,
      hint: expect.stringMatching(/same as the current/),
    });
  });

  test('file/cp.cgi uses folder_id (not destination_folder_id), after a listing of the destination', async () => {
    const t = setup();
    t.transport.reply(
      () => json({ status: 'OK', count: 0 }),
      () => json({ status: 'OK', copied: 1, urls: [{ from_url: F, to_url: 'https://1fichier.com/?copy0' }] }),
    );
    expect(await t.client.copyFiles([F], 8, { rename: 'c.txt' })).toEqual({
      copied: 1,
      urls: [{ fromUrl: F, toUrl: 'https://1fichier.com/?copy0' }],
    });
    expectPost(t, 'file/cp.cgi', { urls: [F], folder_id: 8, rename: 'c.txt' });
  });

  test('file/chattr.cgi maps every attribute', async () => {
    const t = setup();
    t.transport.reply(() => json({ status: 'OK', updated: 1, urls: [F] }));
    const r = await t.client.setFileAttributes([F], {
      filename: 'x.txt',
      description: 'desc',
      password: '',
      noSsl: false,
      inline: true,
      cdn: true,
      acl: { ip: ['10.0.0.0/8'], country: ['FR'], email: ['a@b.c'], premium: false },
    });
    expect(r).toEqual({ updated: 1, urls: [F] });
    expectPost(t, 'file/chattr.cgi', {
      urls: [F],
      filename: 'x.txt',
      description: 'desc',
      pass: '',
      no_ssl: 0,
      inline: 1,
      cdn: 1,
      acl: { ip: ['10.0.0.0/8'], country: ['FR'], email: ['a@b.c'], premium: 0 },
    });
  });

  test('file/scan.cgi', async () => {
    const t = setup();
    t.transport.reply(() => json({ status: 'OK', message: 'No virus', date: '2026-01-01 10:00:00' }));
    expect(await t.client.scanFile(F)).toEqual({ message: 'No virus', date: '2026-01-01 10:00:00' });
    expectPost(t, 'file/scan.cgi', { url: F });
  });

  test('user/info.cgi accepts numbers or numeric strings', async () => {
    const t = setup();
    t.transport.reply(() =>
      json({
        status: 'OK',
        email: 'me@x.io',
        offer: '1',
        subscription_end: '2027-01-01',
        cdn: '12',
        use_cdn: 0,
        upload_forbidden: '0',
        cold_storage: '1000',
        available_cold_storage: 5000,
        allowed_cold_storage: '6000',
        hot_storage: 7,
        available_storage: '8',
        overquota: 0,
        default_domain: '0',
        '2fa': '0',
      }),
    );
    const r = await t.client.getAccountInfo();
    expectPost(t, 'user/info.cgi', {});
    expect(r).toMatchObject({
      email: 'me@x.io',
      offer: 1,
      cdn: 12,
      useCdn: 0,
      uploadForbidden: false,
      coldStorage: 1000,
      availableColdStorage: 5000,
      allowedColdStorage: 6000,
      hotStorage: 7,
      availableStorage: 8,
      defaultDomain: 0,
    });
    expect(r.raw['2fa']).toBe('0');
  });

  test('remote/request.cgi, remote/ls.cgi and remote/info.cgi', async () => {
    const t = setup();
    t.transport.reply(
      () => json({ status: 'OK', data: [] }),
      () => json({ status: 'OK', id: 42, date: '2026-01-01 10:00:00', urls: ['https://ex.com/a.iso'] }),
    );
    expect(await t.client.remoteUpload({ urls: ['https://ex.com/a.iso'], folderId: 3, headers: { Cookie: 'a=b' } })).toEqual({
      id: 42,
      date: '2026-01-01 10:00:00',
      urls: ['https://ex.com/a.iso'],
    });
    expectPost(t, 'remote/request.cgi', { urls: ['https://ex.com/a.iso'], folder_id: 3, headers: { Cookie: 'a=b' } });

    t.transport.reply(() =>
      json({
        status: 'OK',
        data: [
          { id: 42, request_date: 'r', execution_date: '' },
          { id: '43', request_date: 'r', execution_date: '2026-01-01 10:05:00' },
        ],
      }),
    );
    expect(await t.client.listRemoteUploads()).toEqual([
      { id: 42, requestDate: 'r', executionDate: '', done: false },
      { id: 43, requestDate: 'r', executionDate: '2026-01-01 10:05:00', done: true },
    ]);
    expectPost(t, 'remote/ls.cgi', {});

    t.transport.reply(() =>
      json({
        status: 'OK',
        id: 42,
        request_date: 'r',
        execution_date: 'e',
        links: ['https://1fichier.com/?z0000'],
        result: [{ status: 'OK', url: 'https://ex.com/a.iso', download_link: 'https://1fichier.com/?z0000', message: '' }],
      }),
    );
    expect(await t.client.getRemoteUpload(42)).toEqual({
      id: 42,
      requestDate: 'r',
      executionDate: 'e',
      done: true,
      links: ['https://1fichier.com/?z0000'],
      results: [{ status: 'OK', url: 'https://ex.com/a.iso', downloadLink: 'https://1fichier.com/?z0000', message: '', ok: true }],
    });
    expectPost(t, 'remote/info.cgi', { id: 42 });
  });

  test('waitForRemoteUpload polls with a growing interval until the job has run', async () => {
    const t = setup();
    const pending = () => json({ status: 'OK', id: 7, request_date: 'r', execution_date: '' });
    t.transport.reply(pending, pending, () =>
      json({ status: 'OK', id: 7, request_date: 'r', execution_date: 'done', links: [], result: [] }),
    );
    const start = t.clock.t;
    const r = await t.client.waitForRemoteUpload(7, { pollIntervalMs: 10_000 });
    expect(r.done).toBe(true);
    expect(t.transport.requests).toHaveLength(3);
    expect(t.clock.sleeps).toEqual(expect.arrayContaining([10_000, 15_000]));
    expect(t.clock.t - start).toBeGreaterThanOrEqual(25_000);
    expect(t.events.filter((e) => e.type === 'wait' && e.reason === 'processing')).toHaveLength(2);
  });

  test('waitForRemoteUpload gives up with a timeout error', async () => {
    const t = setup();
    for (let i = 0; i < 10; i++) t.transport.reply(() => json({ status: 'OK', id: 7, execution_date: '' }));
    await expect(t.client.waitForRemoteUpload(7, { pollIntervalMs: 10_000, timeoutMs: 30_000 })).rejects.toMatchObject({
      kind: 'timeout',
      details: { remoteUploadId: 7 },
    });
  });

  test('bad input fails before any request, with what to do', async () => {
    const t = setup();
    const cases: [() => Promise<unknown>, RegExp][] = [
      [() => t.client.listFolder(-1), /folder id/],
      [() => t.client.listFolder(1.5), /folder id/],
      [() => t.client.getFileInfo('not a url'), /not a 1fichier file URL/],
      [() => t.client.removeFiles([]), /at least one/],
      [() => t.client.moveFiles([F, F], 1, { rename: 'x' }), /single file/],
      [() => t.client.copyFiles([F, F], 1, { rename: 'x' }), /single file/],
      [() => t.client.removeFolder(0), /root folder/],
      [() => t.client.moveFolder(3, 3), /into itself/],
      [() => t.client.shareFolder(3, { password: 'abc' }), /6 characters/],
      [() => t.client.setFileAttributes([F], {}), /no attribute/],
      [() => t.client.setFileAttributes([F], { password: '123' }), /6 characters/],
      [() => t.client.remoteUpload({ urls: [] }), /at least one URL/],
      [() => t.client.remoteUpload({ urls: ['file:///etc/passwd'] }), /not an http/],
      [() => t.client.getRemoteUpload(0), /positive integer/],
      [() => t.client.listFiles({ sentAfter: 'last week' }), /YYYY-MM-DD/],
      [() => t.client.getDownloadToken({ url: F, restrictIp: 3 as 0 }), /0, 1 or 2/],
    ];
    for (const [call, why] of cases)
      await expect(call()).rejects.toMatchObject({ kind: 'invalid_input', message: expect.stringMatching(why) });
    const refuse = { reservedNames: 'refuse' } as const;
    await expect(t.client.createFolder('a/b', 0, refuse)).rejects.toMatchObject({ kind: 'invalid_name' });
    await expect(t.client.createFolder('', 0)).rejects.toMatchObject({ kind: 'invalid_name' });
    await expect(t.client.renameFile(F, ' x', refuse)).rejects.toMatchObject({ kind: 'invalid_name' });
    await expect(t.client.moveFiles([F], 1, { rename: 'a$b', ...refuse })).rejects.toMatchObject({ kind: 'invalid_name' });
    await expect(t.client.copyFiles([F], 1, { rename: 'a"b', ...refuse })).rejects.toMatchObject({ kind: 'invalid_name' });
    await expect(t.client.renameFolder(3, 'a<b', refuse)).rejects.toMatchObject({ kind: 'invalid_name' });
    await expect(t.client.renameFolder(3, 'x'.repeat(251))).rejects.toMatchObject({ kind: 'invalid_name' });
    expect(t.transport.requests).toHaveLength(0);
  });

  test("by default (reservedNames 'encode') rclone's look-alikes are sent, and the answers name things as given", async () => {
    const t = makeClient();
    t.transport.reply(() => json({ status: 'OK', name: 'a＄b', folder_id: 1 }));
    expect(await t.client.createFolder('a$b', 0)).toEqual({ folderId: 1, name: 'a$b' });
    expect(JSON.parse(t.transport.requests[0]!.bodyText!)).toEqual({ name: 'a＄b', folder_id: 0 });
    t.transport.reply(() => json({ status: 'OK', renamed: 1, urls: [{ url: F, old_filename: 'x', new_filename: '␠l＇été.txt' }] }));
    expect(await t.client.renameFile(F, " l'été.txt")).toMatchObject({ newFilename: " l'été.txt" });
    expect(JSON.parse(t.transport.requests[1]!.bodyText!)).toEqual({ urls: [{ url: F, filename: '␠l＇été.txt' }], pretty: 0 });
    t.transport.reply(() => json({ status: 'OK', count: 1, items: [{ url: F, filename: 'report\u202Efdp.exe', size: 1 }] }));
    expect((await t.client.listFiles({ folderId: 2 })).items[0]!.filename).toBe('report[U+202E]fdp.exe');
  });

  test('constructor refuses a missing transport/clock and an empty or malformed key', () => {
    const base = makeClient();
    expect(() => new (base.client.constructor as any)({ clock: base.clock })).toThrow(/transport/);
    expect(() => new (base.client.constructor as any)({ transport: base.transport.fn })).toThrow(/clock/);
    expect(() => makeClient({ apiKey: '  ' })).toThrow(expect.objectContaining({ kind: 'auth' }) as unknown as Error);
    expect(() => makeClient({ apiKey: 'abc def' })).toThrow(/spaces/);
    expect(() => makeClient({ baseUrl: 'ftp://x' })).toThrow(/not an http/);
    try {
      makeClient({ apiKey: '' });
    } catch (e) {
      expect(e).toBeInstanceOf(OneFichierError);
    }
  });
});
