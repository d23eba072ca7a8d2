import * as fs from 'fs';
import * as http from 'http';
import * as os from 'os';
import * as path from 'path';
import type { AddressInfo } from 'net';
import { createWhirlpool } from 'hash-wasm';
import { bytesSource, OneFichierError } from '@onefichier/core';
import { downloadToFile, fileSource } from '@onefichier/core/node';
import { bytes, collect, errorOf, newEnv, stopEnvs, storedNamed, tmpFile, waitForListingLag, type Env } from './helpers';

let env: Env;
beforeAll(async () => {
  env = await newEnv();
});
afterAll(stopEnvs);

async function whirlpoolOf(data: Buffer): Promise<string> {
  const h = await createWhirlpool();
  h.init();
  h.update(data);
  return h.digest('hex');
}

describe('upload and download', () => {
  const big = bytes(6 * 1024 * 1024 + 123, 42);
  let url: string;
  let folderId: number;

  test('a real multi-megabyte file from disk, streamed through the upload node, Whirlpool checked', async () => {
    folderId = (await env.client.createFolder('uploads')).folderId;
    const src = await fileSource(tmpFile('big file é.bin', big));
    const progress: number[] = [];
    const [up] = await env.client.upload(src, { folderId, onProgress: (p) => progress.push(p.bytesSent) });
    const expected = await whirlpoolOf(big);
    expect(up).toMatchObject({ filename: 'big file é.bin', size: big.length, whirlpool: expected, folderId });
    expect(up!.url).toMatch(/^https:\/\/1fichier\.com\/\?[a-z0-9]{20}$/);
    url = up!.url;
    // The sandbox stored exactly these bytes, once, in that folder.
    const stored = storedNamed(env.sandbox, 'big file é.bin');
    expect(stored).toEqual([expect.objectContaining({ url, size: big.length, whirlpool: expected, folderId })]);
    expect(progress.length).toBeGreaterThan(1);
    // The client reached the node through the host name get_upload_server returned.
    expect(env.sandbox.state().counters.requests['node:upload.cgi']).toBe(1);
  });

  test('several files in one request', async () => {
    const a = bytes(1000, 1);
    const b = bytes(2000, 2);
    const ups = await env.client.upload([bytesSource('a.bin', a), bytesSource('b.bin', b)], { folderId });
    expect(ups.map((u) => [u.filename, u.size, u.whirlpool])).toEqual([
      ['a.bin', 1000, await whirlpoolOf(a)],
      ['b.bin', 2000, await whirlpoolOf(b)],
    ]);
  });

  test('download via a token: the same bytes; resume from an offset with Range', async () => {
    const dl = await env.client.download(url);
    expect(dl.size).toBe(big.length);
    expect((await collect(dl.stream)).equals(big)).toBe(true);
    const tail = await env.client.download(url, { start: big.length - 1000 });
    expect((await collect(tail.stream)).equals(big.subarray(big.length - 1000))).toBe(true);
  });

  test('downloadToFile writes the file', async () => {
    const dest = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dl-')), 'out.bin');
    const r = await downloadToFile(env.client, url, dest);
    expect(r.size).toBe(big.length);
    expect(fs.readFileSync(dest).equals(big)).toBe(true);
  });

  test('getDownloadToken with options; the token is on the download host', async () => {
    const t = await env.client.getDownloadToken({ url, inline: true, single: true, cdn: true, restrictIp: 1 });
    expect(t.url.startsWith(`${env.sandbox.downloadBaseUrl}/`)).toBe(true);
    expect(t.expiresAt).toBeGreaterThan(Date.now());
  });

  test('empty files and reserved names are refused before any call', async () => {
    const calls = env.sandbox.state().counters.requests['upload/get_upload_server.cgi'] ?? 0;
    expect((await errorOf(() => env.client.upload(bytesSource('empty.txt', new Uint8Array(0))))).kind).toBe('empty_file');
    expect((await errorOf(() => env.client.upload(bytesSource('', Buffer.from('x'))))).kind).toBe('invalid_name');
    expect(env.sandbox.state().counters.requests['upload/get_upload_server.cgi'] ?? 0).toBe(calls);
  });
});

describe('folders, listings and paths', () => {
  test('createFolder, listFolder, listFiles, resolveFolderPath, ensureFolderPath', async () => {
    const a = await env.client.ensureFolderPath('/Projects/2026/Reports');
    expect(await env.client.resolveFolderPath('/Projects/2026/Reports')).toBe(a);
    expect(await env.client.ensureFolderPath('/Projects/2026/Reports')).toBe(a);
    expect(env.sandbox.state().folders.filter((f) => f.name === 'Reports')).toHaveLength(1);
    const year = await env.client.resolveFolderPath('/Projects/2026');
    const listing = await env.client.listFolder(year, { includeFiles: true });
    expect(listing).toMatchObject({
      folderId: year,
      name: '2026',
      fileCount: 0,
      subFolders: [expect.objectContaining({ id: a, name: 'Reports' })],
    });
    const root = await env.client.listFolder(0);
    expect(root.name).toBe('Root');
    await env.client.upload(bytesSource('report.txt', Buffer.from('quarterly')), { folderId: a });
    await waitForListingLag(env.sandbox);
    const files = await env.client.listFiles({ folderId: a });
    expect(files.items).toEqual([
      expect.objectContaining({ filename: 'report.txt', size: 9, contentType: 'text/plain', passwordProtected: false }),
    ]);
    expect(files.items[0]!.dateUtc).toMatch(/Z$/);
    const err = await errorOf(() => env.client.resolveFolderPath('/Projects/none'));
    expect(err.kind).toBe('not_found');
  });

  test('listFiles all and duplicates: findFileByName is ambiguous on two files with one name', async () => {
    const f = (await env.client.createFolder('dups')).folderId;
    await env.client.upload(bytesSource('same.txt', Buffer.from('one')), { folderId: f });
    await env.client.upload(bytesSource('same.txt', Buffer.from('two')), { folderId: f });
    await waitForListingLag(env.sandbox);
    const err = await errorOf(() => env.client.findFileByName(f, 'same.txt'));
    expect(err.kind).toBe('ambiguous');
    const all = await env.client.listFiles({ folderId: 'all' });
    expect(all.items.filter((i) => i.filename === 'same.txt')).toHaveLength(2);
  });

  test('moveFolder, renameFolder, removeFolder (empty and non-empty), removeFolderRecursive', async () => {
    const a = (await env.client.createFolder('mv-a')).folderId;
    const b = (await env.client.createFolder('mv-b')).folderId;
    await env.client.moveFolder(a, b);
    expect(env.sandbox.state().folders.find((f) => f.id === a)!.parentId).toBe(b);
    await env.client.moveFolder(a, 0);
    expect(env.sandbox.state().folders.find((f) => f.id === a)!.parentId).toBe(0);
    const renamed = await env.client.renameFolder(a, 'mv-a2');
    expect(renamed).toMatchObject({ oldName: 'mv-a', newName: 'mv-a2' });
    await env.client.removeFolder(a);
    expect(env.sandbox.state().folders.some((f) => f.id === a)).toBe(false);

    const c = (await env.client.createFolder('inner', b)).folderId;
    await env.client.upload(bytesSource('in.txt', Buffer.from('x')), { folderId: c });
    const notEmpty = await errorOf(() => env.client.removeFolder(b));
    expect(notEmpty).toBeInstanceOf(OneFichierError);
    expect(notEmpty.kind).toBe('conflict');
    const r = await env.client.removeFolderRecursive(b);
    expect(r).toEqual({ files: 1, folders: 2 });
    expect(env.sandbox.state().folders.some((f) => f.id === b || f.id === c)).toBe(false);
    expect(storedNamed(env.sandbox, 'in.txt')).toEqual([]);
  });

  test('shareFolder with a password and groupware shares', async () => {
    const f = (await env.client.createFolder('share-me')).folderId;
    const r = await env.client.shareFolder(f, {
      share: true,
      password: 'secret12',
      shares: [{ email: 'a@example.org', readWrite: true, hideLinks: false }],
    });
    expect(r.url).toMatch(/^https:\/\/1fichier\.com\/dir\//);
    expect(env.sandbox.state().folders.find((x) => x.id === f)).toMatchObject({
      shared: r.url,
      pass: 1,
      shares: [{ email: 'a@example.org', rw: 1, hide_links: 0 }],
    });
    await env.client.shareFolder(f, { share: false });
    expect(env.sandbox.state().folders.find((x) => x.id === f)!.shared).toBeNull();
  });
});

describe('reserved characters and everyday names', () => {
  test("by default sent with rclone's look-alikes, stored in a form the service keeps, and shown as given", async () => {
    const f = await env.client.createFolder(' a "quoted" $name ');
    expect(f.name).toBe(' a "quoted" $name ');
    const stored = env.sandbox.state().folders.find((x) => x.id === f.folderId)!;
    expect(stored.name).toBe('␠a ＂quoted＂ ＄name␠');
    const names = ["facture d'août 2026.pdf", "l'équipe — photo.jpg", ' <a> \\ "b" $c.txt ', 'report\u202Efdp.exe'];
    const ups = await env.client.upload(
      names.map((n, i) => bytesSource(n, Buffer.from(`content ${i}`))),
      { folderId: f.folderId },
    );
    expect(ups.map((u) => u.filename)).toEqual([names[0], names[1], names[2], 'report[U+202E]fdp.exe']);
    expect(
      env.sandbox
        .state()
        .files.filter((x) => x.folderId === f.folderId)
        .map((x) => x.filename)
        .sort(),
    ).toEqual(['facture d＇août 2026.pdf', 'l＇équipe — photo.jpg', '␠＜a＞ ＼ ＂b＂ ＄c.txt␠', 'report[U+202E]fdp.exe'].sort());
    await waitForListingLag(env.sandbox);
    const listed = await env.client.listFiles({ folderId: f.folderId });
    expect(listed.items.map((i) => i.filename).sort()).toEqual(ups.map((u) => u.filename).sort());
    expect(await env.client.resolveFolderPath('/ a "quoted" $name ')).toBe(f.folderId);
    expect((await env.client.findFileByName(f.folderId, names[2]!)).url).toBe(ups[2]!.url);
    everyday = ups[0]!;
  });

  let everyday: { url: string; filename: string } | undefined;
  test('a download names the file as it was given', async () => {
    const dl = await env.client.download(everyday!.url);
    expect(dl.filename).toBe(everyday!.filename);
    await collect(dl.stream);
  });

  test('with reservedNames "refuse", refused before any call, saying why', async () => {
    const calls = env.sandbox.state().counters.requests['folder/mkdir.cgi'] ?? 0;
    const refusing = env.makeClient({ reservedNames: 'refuse' });
    const err = await errorOf(() => refusing.createFolder('a "quoted" $name'));
    expect(err.kind).toBe('invalid_name');
    expect(err.message).toMatch(/reserves/);
    expect(env.sandbox.state().counters.requests['folder/mkdir.cgi'] ?? 0).toBe(calls);
  });
});

describe('files', () => {
  let url: string;
  let dest: number;
  beforeAll(async () => {
    dest = (await env.client.createFolder('file-ops')).folderId;
    url = (await env.client.upload(bytesSource('orig.txt', Buffer.from('file ops'))))[0]!.url;
  });

  test('getFileInfo', async () => {
    const info = await env.client.getFileInfo(url);
    expect(info).toMatchObject({ url, filename: 'orig.txt', size: 8 });
  });

  test('renameFile; a no-op rename is an invalid_input error (#312), not a retry loop', async () => {
    await env.client.renameFile(url, 'renamed.txt');
    expect(env.sandbox.state().files.find((f) => f.url === url)!.filename).toBe('renamed.txt');
    const before = env.sandbox.state().counters.requests['file/rename.cgi'];
    const err = await errorOf(() => env.client.renameFile(url, 'renamed.txt'));
    expect(err.kind === 'invalid_input' || err.code === 312).toBe(true);
    expect(env.sandbox.state().counters.requests['file/rename.cgi']! - before!).toBeLessThanOrEqual(1);
  });

  test('moveFiles (with and without rename)', async () => {
    await env.client.moveFiles([url], dest);
    expect(env.sandbox.state().files.find((f) => f.url === url)).toMatchObject({ folderId: dest, filename: 'renamed.txt' });
    await env.client.moveFiles([url], 0, { rename: 'back.txt' });
    expect(env.sandbox.state().files.find((f) => f.url === url)).toMatchObject({ folderId: 0, filename: 'back.txt' });
  });

  test('copyFiles makes one new file with the same bytes', async () => {
    const r = await env.client.copyFiles([url], dest, { rename: 'copy.txt' });
    const copies = storedNamed(env.sandbox, 'copy.txt');
    expect(copies).toHaveLength(1);
    expect(copies[0]).toMatchObject({ folderId: dest, size: 8 });
    expect(JSON.stringify(r)).toContain(copies[0]!.url);
  });

  test('setFileAttributes', async () => {
    await env.client.setFileAttributes([url], { description: 'hello', inline: true, password: 'secret12' });
    expect(env.sandbox.state().files.find((f) => f.url === url)).toMatchObject({ description: 'hello', inline: 1, pass: 1 });
  });

  test('scanFile', async () => {
    const r = await env.client.scanFile(url);
    expect(JSON.stringify(r)).toMatch(/\d{4}-\d\d-\d\d/);
  });

  test('removeFiles; a removed file is not_found afterwards', async () => {
    const r = await env.client.removeFiles([url]);
    expect(r).toMatchObject({ removed: 1 });
    expect(env.sandbox.state().files.some((f) => f.url === url)).toBe(false);
    expect((await errorOf(() => env.client.getFileInfo(url))).kind).toBe('not_found');
  });
});

describe('remote upload', () => {
  let origin: http.Server;
  let base: string;
  const payload = bytes(500_000, 9);
  beforeAll(async () => {
    origin = http.createServer((_req, res) => {
      res.writeHead(200, { 'Content-Length': payload.length, 'Content-Disposition': 'attachment; filename="fetched.bin"' });
      res.end(payload);
    });
    await new Promise<void>((r) => origin.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(origin.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((r) => origin.close(r)));

  test('remoteUpload → listRemoteUploads → waitForRemoteUpload; the file lands once with its Whirlpool', async () => {
    const folderId = (await env.client.createFolder('remote')).folderId;
    const job = await env.client.remoteUpload({ urls: [`${base}/x`], folderId });
    expect(job.id).toEqual(expect.any(Number));
    expect((await env.client.listRemoteUploads()).map((j) => j.id)).toContain(job.id);
    const info = await env.client.waitForRemoteUpload(job.id, { pollIntervalMs: 100, timeoutMs: 10_000 });
    expect(info.done).toBe(true);
    expect(info.links).toHaveLength(1);
    const stored = storedNamed(env.sandbox, 'fetched.bin');
    expect(stored).toEqual([
      expect.objectContaining({ url: info.links[0], folderId, size: payload.length, whirlpool: await whirlpoolOf(payload) }),
    ]);
  });

  test('a non-loopback URL is refused with a clear error', async () => {
    const err = await errorOf(() => env.client.remoteUpload({ urls: ['https://example.com/file.bin'] }));
    expect(err).toBeInstanceOf(OneFichierError);
    expect(err.code).toBe(711);
  });
});

describe('account', () => {
  test('getAccountInfo parses the rclone string/int mix', async () => {
    const info = await env.client.getAccountInfo();
    expect(info.email).toMatch(/@sandbox\.invalid$/);
    expect(Number(info.offer)).toBe(1);
    const used = env.sandbox.state().files.reduce((s, f) => s + f.size, 0);
    expect(info.coldStorage).toBe(used);
    expect(info.availableColdStorage).toBeGreaterThan(0);
  });

  test('the integer variant parses too', async () => {
    const other = await newEnv({ userInfoIntegers: true });
    const info = await other.client.getAccountInfo();
    expect(Number(info.offer)).toBe(1);
    expect(info.uploadForbidden).toBe(false);
  });

  test('an unknown key fails fast with auth (#93), without retries, and never shows the key', async () => {
    const bad = env.makeClient({ apiKey: 'WrongKeyWrongKeyWrongKeyWrongKey' });
    const before = env.sandbox.state().counters.requests['folder/ls.cgi'] ?? 0;
    const err = await errorOf(() => bad.listFolder(0));
    expect({ kind: err.kind, code: err.code }).toEqual({ kind: 'auth', code: 93 });
    expect(env.sandbox.state().counters.requests['folder/ls.cgi']! - before).toBe(1);
    expect(JSON.stringify(err)).not.toContain('WrongKeyWrongKeyWrongKeyWrongKey');
    expect(err.message).not.toContain('WrongKeyWrongKeyWrongKeyWrongKey');
  });

  test('the free key gets not_premium (#236) on download tokens', async () => {
    const free = env.makeClient({ apiKey: env.freeKey });
    const [up] = await free.upload(bytesSource('free.txt', Buffer.from('free')));
    const err = await errorOf(() => free.getDownloadToken({ url: up!.url }));
    expect({ kind: err.kind, code: err.code }).toEqual({ kind: 'not_premium', code: 236 });
  });
});
