/**
 * Where the API key goes (README.md, "Security"): to the API host and the upload node, over https, or over http only when
 * the configured base URL is itself http (the sandbox); never to the download host. And every text the
 * client produces has the key removed, also when the key only came as a redaction secret (the n8n node).
 */
import { inspect } from 'node:util';
import { OneFichierError, bytesSource, whirlpoolHex } from '../src';
import type { HttpRequest, HttpResponse } from '../src';
import { bodyOf, collect, json, makeClient, text } from './helpers';

const F = 'https://1fichier.com/?abcde12345';
const enc = new TextEncoder();

function fileAnswer(body: string): (req: HttpRequest) => HttpResponse {
  return () => ({
    status: 200,
    headers: { 'content-length': String(body.length), 'content-disposition': 'attachment; filename="a.txt"' },
    stream: (async function* () {
      yield enc.encode(body);
    })(),
  });
}

const token = (url: string) => () => json({ status: 'OK', url });

describe('the key goes only to the API host and the upload node', () => {
  test('the token URL is fetched without the key, and marked anonymous for authenticating transports', async () => {
    const t = makeClient();
    t.transport.reply(token('https://a-4.1fichier.com/tok'), fileAnswer('abc'));
    const dl = await t.client.download(F);
    await collect(dl.stream);
    const [api, host] = t.transport.requests;
    expect(api!.headers.Authorization).toBe(`Bearer ${t.apiKey}`);
    expect(api!.anonymous).toBeUndefined();
    expect(host!.url).toBe('https://a-4.1fichier.com/tok');
    expect(host!.headers.Authorization).toBeUndefined();
    expect(host!.anonymous).toBe(true);
  });

  test('a plain-http token URL (no_ssl) gets no key either', async () => {
    const t = makeClient();
    t.transport.reply(token('http://a-4.1fichier.com/tok'), fileAnswer('abc'));
    await collect((await t.client.download(F)).stream);
    expect(t.transport.requests[1]!.headers.Authorization).toBeUndefined();
    expect(t.transport.requests[1]!.anonymous).toBe(true);
  });

  test('upload.cgi and end.pl carry the key over https', async () => {
    const t = makeClient();
    const data = enc.encode('hello');
    t.transport.reply(
      () => json({ url: 'up2.1fichier.com', id: 'A1' }),
      async (req) => (await bodyOf(req), { status: 302, headers: { location: '/end.pl?xid=A1' }, text: '' }),
      async () =>
        json({
          incoming: 0,
          links: [
            { download: 'https://1fichier.com/?u0000', filename: 'a.txt', size: '5', whirlpool: await whirlpoolHex(data), remove: '' },
          ],
        }),
    );
    await t.client.upload(bytesSource('a.txt', data));
    const [server, post, end] = t.transport.requests;
    for (const r of [server, post, end]) {
      expect(r!.url).toMatch(/^https:\/\//);
      expect(r!.headers.Authorization).toBe(`Bearer ${t.apiKey}`);
      expect(r!.anonymous).toBeUndefined();
    }
  });

  test('with a plain-http base URL (the sandbox) the API calls carry the key over http', async () => {
    const t = makeClient({ baseUrl: 'http://127.0.0.1:3737/v1' });
    t.transport.reply(() => json({ status: 'OK', url: F, filename: 'a', size: 1 }));
    await t.client.getFileInfo(F);
    expect(t.transport.requests[0]!.url).toBe('http://127.0.0.1:3737/v1/file/info.cgi');
    expect(t.transport.requests[0]!.headers.Authorization).toBe(`Bearer ${t.apiKey}`);
  });
});

describe('secrets the core never sends are still redacted (the n8n node)', () => {
  const KEY = 'n8nCredentialKey0123456789abcdefXYZ';

  test('a bare key echoed by the server is removed from the error, its JSON and the events', async () => {
    const t = makeClient({ apiKey: undefined, accountKey: 'hash-of-the-credential', secrets: [KEY] });
    t.transport.reply(() => json({ status: 'KO', message: `No such user ${KEY} #93` }, 403));
    const err = (await t.client.listFolder(0).catch((e: unknown) => e)) as OneFichierError;
    expect(err).toBeInstanceOf(OneFichierError);
    expect(err.kind).toBe('auth');
    for (const out of [err.message, err.hint, JSON.stringify(err), JSON.stringify(err.toJSON()), inspect(err, { depth: 10 })])
      expect(out).not.toContain(KEY);
    expect(err.message).toContain('[REDACTED]');
    // The core itself never sent it: no apiKey, so no Authorization header.
    expect(t.transport.requests[0]!.headers.Authorization).toBeUndefined();
  });

  test('also in retry events and network errors', async () => {
    const t = makeClient({ apiKey: undefined, accountKey: 'h2', secrets: [KEY], retry: { maxAttempts: 2 } });
    t.transport.reply(
      () => text(`<h1>502 ${KEY}</h1>`, 502),
      () => {
        throw new Error(`socket hang up near ${KEY}`);
      },
    );
    const err = (await t.client.scanFile(F).catch((e: unknown) => e)) as OneFichierError;
    expect(err.kind).toBe('network');
    expect(JSON.stringify(err)).not.toContain(KEY);
    expect(JSON.stringify(t.events)).not.toContain(KEY);
    expect(t.events.length).toBeGreaterThan(0);
  });
});
