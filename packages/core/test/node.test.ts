/** The Node entry against nock: axios transport on the wire, file sources, downloadToFile, env key, real clock. */
import { mkdtempSync, readFileSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { inspect } from 'node:util';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import nock from 'nock';
import { OneFichierError, whirlpoolHex } from '../src';
import { resetSharedPacers } from '../src/internal';
import { apiKeyFromEnv, createAxiosTransport, createNodeClient, downloadToFile, fileSource, readableSource, realClock } from '../src/node';
import { FakeClock, freshKey } from './helpers';

const API = 'http://127.0.0.1:9911';
const NODE = 'http://127.0.0.1:9912';
const DL = 'http://127.0.0.1:9913';

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1'); // real local servers for broken and stalled connections
});
afterAll(() => {
  nock.cleanAll();
  nock.enableNetConnect();
  // Un-patch Node's http for the next test files that run in this worker.
  nock.restore();
});
afterEach(() => {
  nock.cleanAll();
  resetSharedPacers();
});

function client(extra: Parameters<typeof createNodeClient>[0] = {}) {
  const apiKey = freshKey();
  return { apiKey, c: createNodeClient({ apiKey, baseUrl: `${API}/v1`, clock: new FakeClock(), random: () => 0, ...extra }) };
}

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'core-test-'));
}

describe('axios transport on the wire', () => {
  test('JSON POST: method, path, headers and body exactly', async () => {
    const { apiKey, c } = client();
    let seen: { headers: Record<string, unknown>; body: unknown } | undefined;
    nock(API)
      .post('/v1/file/info.cgi')
      .reply(function (_uri, body) {
        seen = { headers: this.req.headers, body };
        return [200, { url: 'https://1fichier.com/?a0000', filename: 'a', size: 1 }];
      });
    await c.getFileInfo('https://1fichier.com/?a0000');
    expect(seen!.body).toEqual({ url: 'https://1fichier.com/?a0000' });
    expect(seen!.headers['authorization']).toBe(`Bearer ${apiKey}`);
    expect(seen!.headers['content-type']).toBe('application/json');
  });

  test('upload: multipart over the wire with an exact Content-Length, redirect not followed, end.pl with JSON: 1', async () => {
    const { c } = client();
    const data = Buffer.from('0123456789'.repeat(1000));
    const dir = tmp();
    const path = join(dir, 'data.bin');
    writeFileSync(path, data);
    let headers: Record<string, unknown> = {};
    let body = '';
    nock(API)
      .get('/v1/upload/get_upload_server.cgi')
      .matchHeader('content-type', 'application/json')
      .reply(200, { url: '127.0.0.1:9912', id: 'ZZ9' });
    nock(NODE)
      .post('/upload.cgi?id=ZZ9')
      .reply(function (_uri, b) {
        headers = this.req.headers;
        body = b as string;
        return [302, '', { Location: '/end.pl?xid=ZZ9' }];
      })
      .get('/end.pl?xid=ZZ9')
      .matchHeader('json', '1')
      .reply(200, {
        incoming: 0,
        links: [
          {
            download: 'https://1fichier.com/?up000',
            filename: 'data.bin',
            remove: '',
            size: String(data.length),
            whirlpool: await whirlpoolHex(data),
          },
        ],
      });
    nock(API).post('/v1/file/info.cgi', { url: 'https://1fichier.com/?up000' }).reply(200, {
      url: 'https://1fichier.com/?up000',
      filename: 'data.bin',
      size: data.length,
      folder_id: 3,
    });
    const [r] = await c.upload(await fileSource(path), { folderId: 3 });
    expect(r).toMatchObject({ url: 'https://1fichier.com/?up000', size: 10_000 });
    expect(String(headers['content-type'])).toMatch(/^multipart\/form-data; boundary=[^"]+$/);
    expect(Number(headers['content-length'])).toBe(Buffer.byteLength(body));
    expect(body).toContain('Content-Disposition: form-data; name="file[]"; filename="data.bin"\r\n\r\n0123456789');
    expect(body).not.toMatch(/Content-Type: application\/octet-stream/);
    expect(nock.isDone()).toBe(true);
  });

  test('network errors are wrapped without the key, the headers or the axios config', async () => {
    const srv = await localServer((_req, res) => res.socket?.destroy());
    const { apiKey, c } = client({ baseUrl: `${srv.url}/v1`, retry: { maxAttempts: 2 } });
    const err = (await c.scanFile('https://1fichier.com/?a0000').catch((e: unknown) => e)) as OneFichierError;
    expect(err).toBeInstanceOf(OneFichierError);
    expect(err).toMatchObject({ kind: 'network', retryable: true, details: { transportCode: 'ECONNRESET' } });
    expect(srv.hits).toBe(2);
    for (const s of [err.message, JSON.stringify(err), inspect(err, { depth: 10 }), inspect(err, { showHidden: true, depth: 10 })])
      expect(s).not.toContain(apiKey);
    await srv.close();
  });

  test('transport errors from axios never carry the request config (connection refused)', async () => {
    const srv = await localServer(() => undefined);
    await srv.close();
    const transport = createAxiosTransport();
    const key = freshKey();
    const err = await transport({
      method: 'GET',
      url: `${srv.url}/x`,
      headers: { Authorization: `Bearer ${key}` },
      responseType: 'text',
    }).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'TransportError', code: 'ECONNREFUSED' });
    expect(inspect(err, { showHidden: true, depth: 10 })).not.toContain(key);
    expect(Object.keys(err as object)).not.toContain('config');
  });

  test('HTTP errors are answers, not exceptions; redirects are not followed', async () => {
    const transport = createAxiosTransport();
    nock(API).get('/r').reply(302, 'x', { Location: '/elsewhere' });
    nock(API).get('/e').reply(503, '<html>down</html>');
    expect(await transport({ method: 'GET', url: `${API}/r`, headers: {}, responseType: 'text' })).toMatchObject({
      status: 302,
      headers: { location: '/elsewhere' },
    });
    expect(await transport({ method: 'GET', url: `${API}/e`, headers: {}, responseType: 'text' })).toMatchObject({
      status: 503,
      text: '<html>down</html>',
    });
  });

  test('an idle body stream fails with a TransportError', async () => {
    const srv = await localServer((_req, res) => {
      res.writeHead(200, { 'Content-Length': '100' });
      res.write('abc'); // then nothing
    });
    const transport = createAxiosTransport();
    // The timeout also bounds the wait for the headers (transport.ts), so it leaves room for a loaded machine.
    const res = await transport({ method: 'GET', url: `${srv.url}/slow`, headers: {}, responseType: 'stream', timeoutMs: 400 });
    const got: string[] = [];
    const err = await (async () => {
      for await (const c of res.stream!) got.push(Buffer.from(c).toString());
    })().catch((e: unknown) => e);
    expect(got.join('')).toBe('abc');
    expect(err).toMatchObject({ name: 'TransportError' });
    await srv.close();
  });

  test('a consumer slower than the idle timeout is not taken for an idle connection', async () => {
    const srv = await localServer((_req, res) => {
      res.writeHead(200, { 'Content-Length': '6' });
      res.write('abc', () => res.end('def'));
    });
    const transport = createAxiosTransport();
    const res = await transport({ method: 'GET', url: `${srv.url}/fast`, headers: {}, responseType: 'stream', timeoutMs: 400 });
    const got: string[] = [];
    for await (const c of res.stream!) {
      got.push(Buffer.from(c).toString());
      // The consumer holds each chunk longer than the idle timeout (a slow disk, a busy workflow).
      await new Promise((r) => setTimeout(r, 700));
    }
    expect(got.join('')).toBe('abcdef');
    await srv.close();
  });

  test('download resumes with Range after the connection breaks mid-body', async () => {
    const data = 'abcdefghijklmnopqrstuvwxyz';
    const ranges: (string | undefined)[] = [];
    const srv = await localServer((req, res) => {
      if (req.url === '/v1/download/get_token.cgi') {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ status: 'OK', url: `${srv.url}/tok` }));
        return;
      }
      ranges.push(req.headers.range);
      if (!req.headers.range) {
        res.writeHead(200, { 'Content-Length': '26' });
        res.write(data.slice(0, 10), () => setTimeout(() => res.socket?.destroy(), 20));
      } else {
        const start = Number(/bytes=(\d+)-/.exec(req.headers.range)![1]);
        res.writeHead(206, { 'Content-Length': String(26 - start), 'Content-Range': `bytes ${start}-25/26` });
        res.end(data.slice(start));
      }
    });
    const { c } = client({ baseUrl: `${srv.url}/v1` });
    const dest = join(tmp(), 'out.txt');
    const res = await downloadToFile(c, 'https://1fichier.com/?a0000', dest);
    expect(res).toEqual({ path: dest, size: 26 });
    expect(readFileSync(dest, 'utf8')).toBe(data);
    expect(ranges).toEqual([undefined, 'bytes=10-']);
    expect(existsSync(`${dest}.part`)).toBe(false);
    await srv.close();
  });

  test('downloadToFile resumes a recorded .part with Range and refuses to overwrite', async () => {
    const { c } = client();
    const dir = tmp();
    const dest = join(dir, 'out.txt');
    writeFileSync(`${dest}.part`, 'abcdefghij');
    writeFileSync(`${dest}.part.json`, JSON.stringify({ url: 'https://1fichier.com/?a0000', size: 26 }));
    nock(API)
      .post('/v1/download/get_token.cgi')
      .reply(200, { status: 'OK', url: `${DL}/tok2` });
    nock(DL).get('/tok2').matchHeader('range', 'bytes=10-').reply(206, 'klmnopqrstuvwxyz', { 'Content-Range': 'bytes 10-25/26' });
    await downloadToFile(c, 'https://1fichier.com/?a0000', dest);
    expect(readFileSync(dest, 'utf8')).toBe('abcdefghijklmnopqrstuvwxyz');
    await expect(downloadToFile(c, 'https://1fichier.com/?a0000', dest)).rejects.toMatchObject({ kind: 'conflict' });
  });

  test('downloadToFile removes the .part when cancelled', async () => {
    const { c } = client();
    const dir = tmp();
    const dest = join(dir, 'out.txt');
    const ac = new AbortController();
    nock(API)
      .post('/v1/download/get_token.cgi')
      .reply(200, { status: 'OK', url: `${DL}/tok3` });
    nock(DL)
      .get('/tok3')
      .reply(
        200,
        () => {
          let n = 0;
          return new Readable({
            read() {
              n++;
              if (n === 1) this.push(Buffer.from('abc'));
              else if (n === 2) {
                ac.abort();
                setTimeout(() => this.push(Buffer.from('def')), 5);
              }
            },
          });
        },
        { 'Content-Length': '26' },
      );
    await expect(downloadToFile(c, 'https://1fichier.com/?a0000', dest, { signal: ac.signal })).rejects.toMatchObject({
      kind: 'cancelled',
    });
    expect(existsSync(`${dest}.part`)).toBe(false);
    expect(existsSync(dest)).toBe(false);
  });
});

describe('file sources', () => {
  test('fileSource: size, name, re-openable, reads the same bytes twice', async () => {
    const dir = tmp();
    const p = join(dir, 'f.bin');
    writeFileSync(p, Buffer.alloc(3 << 20, 7));
    const s = await fileSource(p);
    expect(s).toMatchObject({ name: 'f.bin', size: 3 << 20, reopenable: true });
    for (let i = 0; i < 2; i++) {
      let n = 0;
      let chunks = 0;
      for await (const c of s.open()) {
        n += c.length;
        chunks++;
      }
      expect(n).toBe(3 << 20);
      expect(chunks).toBeGreaterThanOrEqual(3); // streamed in chunks, not read whole
    }
    expect((await fileSource(p, { name: 'other.bin' })).name).toBe('other.bin');
  });

  test('fileSource: missing file, directory, empty file', async () => {
    const dir = tmp();
    await expect(fileSource(join(dir, 'nope'))).rejects.toMatchObject({
      kind: 'not_found',
      message: expect.stringMatching(/Local file not found/),
    });
    mkdirSync(join(dir, 'd'));
    await expect(fileSource(join(dir, 'd'))).rejects.toMatchObject({
      kind: 'invalid_input',
      message: expect.stringMatching(/not a regular file/),
    });
    writeFileSync(join(dir, 'empty'), '');
    await expect(fileSource(join(dir, 'empty'))).rejects.toMatchObject({ kind: 'empty_file' });
  });

  test('readableSource is one-shot', async () => {
    const s = readableSource('a', 3, Readable.from([Buffer.from('abc')]));
    expect(s.reopenable).toBe(false);
    s.open();
    expect(() => s.open()).toThrow(/already read/);
  });
});

describe('key and clock', () => {
  test('apiKeyFromEnv / createNodeClient without any key → a clear auth error', () => {
    expect(apiKeyFromEnv({ ONEFICHIER_API_KEY: '  k3y  ' })).toBe('k3y');
    expect(apiKeyFromEnv({})).toBeUndefined();
    const saved = process.env.ONEFICHIER_API_KEY;
    delete process.env.ONEFICHIER_API_KEY;
    try {
      expect(() => createNodeClient()).toThrow(
        expect.objectContaining({ kind: 'auth', message: expect.stringMatching(/ONEFICHIER_API_KEY/) }) as unknown as Error,
      );
      process.env.ONEFICHIER_API_KEY = 'FromEnvKey123';
      expect(createNodeClient()).toBeDefined();
    } finally {
      if (saved === undefined) delete process.env.ONEFICHIER_API_KEY;
      else process.env.ONEFICHIER_API_KEY = saved;
    }
  });

  test('realClock.sleep waits (fake timers) and rejects on abort', async () => {
    jest.useFakeTimers();
    try {
      let done = false;
      const p = realClock.sleep(1000).then(() => (done = true));
      jest.advanceTimersByTime(999);
      await Promise.resolve();
      expect(done).toBe(false);
      jest.advanceTimersByTime(1);
      await p;
      expect(done).toBe(true);
      const ac = new AbortController();
      const q = realClock.sleep(10_000, ac.signal);
      ac.abort();
      await expect(q).rejects.toThrow();
    } finally {
      jest.useRealTimers();
    }
  });
});

/** A real HTTP server on 127.0.0.1 (nock cannot break a connection mid-body faithfully). */
async function localServer(handler: (req: IncomingMessage, res: ServerResponse) => void) {
  let hits = 0;
  const server = createServer((req, res) => {
    hits++;
    handler(req, res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get hits() {
      return hits;
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
