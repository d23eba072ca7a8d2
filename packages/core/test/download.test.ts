/** Streaming download: token, headers, Range resume after a network error, restart on 200, token renewal. */
import { OneFichierError, TransportError } from '../src';
import type { HttpRequest, HttpResponse } from '../src';
import { collect, json, makeClient } from './helpers';

const F = 'https://1fichier.com/?abcde12345';
const enc = new TextEncoder();
const dec = new TextDecoder();
const DATA = 'abcdefghijklmnopqrstuvwxyz';

const token =
  (url = 'https://a-4.1fichier.com/tok1') =>
  () =>
    json({ status: 'OK', url });

/** A body stream that yields `parts` then fails with a network error when `breakAfter` is set. */
function streamOf(parts: string[], breakAfter = false): AsyncIterable<Uint8Array> {
  return (async function* () {
    for (const p of parts) yield enc.encode(p);
    if (breakAfter) throw new TransportError('ECONNRESET', 'socket hang up');
  })();
}

function file(status: number, parts: string[], headers: Record<string, string>, breakAfter = false) {
  return (_req: HttpRequest): HttpResponse => ({ status, headers, stream: streamOf(parts, breakAfter) });
}

describe('download', () => {
  test('the name a download gives is the one the file was given: look-alikes decoded, bidirectional controls visible', async () => {
    for (const [header, shown] of [
      ["attachment; filename*=UTF-8''facture%20d%EF%BC%87ao%C3%BBt%20%EF%BC%84.pdf", "facture d'août $.pdf"],
      ["attachment; filename*=UTF-8''report%E2%80%AEfdp.exe", 'report[U+202E]fdp.exe'],
    ]) {
      const t = makeClient();
      t.transport.reply(token(), file(200, ['x'], { 'content-length': '1', 'content-disposition': header! }));
      expect((await t.client.download(F)).filename).toBe(shown);
    }
  });

  test('gets a token then streams the file with Authorization; size and progress', async () => {
    const t = makeClient();
    t.transport.reply(
      token(),
      file(200, ['abc', 'def'], {
        'content-length': '6',
        'content-type': 'text/plain',
        'content-disposition': 'attachment; filename="x.txt"',
      }),
    );
    const progress: number[] = [];
    const dl = await t.client.download(F, { password: 'pw', cdn: true, onProgress: (p) => progress.push(p.bytesReceived) });
    expect(dl).toMatchObject({ size: 6, remaining: 6, filename: 'x.txt', contentType: 'text/plain' });
    expect(dec.decode(await collect(dl.stream))).toBe('abcdef');
    expect(JSON.parse(t.transport.requests[0]!.bodyText!)).toEqual({ url: F, cdn: 1, pass: 'pw' });
    expect(t.transport.requests[1]).toMatchObject({
      method: 'GET',
      url: 'https://a-4.1fichier.com/tok1',
      headers: { Authorization: `Bearer ${t.apiKey}` },
      responseType: 'stream',
    });
    expect(t.transport.requests[1]!.headers.Range).toBeUndefined();
    expect(progress).toEqual([3, 6]);
  });

  test('a network error mid-body resumes with Range: bytes=<done>- (206)', async () => {
    const t = makeClient();
    t.transport.reply(
      token(),
      file(200, [DATA.slice(0, 10)], { 'content-length': '26' }, true),
      file(206, [DATA.slice(10)], { 'content-length': '16', 'content-range': 'bytes 10-25/26' }),
    );
    const dl = await t.client.download(F);
    expect(dec.decode(await collect(dl.stream))).toBe(DATA);
    expect(t.transport.requests[2]!.headers.Range).toBe('bytes=10-');
    expect(t.events.some((e) => e.type === 'retry' && e.endpoint === 'download')).toBe(true);
  });

  test('a resume answered 200 (Range ignored) drops the bytes already delivered', async () => {
    const t = makeClient();
    t.transport.reply(
      token(),
      file(200, [DATA.slice(0, 7)], { 'content-length': '26' }, true),
      file(200, [DATA.slice(0, 5), DATA.slice(5)], { 'content-length': '26' }),
    );
    const dl = await t.client.download(F);
    expect(dec.decode(await collect(dl.stream))).toBe(DATA);
  });

  test('a connection closed early (fewer bytes than Content-Length) is resumed too', async () => {
    const t = makeClient();
    t.transport.reply(
      token(),
      file(200, [DATA.slice(0, 20)], { 'content-length': '26' }),
      file(206, [DATA.slice(20)], { 'content-range': 'bytes 20-25/26' }),
    );
    expect(dec.decode(await collect((await t.client.download(F)).stream))).toBe(DATA);
  });

  test('resuming after the token is near expiry fetches a new token', async () => {
    const t = makeClient();
    t.transport.reply(
      token('https://a-1.1fichier.com/old'),
      (req) => {
        t.clock.t += 280_000; // the first part took 4 min 40 s
        return file(200, [DATA.slice(0, 10)], { 'content-length': '26' }, true)(req);
      },
      token('https://a-1.1fichier.com/new'),
      file(206, [DATA.slice(10)], { 'content-range': 'bytes 10-25/26' }),
    );
    expect(dec.decode(await collect((await t.client.download(F)).stream))).toBe(DATA);
    expect(t.transport.requests.map((r) => r.url)).toEqual([
      'https://api.1fichier.com/v1/download/get_token.cgi',
      'https://a-1.1fichier.com/old',
      'https://api.1fichier.com/v1/download/get_token.cgi',
      'https://a-1.1fichier.com/new',
    ]);
  });

  test('403/410 from the download host → one new token, then the file', async () => {
    const t = makeClient();
    t.transport.reply(
      token('https://a-1.1fichier.com/old'),
      file(410, ['gone'], {}),
      token('https://a-1.1fichier.com/new'),
      file(200, ['ok'], { 'content-length': '2' }),
    );
    expect(dec.decode(await collect((await t.client.download(F)).stream))).toBe('ok');
  });

  test('403 again after a new token is an error', async () => {
    const t = makeClient();
    t.transport.reply(
      token(),
      file(403, ['no'], {}),
      token(),
      file(403, ['{"status":"KO","message":"Only 1 location allowed at a time #887"}'], {}),
    );
    await expect(t.client.download(F)).rejects.toMatchObject({ kind: 'locked', code: 887 });
  });

  test('404 from the download host is not_found; 416 on resume says to restart', async () => {
    const t = makeClient();
    t.transport.reply(token(), file(404, [''], {}));
    await expect(t.client.download(F)).rejects.toMatchObject({ kind: 'not_found' });
    t.transport.reply(token(), file(416, [''], {}));
    await expect(t.client.download(F, { start: 99 })).rejects.toMatchObject({
      kind: 'invalid_input',
      message: expect.stringMatching(/shorter than the resume offset 99/),
    });
  });

  test('an unexpected status from the download host (204, 302) is a protocol error', async () => {
    const t = makeClient();
    t.transport.reply(token(), file(204, [''], {}));
    await expect(t.client.download(F)).rejects.toMatchObject({ kind: 'protocol', httpStatus: 204 });
    t.transport.reply(token(), file(302, [''], { location: 'https://elsewhere/' }));
    await expect(t.client.download(F)).rejects.toMatchObject({ kind: 'protocol', httpStatus: 302 });
  });

  test('start: resumes a partial file from the given byte', async () => {
    const t = makeClient();
    t.transport.reply(token(), file(206, [DATA.slice(20)], { 'content-length': '6', 'content-range': 'bytes 20-25/26' }));
    const dl = await t.client.download(F, { start: 20 });
    expect(dl).toMatchObject({ size: 26, remaining: 6 });
    expect(t.transport.requests[1]!.headers.Range).toBe('bytes=20-');
    expect(dec.decode(await collect(dl.stream))).toBe(DATA.slice(20));
  });

  test('gives up after maxResumes with the byte count', async () => {
    const t = makeClient();
    t.transport.reply(
      token(),
      file(200, ['ab'], { 'content-length': '26' }, true),
      file(206, ['cd'], { 'content-range': 'bytes 2-25/26' }, true),
      file(206, ['ef'], { 'content-range': 'bytes 4-25/26' }, true),
    );
    const dl = await t.client.download(F, { maxResumes: 2 });
    const err = (await collect(dl.stream).catch((e: unknown) => e)) as OneFichierError;
    expect(err).toMatchObject({ kind: 'network', details: { bytesReceived: 6 } });
    expect(err.message).toMatch(/after 6 bytes and 2 resume/);
  });

  test('cancellation while streaming → cancelled, no resume', async () => {
    const t = makeClient();
    const ac = new AbortController();
    t.transport.reply(token(), () => ({
      status: 200,
      headers: { 'content-length': '26' },
      stream: (async function* () {
        yield enc.encode('abc');
        ac.abort();
        yield enc.encode('def');
      })(),
    }));
    const dl = await t.client.download(F, { signal: ac.signal });
    await expect(collect(dl.stream)).rejects.toMatchObject({ kind: 'cancelled' });
    expect(t.transport.requests).toHaveLength(2);
  });

  test('a bad start offset is refused', async () => {
    const t = makeClient();
    await expect(t.client.download(F, { start: -5 })).rejects.toMatchObject({ kind: 'invalid_input' });
    await expect(t.client.download('nope')).rejects.toMatchObject({ kind: 'invalid_input' });
  });
});
