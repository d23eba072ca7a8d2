/**
 * What the download host may answer besides the file (docs/api-notes.md#download-tokens-and-range):
 * redirects, HTML pages, bytes that are not the file's, and file names in raw UTF-8.
 * Whatever it answers, no byte of a page is ever delivered as file content.
 */
import { whirlpoolHex } from '../src';
import type { HttpRequest, HttpResponse } from '../src';
import { collect, failureOf, json, makeClient } from './helpers';

const F = 'https://1fichier.com/?abcde12345';
const enc = new TextEncoder();
const dec = new TextDecoder();
const DATA = 'abcdefghijklmnopqrstuvwxyz';
const FILE_HEADERS = { 'content-type': 'application/octet-stream', 'content-disposition': 'attachment; filename="a.bin"' };

const token =
  (url = 'https://a-4.1fichier.com/tok1') =>
  () =>
    json({ status: 'OK', url });

function body(parts: string[]): AsyncIterable<Uint8Array> {
  return (async function* () {
    for (const p of parts) yield enc.encode(p);
  })();
}

function answer(status: number, headers: Record<string, string>, parts: string[] = []) {
  return (_req: HttpRequest): HttpResponse => ({ status, headers, stream: body(parts) });
}

const file = (data = DATA) => answer(200, { ...FILE_HEADERS, 'content-length': String(data.length) }, [data]);
const redirect = (location: string, status = 302) => answer(status, { location, 'content-length': '0' });

/** An HTML page the way the real host (and the sandbox's faults) wrap a message. */
function page(status: number, message: string, headers: Record<string, string> = { 'content-type': 'text/html; charset=utf-8' }) {
  return answer(status, headers, [
    `<!DOCTYPE html><html><head><title>1fichier.com</title></head><body><div class="bloc2"><p>`,
    `${message}</p></div></body></html>`,
  ]);
}

describe('redirects from the token URL', () => {
  test('a redirect to another 1fichier host is followed, without the key', async () => {
    const t = makeClient();
    t.transport.reply(token(), redirect('https://a-7.1fichier.com/tok1'), file());
    const dl = await t.client.download(F);
    expect(dec.decode(await collect(dl.stream))).toBe(DATA);
    expect(t.transport.requests.map((r) => r.url)).toEqual([
      'https://api.1fichier.com/v1/download/get_token.cgi',
      'https://a-4.1fichier.com/tok1',
      'https://a-7.1fichier.com/tok1',
    ]);
    expect(t.transport.requests[2]!.headers.Authorization).toBeUndefined();
    expect(t.transport.requests[2]!.anonymous).toBe(true);
  });

  test('a relative Location, and the same host on another port (the sandbox), are followed; Range is kept', async () => {
    const t = makeClient({ baseUrl: 'http://127.0.0.1:3737/v1' });
    t.transport.reply(
      token('http://127.0.0.1:3738/tok'),
      redirect('/again/tok', 307),
      redirect('http://127.0.0.1:3739/tok', 301),
      answer(206, { ...FILE_HEADERS, 'content-range': 'bytes 20-25/26' }, [DATA.slice(20)]),
    );
    const dl = await t.client.download(F, { start: 20 });
    expect(dec.decode(await collect(dl.stream))).toBe(DATA.slice(20));
    expect(t.transport.requests.slice(1).map((r) => [r.url, r.headers.Range])).toEqual([
      ['http://127.0.0.1:3738/tok', 'bytes=20-'],
      ['http://127.0.0.1:3738/again/tok', 'bytes=20-'],
      ['http://127.0.0.1:3739/tok', 'bytes=20-'],
    ]);
  });

  test('a redirect to a host outside 1fichier is a classified error, and is not followed', async () => {
    const t = makeClient();
    t.transport.reply(token(), redirect('https://evil.example/steal?x=1'));
    const e = await failureOf(t.client.download(F));
    expect(e).toMatchObject({ kind: 'protocol', httpStatus: 302, endpoint: 'download' });
    expect(e.message).toMatch(/evil\.example/);
    expect(e.hint).toMatch(/not follow/i);
    expect(t.transport.requests).toHaveLength(2);
  });

  test('a redirect from https to plain http is refused (lookalike hosts too)', async () => {
    const t = makeClient();
    t.transport.reply(token(), redirect('http://a-7.1fichier.com/tok1'));
    expect((await failureOf(t.client.download(F))).message).toMatch(/http:\/\/a-7\.1fichier\.com/);
    t.transport.reply(token(), redirect('https://a-7.1fichier.com.evil.example/tok1'));
    await expect(t.client.download(F)).rejects.toMatchObject({ kind: 'protocol' });
    t.transport.reply(token(), redirect('https://x1fichier.com/tok1'));
    await expect(t.client.download(F)).rejects.toMatchObject({ kind: 'protocol' });
  });

  test('at most 5 redirects are followed', async () => {
    const t = makeClient();
    t.transport.reply(token(), ...Array.from({ length: 6 }, (_, i) => redirect(`https://a-${i + 1}.1fichier.com/tok1`)));
    const e = await failureOf(t.client.download(F));
    expect(e.kind).toBe('protocol');
    expect(e.message).toMatch(/more than 5 redirects/);
    expect(t.transport.requests).toHaveLength(7);
  });

  test('a redirect without Location is a protocol error', async () => {
    const t = makeClient();
    t.transport.reply(token(), answer(302, {}));
    await expect(t.client.download(F)).rejects.toMatchObject({ kind: 'protocol', httpStatus: 302 });
  });
});

describe('HTML pages are never file content', () => {
  test('"Your requests are too fast" (200): wait 30 s, take a new token, then the file', async () => {
    const t = makeClient();
    t.transport.reply(
      token('https://a-1.1fichier.com/old'),
      page(200, 'Your requests are too fast. Please wait a few minutes.'),
      token('https://a-1.1fichier.com/new'),
      file(),
    );
    const dl = await t.client.download(F);
    expect(dec.decode(await collect(dl.stream))).toBe(DATA);
    expect(t.clock.sleeps).toContain(30_000);
    expect(t.transport.requests.map((r) => r.url)).toEqual([
      'https://api.1fichier.com/v1/download/get_token.cgi',
      'https://a-1.1fichier.com/old',
      'https://api.1fichier.com/v1/download/get_token.cgi',
      'https://a-1.1fichier.com/new',
    ]);
    expect(t.events.some((e) => e.type === 'wait' && e.endpoint === 'download' && /too fast/i.test(e.message))).toBe(true);
  });

  test('"too fast" again and again: bounded, then rate_limited with how long to wait', async () => {
    const t = makeClient();
    for (let i = 0; i < 4; i++) t.transport.reply(token(), page(200, 'Your requests are too fast. Please wait a few minutes.'));
    const e = await failureOf(t.client.download(F));
    expect(e).toMatchObject({ kind: 'rate_limited', endpoint: 'download', retryAfterMs: 30_000 });
    expect(t.transport.requests).toHaveLength(8);
    expect(t.transport.pending).toBe(0);
  });

  test.each([
    ['IP Locked', 200, 'IP Locked. Will be unlocked within 1h.', { kind: 'rate_limited', retryAfterMs: 3_600_000 }, /IP/],
    [
      'maintenance',
      503,
      'Our services are in maintenance. Please come back after.',
      { kind: 'server', retryAfterMs: 1_200_000 },
      /maintenance/i,
    ],
    [
      'VPN or data centre',
      403,
      'Premium status is only allowed to be used on residential private and dedicated internet connections.',
      { kind: 'not_premium' },
      /CDN/,
    ],
    [
      'professional services',
      403,
      'Premium status must not be used on professional services (VPN, proxy, data centre).',
      { kind: 'not_premium' },
      /CDN/,
    ],
    [
      'several locations',
      200,
      'You can use your account only for downloading from 1 IP at a time.',
      { kind: 'locked', retryAfterMs: 600_000 },
      /one (IP|location)/i,
    ],
    ['file not found', 404, 'File not found !', { kind: 'not_found' }, /URL|removed/],
    ['access restricted', 200, 'Access to this file is protected by its owner.', { kind: 'api' }, /owner/],
    ['software error', 500, 'Software error: something broke', { kind: 'server', retryAfterMs: 600_000 }, /later/],
    [
      'wait between downloads',
      200,
      'You must wait 12 minutes between each downloads',
      { kind: 'rate_limited', retryAfterMs: 720_000 },
      /12 min/,
    ],
  ])('%s page (HTTP %d) becomes a classified error, asked once', async (_name, status, message, fields, hint) => {
    const t = makeClient();
    t.transport.reply(token(), page(status, message));
    const e = await failureOf(t.client.download(F));
    expect(e).toMatchObject({ endpoint: 'download', httpStatus: status, ...fields });
    expect(e.hint).toMatch(hint);
    expect(e.message).toContain(message.split('.')[0]!);
    expect(t.transport.requests).toHaveLength(2);
  });

  test('an unknown page is a protocol error that quotes it', async () => {
    const t = makeClient();
    t.transport.reply(token(), page(200, 'Something new happened on our side'));
    const e = await failureOf(t.client.download(F));
    expect(e).toMatchObject({ kind: 'protocol', httpStatus: 200 });
    expect(e.message).toMatch(/web page instead of the file.*Something new happened/);
  });

  test('a page without a Content-Type is recognised by its first bytes', async () => {
    const t = makeClient();
    t.transport.reply(token(), page(200, 'IP Locked', {}));
    await expect(t.client.download(F)).rejects.toMatchObject({ kind: 'rate_limited' });
  });

  test('a page when resuming after a network failure is classified too, with the bytes so far', async () => {
    const t = makeClient();
    t.transport.reply(
      token(),
      (): HttpResponse => ({
        status: 200,
        headers: { ...FILE_HEADERS, 'content-length': '26' },
        stream: (async function* () {
          yield enc.encode(DATA.slice(0, 10));
          throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
        })(),
      }),
      page(200, 'IP Locked. Will be unlocked within 1h.'),
    );
    const dl = await t.client.download(F);
    const got: string[] = [];
    const e = await (async () => {
      for await (const c of dl.stream) got.push(dec.decode(c));
    })().catch((err: unknown) => err);
    expect(got.join('')).toBe(DATA.slice(0, 10));
    expect(e).toMatchObject({ kind: 'rate_limited' });
  });

  test('an HTML file the user stored (text/html with Content-Disposition) is the file', async () => {
    const t = makeClient();
    const html = '<!DOCTYPE html><html><body>my page</body></html>';
    t.transport.reply(
      token(),
      answer(
        200,
        { 'content-type': 'text/html', 'content-disposition': 'attachment; filename="index.html"', 'content-length': String(html.length) },
        [html],
      ),
    );
    const dl = await t.client.download(F);
    expect(dec.decode(await collect(dl.stream))).toBe(html);
  });

  test('a body without Content-Type that is not HTML is delivered whole (the sniffed bytes included)', async () => {
    const t = makeClient();
    t.transport.reply(token(), answer(200, { 'content-length': '26' }, [DATA.slice(0, 3), DATA.slice(3)]));
    const dl = await t.client.download(F);
    expect(dec.decode(await collect(dl.stream))).toBe(DATA);
  });
});

describe('Whirlpool on download', () => {
  test('checked when the caller knows the checksum (a listing or file/info item)', async () => {
    const t = makeClient();
    const checksum = await whirlpoolHex(DATA);
    t.transport.reply(token(), file());
    const dl = await t.client.download(F, { file: { checksum, filename: 'a.bin', size: 26 } });
    expect(dl.checksum).toBe(checksum);
    expect(dec.decode(await collect(dl.stream))).toBe(DATA);
  });

  test('a mismatch is an integrity error at the end of the stream', async () => {
    const t = makeClient();
    t.transport.reply(token(), file(DATA.toUpperCase()));
    const dl = await t.client.download(F, { file: { checksum: await whirlpoolHex(DATA) } });
    const e = await failureOf(collect(dl.stream));
    expect(e).toMatchObject({ kind: 'integrity', endpoint: 'download' });
    expect(e.hint).toMatch(/download it again/i);
  });

  test('verifyIntegrity: false turns the check off (per call, or for the client)', async () => {
    const t = makeClient();
    const checksum = await whirlpoolHex(DATA);
    t.transport.reply(token(), file('x'.repeat(26)));
    const dl = await t.client.download(F, { file: { checksum }, verifyIntegrity: false });
    expect(dl.checksum).toBeUndefined();
    expect(dec.decode(await collect(dl.stream))).toBe('x'.repeat(26));
    const off = makeClient({ verifyIntegrity: false });
    off.transport.reply(token(), file('y'.repeat(26)));
    await collect((await off.client.download(F, { file: { checksum } })).stream);
  });

  test('a resumed download is checked over the whole file: the bytes before `start` come from resumedBytes', async () => {
    const t = makeClient();
    t.transport.reply(token(), answer(206, { ...FILE_HEADERS, 'content-range': 'bytes 10-25/26' }, [DATA.slice(10)]));
    const dl = await t.client.download(F, {
      start: 10,
      file: { checksum: await whirlpoolHex(DATA) },
      resumedBytes: () => body([DATA.slice(0, 10)]),
    });
    expect(dec.decode(await collect(dl.stream))).toBe(DATA.slice(10));
    t.transport.reply(token(), answer(206, { ...FILE_HEADERS, 'content-range': 'bytes 10-25/26' }, [DATA.slice(10)]));
    const bad = await t.client.download(F, {
      start: 10,
      file: { checksum: await whirlpoolHex(DATA) },
      resumedBytes: () => body(['X'.repeat(10)]),
    });
    await expect(collect(bad.stream)).rejects.toMatchObject({ kind: 'integrity' });
  });

  test('resuming with a known checksum but no resumedBytes is refused up front (the check could not cover the file)', async () => {
    const t = makeClient();
    await expect(t.client.download(F, { start: 10, file: { checksum: 'ab'.repeat(64) } })).rejects.toMatchObject({ kind: 'invalid_input' });
    expect(t.transport.requests).toHaveLength(0);
  });

  test('a size the listing gives that the host contradicts is an integrity error before any byte', async () => {
    const t = makeClient();
    t.transport.reply(token(), file());
    await expect(t.client.download(F, { file: { size: 99 } })).rejects.toMatchObject({ kind: 'integrity' });
  });
});

describe('the file name from Content-Disposition', () => {
  // Node hands header bytes over as latin1: raw UTF-8 "été ü.txt" arrives as "Ã©tÃ© Ã¼.txt".
  const latin1View = (s: string) => String.fromCharCode(...enc.encode(s));

  test.each([
    ['raw UTF-8 in filename="…"', `attachment; filename="${latin1View('été ü.txt')}"`, undefined, 'été ü.txt'],
    ['RFC 5987 filename* first', `attachment; filename="x.txt"; filename*=UTF-8''%C3%A9t%C3%A9.txt`, undefined, 'été.txt'],
    ['plain ASCII', 'attachment; filename="report.pdf"', 'other.pdf', 'report.pdf'],
    ['bytes that are not UTF-8: the listing name wins', 'attachment; filename="caf\u00e9.txt"', 'café.txt', 'café.txt'],
    [
      'non-ASCII and a listing name: the listing name wins',
      `attachment; filename="${latin1View('été.txt')}"`,
      'été (1).txt',
      'été (1).txt',
    ],
    ['no header: the listing name', undefined, 'known.bin', 'known.bin'],
  ])('%s', async (_name, disposition, known, expected) => {
    const t = makeClient();
    const headers: Record<string, string> = { 'content-type': 'application/octet-stream', 'content-length': '26' };
    if (disposition) headers['content-disposition'] = disposition;
    t.transport.reply(token(), answer(200, headers, [DATA]));
    const dl = await t.client.download(F, known ? { file: { filename: known } } : {});
    expect(dl.filename).toBe(expected);
  });
});
