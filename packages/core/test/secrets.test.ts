/** The API key must never appear in an error message, toJSON, inspect output, an event or a log line. */
import { inspect } from 'node:util';
import { OneFichierError, TransportError, bytesSource } from '../src';
import type { HttpRequest, HttpResponse } from '../src';
import { bodyOf, collect, json, makeClient, text } from './helpers';

const KEY = 'K3yThatMustNeverLeak0123456789abcdef';
const F = 'https://1fichier.com/?abcde12345';

type Scenario = [string, (t: ReturnType<typeof makeClient>) => Promise<unknown>];

const echo = (req: HttpRequest) => `${req.headers.Authorization ?? ''} ${KEY}`;

const scenarios: Scenario[] = [
  [
    'KO message echoing the key and the header',
    (t) => (t.transport.reply((r) => json({ status: 'KO', message: `bad ${echo(r)} #93` }, 403)), t.client.listFolder(0)),
  ],
  ['HTML error page echoing the key', (t) => (t.transport.reply((r) => text(`<html>${echo(r)}</html>`, 200)), t.client.scanFile(F))],
  ['non-JSON text echoing the key', (t) => (t.transport.reply((r) => text(`oops ${echo(r)}`, 400)), t.client.scanFile(F))],
  [
    'transport error whose message and fields carry the key (like an axios error with config.headers)',
    (t) => {
      for (let i = 0; i < 6; i++)
        t.transport.reply((r) => {
          const e = Object.assign(new Error(`connect ECONNREFUSED ${echo(r)}`), {
            code: 'ECONNREFUSED',
            config: { headers: { ...r.headers } },
          });
          throw e;
        });
      return t.client.scanFile(F);
    },
  ],
  [
    'TransportError with the key in its message',
    (t) => (
      t.transport.reply(() => {
        throw new TransportError('ECONNRESET', `reset ${KEY}`);
      }),
      t.client.getFileInfo(F)
    ),
  ],
  [
    'flood lock with the key echoed, giving up',
    (t) => {
      for (let i = 0; i < 20; i++)
        t.transport.reply((r) => json({ status: 'KO', message: `Flood detected: IP Locked ${echo(r)} #374` }, 403));
      return t.client.scanFile(F);
    },
  ],
  [
    '5xx with the key, backoff events',
    (t) => {
      for (let i = 0; i < 6; i++) t.transport.reply((r) => text(`<h1>502 ${echo(r)}</h1>`, 502));
      return t.client.scanFile(F);
    },
  ],
  [
    'upload: redirect elsewhere with the key in Location',
    (t) => (
      t.transport.reply(
        () => json({ url: 'up.1fichier.com', id: 'A1' }),
        async (req): Promise<HttpResponse> => (
          await bodyOf(req),
          { status: 302, headers: { location: `https://evil/?k=${KEY}` }, text: '' }
        ),
      ),
      t.client.upload(bytesSource('a.txt', new TextEncoder().encode('x')))
    ),
  ],
  [
    'upload: end.pl HTML with the key',
    (t) => (
      t.transport.reply(
        () => json({ url: 'up.1fichier.com', id: 'A1' }),
        async (req): Promise<HttpResponse> => (await bodyOf(req), { status: 302, headers: { location: '/end.pl?xid=A1' }, text: '' }),
        (r) => text(`<html>${echo(r)}</html>`),
      ),
      t.client.upload(bytesSource('a.txt', new TextEncoder().encode('x')))
    ),
  ],
  // The key straddles the 200th character of the excerpt an error quotes: cutting first would keep part of it.
  [
    'HTML error page echoing the key across the 200-character cut',
    (t) => (t.transport.reply(() => text(`<html>${'x'.repeat(190)} ${KEY}</html>`, 200)), t.client.scanFile(F)),
  ],
  [
    'non-JSON text echoing the key across the 200-character cut',
    (t) => (t.transport.reply(() => text(`${'x'.repeat(190)} ${KEY}`, 400)), t.client.scanFile(F)),
  ],
  [
    'download: host answers an HTML page echoing the key across the 200-character cut',
    (t) => {
      const page = (): HttpResponse => ({
        status: 200,
        headers: { 'content-type': 'text/html' },
        stream: (async function* () {
          yield new TextEncoder().encode(`<html><body>${'x'.repeat(190)} ${KEY}</body></html>`);
        })(),
      });
      t.transport.reply(() => json({ status: 'OK', url: 'https://a-1.1fichier.com/t' }), page);
      return t.client.download(F).then((d) => collect(d.stream));
    },
  ],
  [
    'download: host refuses twice with the key in the body',
    (t) => {
      const refuse = (r: HttpRequest): HttpResponse => ({
        status: 403,
        headers: {},
        stream: (async function* () {
          yield new TextEncoder().encode(JSON.stringify({ status: 'KO', message: `no ${echo(r)}` }));
        })(),
      });
      t.transport.reply(
        () => json({ status: 'OK', url: 'https://a-1.1fichier.com/t' }),
        refuse,
        () => json({ status: 'OK', url: 'https://a-1.1fichier.com/t' }),
        refuse,
      );
      return t.client.download(F).then((d) => collect(d.stream));
    },
  ],
];

describe('the API key never leaks', () => {
  let logged: string[] = [];
  const spies: jest.SpyInstance[] = [];
  beforeEach(() => {
    logged = [];
    for (const m of ['log', 'info', 'warn', 'error', 'debug'] as const)
      spies.push(jest.spyOn(console, m).mockImplementation((...a: unknown[]) => void logged.push(inspect(a, { depth: 10 }))));
    spies.push(jest.spyOn(process.stdout, 'write').mockImplementation(((s: string) => (logged.push(String(s)), true)) as never));
    spies.push(jest.spyOn(process.stderr, 'write').mockImplementation(((s: string) => (logged.push(String(s)), true)) as never));
  });
  afterEach(() => {
    spies.splice(0).forEach((s) => s.mockRestore());
  });

  test.each(scenarios)('%s', async (_name, run) => {
    const t = makeClient({ apiKey: KEY, retry: { floodCooldownMs: 60_000, maxFloodWaitMs: 120_000 } });
    const err = await run(t).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(OneFichierError);
    const e = err as OneFichierError;
    const outputs = [
      e.message,
      e.hint,
      e.stack ?? '',
      JSON.stringify(e),
      JSON.stringify(e.toJSON()),
      inspect(e, { depth: 10 }),
      inspect(e, { depth: 10, showHidden: true }),
      String(e),
      JSON.stringify(t.events),
      ...logged,
    ];
    for (const o of outputs) {
      expect(o).not.toContain(KEY);
      expect(o).not.toContain(KEY.slice(0, 8));
      expect(o).not.toMatch(/Bearer (?!\[REDACTED\])\S/);
    }
    // The scenario really exercised something: the key was sent and echoed back.
    expect(t.transport.requests.some((r) => r.headers.Authorization === `Bearer ${KEY}`)).toBe(true);
  });

  test('the check itself would catch a leak', () => {
    const leaky = new OneFichierError({ kind: 'api', message: `oops ${KEY}` });
    expect(JSON.stringify(leaky)).toContain(KEY);
  });
});
