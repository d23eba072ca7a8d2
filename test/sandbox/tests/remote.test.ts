import * as http from 'http';
import type { AddressInfo } from 'net';
import type { Sandbox } from '../src/index';
import { api, expectKo, newSandbox, randomBytesOf, raw, sleep, stopAll, upload, whirlpool } from './helpers';

let sb: Sandbox;
let origin: http.Server;
let originUrl: string;
const payload = randomBytesOf(300_000, 5);
beforeAll(async () => {
  sb = await newSandbox();
  origin = http.createServer((req, res) => {
    if (req.url === '/file.bin') {
      res.writeHead(200, { 'Content-Length': payload.length, 'Content-Disposition': 'attachment; filename="remote.bin"' });
      res.end(payload);
    } else if (req.url === '/redirect') {
      res.writeHead(302, { Location: '/file.bin' });
      res.end();
    } else if (req.url === '/needs-cookie') {
      if (req.headers.cookie === 'a=b') res.end('cookie ok');
      else {
        res.writeHead(401);
        res.end();
      }
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((r) => origin.listen(0, '127.0.0.1', r));
  originUrl = `http://127.0.0.1:${(origin.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await stopAll();
  await new Promise((r) => origin.close(r));
});

async function waitDone(id: number) {
  for (let i = 0; i < 100; i++) {
    const info = await api(sb, 'remote/info.cgi', { id });
    if (info.json.execution_date !== '') return info.json;
    await sleep(50);
  }
  throw new Error('remote job did not finish');
}

describe('remote upload', () => {
  test('request → ls → info; the fetched file is stored with its Whirlpool', async () => {
    const folder = (await api(sb, 'folder/mkdir.cgi', { name: 'remote', folder_id: 0 })).json.folder_id;
    const r = await api(sb, 'remote/request.cgi', { urls: [`${originUrl}/file.bin`, `${originUrl}/missing`], folder_id: folder });
    expect(r.json).toEqual({
      status: 'OK',
      id: expect.any(Number),
      date: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/),
      urls: [`${originUrl}/file.bin`, `${originUrl}/missing`],
      headers: {},
    });
    const ls = await api(sb, 'remote/ls.cgi');
    expect(ls.json.data).toContainEqual({ id: r.json.id, request_date: r.json.date, execution_date: expect.any(String) });
    const info = await waitDone(r.json.id);
    expect(info).toEqual({
      id: r.json.id,
      request_date: r.json.date,
      execution_date: expect.stringMatching(/^\d{4}/),
      links: [expect.stringMatching(/^https:\/\/1fichier\.com\/\?[a-z0-9]{20}$/)],
      result: [
        { status: 'OK', url: `${originUrl}/file.bin`, download_link: info.links[0], message: '' },
        { status: 'KO', url: `${originUrl}/missing`, download_link: '', message: expect.stringMatching(/HTTP 404/) },
      ],
    });
    const file = sb.state().files.find((f) => f.url === info.links[0])!;
    expect(file).toMatchObject({ filename: 'remote.bin', size: payload.length, folderId: folder, whirlpool: await whirlpool(payload) });
  });

  test('redirects and headers (both shapes) are followed', async () => {
    const a = await api(sb, 'remote/request.cgi', { urls: [`${originUrl}/redirect`] });
    expect((await waitDone(a.json.id)).result[0].status).toBe('OK');
    const b = await api(sb, 'remote/request.cgi', { urls: [`${originUrl}/needs-cookie`], headers: { Cookie: 'a=b' } });
    expect((await waitDone(b.json.id)).result[0].status).toBe('OK');
    const c = await api(sb, 'remote/request.cgi', { urls: [`${originUrl}/needs-cookie`], headers: ['Cookie: a=b'] });
    expect((await waitDone(c.json.id)).result[0].status).toBe('OK');
  });

  test('the sandbox download host works as a source (a copy through a token)', async () => {
    const [l] = await upload(sb, [{ filename: 'src.txt', data: Buffer.from('from the sandbox itself') }]);
    const t = (await api(sb, 'download/get_token.cgi', { url: l!.download })).json.url;
    const r = await api(sb, 'remote/request.cgi', { urls: [t] });
    const info = await waitDone(r.json.id);
    expect(sb.state().files.find((f) => f.url === info.links[0])).toMatchObject({ filename: 'src.txt', size: 23 });
    expect((await raw(t)).status).toBe(200);
  });

  test('non-loopback hosts, bad URLs, bad headers and unknown ids are KO', async () => {
    expectKo(await api(sb, 'remote/request.cgi', { urls: ['https://example.com/a.bin'] }), 403, 711);
    expectKo(await api(sb, 'remote/request.cgi', { urls: ['ftp://127.0.0.1/a'] }), 403, 711);
    expectKo(await api(sb, 'remote/request.cgi', { urls: ['not a url'] }), 403, 711);
    expectKo(await api(sb, 'remote/request.cgi', { urls: [] }), 403, 703);
    expectKo(await api(sb, 'remote/request.cgi', { urls: [`${originUrl}/file.bin`], headers: { Cookie: 1 } }), 403, 703);
    expectKo(await api(sb, 'remote/info.cgi', { id: 999999999 }), 403, 714);
    expectKo(await api(sb, 'remote/info.cgi', { id: '1' }), 403, 703);
  });
});

describe('remote upload failures', () => {
  test('a refused connection is a KO result that says why', async () => {
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const r = await api(sb, 'remote/request.cgi', { urls: [`http://127.0.0.1:${port}/gone.bin`] });
    expect((await waitDone(r.json.id)).result).toEqual([
      { status: 'KO', url: `http://127.0.0.1:${port}/gone.bin`, download_link: '', message: expect.stringContaining('ECONNREFUSED') },
    ]);
  });
});
