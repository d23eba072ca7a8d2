import type { Sandbox } from '../src/index';
import { api, expectKo, newSandbox, randomBytesOf, raw, sleep, stopAll, upload } from './helpers';

let sb: Sandbox;
const data = randomBytesOf(100_000, 11);
let url: string;
beforeAll(async () => {
  sb = await newSandbox({ tokenTtlMs: 1500 });
  url = (await upload(sb, [{ filename: 'film é.mkv', data }]))[0]!.download;
});
afterAll(stopAll);

const token = async (body: Record<string, unknown> = {}) => {
  const r = await api(sb, 'download/get_token.cgi', { url, ...body });
  expect(r.status).toBe(200);
  return r.json;
};

describe('12. download tokens', () => {
  test('get_token → {status:"OK", url:"<download host>/<token>"}; the host serves the stored bytes', async () => {
    const t = await token({ single: 1 });
    expect(t).toEqual({ status: 'OK', url: expect.stringMatching(new RegExp(`^${sb.downloadBaseUrl}/[a-z0-9]{24}$`)) });
    const r = await raw(t.url);
    expect(r.status).toBe(200);
    expect(r.body.equals(data)).toBe(true);
    expect(r.headers['content-length']).toBe(String(data.length));
    expect(r.headers['accept-ranges']).toBe('bytes');
    expect(r.headers['content-disposition']).toBe(`attachment; filename*=UTF-8''${encodeURIComponent('film é.mkv')}`);
    expect(r.headers['content-type']).toBe('video/x-matroska');
  });

  test('Range: 206 with Content-Range, open-ended and suffix ranges, 416 when unsatisfiable', async () => {
    const t = await token();
    const mid = await raw(t.url, { headers: { Range: 'bytes=100-199' } });
    expect(mid.status).toBe(206);
    expect(mid.headers['content-range']).toBe(`bytes 100-199/${data.length}`);
    expect(mid.body.equals(data.subarray(100, 200))).toBe(true);
    const tail = await raw(t.url, { headers: { Range: `bytes=${data.length - 10}-` } });
    expect(tail.body.equals(data.subarray(data.length - 10))).toBe(true);
    const suffix = await raw(t.url, { headers: { Range: 'bytes=-5' } });
    expect(suffix.body.equals(data.subarray(data.length - 5))).toBe(true);
    const bad = await raw(t.url, { headers: { Range: `bytes=${data.length}-` } });
    expect(bad.status).toBe(416);
    expect(bad.headers['content-range']).toBe(`bytes */${data.length}`);
  });

  test('a token is bound to the IP that asked for it (#887 from 127.0.0.2)', async () => {
    const t = await token();
    expectKo(await raw(t.url, { localAddress: '127.0.0.2' }), 403, 887);
    expect((await raw(t.url)).status).toBe(200);
  });

  test('single: 1 tokens work once; others can be reused (resume)', async () => {
    const once = await token({ single: 1 });
    expect((await raw(once.url)).status).toBe(200);
    expectKo(await raw(once.url), 403, 720);
    const many = await token();
    expect((await raw(many.url)).status).toBe(200);
    expect((await raw(many.url, { headers: { Range: 'bytes=0-0' } })).status).toBe(206);
  });

  test('tokens expire after the token lifetime', async () => {
    const t = await token();
    await sleep(1600);
    expectKo(await raw(t.url), 403, 720);
  });

  test('unknown token, unknown file, deleted file', async () => {
    expectKo(await raw(`${sb.downloadBaseUrl}/nope`), 403, 720);
    expectKo(await api(sb, 'download/get_token.cgi', { url: 'https://1fichier.com/?aaaaaaaaaaaaaaaaaaaa' }), 403, 707);
    const download = (await upload(sb, [{ filename: 'tmp.txt', data: Buffer.from('t') }]))[0]!.download;
    const t = (await api(sb, 'download/get_token.cgi', { url: download })).json;
    await api(sb, 'file/rm.cgi', { files: [{ url: download }] });
    expectKo(await raw(t.url), 403, 720);
  });

  test('inline: 1 serves inline; restrict_ip is range-checked', async () => {
    const t = await token({ inline: 1, cdn: 1, restrict_ip: 1, no_ssl: 0 });
    expect((await raw(t.url)).headers['content-disposition']).toMatch(/^inline;/);
    expectKo(await api(sb, 'download/get_token.cgi', { url, restrict_ip: 3 }), 403, 703);
  });

  test('the tokenKo fault answers HTTP 200 KO, then tokens come back', async () => {
    sb.setFaults({ tokenKo: 1 });
    const ko = await api(sb, 'download/get_token.cgi', { url });
    expect(ko.status).toBe(200);
    expect(ko.json.status).toBe('KO');
    expect((await api(sb, 'download/get_token.cgi', { url })).json.status).toBe('OK');
  });
});
