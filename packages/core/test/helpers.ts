/** Test helpers: a fake clock (virtual time, no real waiting), a scripted fake transport, and key generators. */
import { OneFichierClient, OneFichierError } from '../src';
import { resetSharedPacers } from '../src/internal';
import type { ClientEvent, ClientOptions, Clock, HttpRequest, HttpResponse, HttpTransport } from '../src';

export class FakeClock implements Clock {
  t = 1_700_000_000_000;
  sleeps: number[] = [];
  now = (): number => this.t;
  sleep = async (ms: number, signal?: AbortSignal): Promise<void> => {
    if (signal?.aborted) throw new Error('aborted');
    this.sleeps.push(ms);
    this.t += ms;
    await Promise.resolve();
    if (signal?.aborted) throw new Error('aborted');
  };
  get slept(): number {
    return this.sleeps.reduce((a, b) => a + b, 0);
  }
}

/**
 * Virtual time for concurrent callers: a sleep waits until `run()` moves the clock to its end, always to the
 * earliest pending sleep once every caller is idle, so several callers see time pass as they would for real
 * (FakeClock moves time as soon as anyone sleeps).
 */
export class VirtualClock implements Clock {
  t = 1_700_000_000_000;
  private timers: { at: number; seq: number; resolve: () => void }[] = [];
  private seq = 0;
  now = (): number => this.t;
  sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(new Error('aborted'));
      const timer = { at: this.t + Math.max(0, ms), seq: this.seq++, resolve };
      this.timers.push(timer);
      signal?.addEventListener('abort', () => {
        this.timers = this.timers.filter((x) => x !== timer);
        reject(new Error('aborted'));
      });
    });

  /** Settles `work`, moving time from one pending sleep to the next whenever nothing else can run. */
  async run<T>(work: Promise<T>): Promise<T> {
    let done = false;
    const settled = work.finally(() => {
      done = true;
    });
    settled.catch(() => undefined);
    while (!done) {
      for (let i = 0; i < 20 && !done; i++) await new Promise((r) => setImmediate(r));
      if (done) break;
      this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.timers.shift();
      if (!next) throw new Error('VirtualClock: the work waits for something other than time');
      this.t = Math.max(this.t, next.at);
      next.resolve();
    }
    return settled;
  }
}

type Handler = (req: HttpRequest) => HttpResponse | Promise<HttpResponse>;

/** A transport that answers from a queue of handlers and records every request (bodies read to text). */
class FakeTransport {
  requests: (HttpRequest & { bodyText?: string; bodyBytes?: Uint8Array })[] = [];
  private queue: Handler[] = [];
  reply(...handlers: Handler[]): this {
    this.queue.push(...handlers);
    return this;
  }
  readonly fn: HttpTransport = async (req) => {
    const rec: HttpRequest & { bodyText?: string; bodyBytes?: Uint8Array } = { ...req, headers: { ...req.headers } };
    this.requests.push(rec);
    const h = this.queue.shift();
    if (!h) throw new Error(`unexpected request ${req.method} ${req.url}`);
    if (typeof req.body === 'string') rec.bodyText = req.body;
    return h(req);
  };
  get pending(): number {
    return this.queue.length;
  }
}

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): HttpResponse {
  return { status, headers: { 'content-type': 'application/json', ...headers }, text: JSON.stringify(body) };
}
export function text(body: string, status = 200, headers: Record<string, string> = {}): HttpResponse {
  return { status, headers, text: body };
}

let n = 0;
/** A fresh, unique key per test so pacers and caches never leak between tests. */
export function freshKey(): string {
  n += 1;
  return `TESTKEY${n}x${Math.random().toString(36).slice(2)}SECRET`;
}

/** A client over the fake transport and clock; `apiKey: undefined` makes one without a key (like the n8n node's). */
export function makeClient(extra: Partial<Omit<ClientOptions, 'apiKey'>> & { apiKey?: string | undefined } = {}) {
  resetSharedPacers();
  const clock = new FakeClock();
  const transport = new FakeTransport();
  const events: ClientEvent[] = [];
  const { apiKey: given, ...rest } = extra;
  const apiKey = 'apiKey' in extra ? given : freshKey();
  const client = new OneFichierClient({
    transport: transport.fn,
    clock,
    ...(apiKey !== undefined ? { apiKey } : {}),
    random: () => 0.5,
    onEvent: (e) => events.push(e),
    ...rest,
  });
  return { client, clock, transport, events, apiKey };
}

export async function collect(it: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const c of it) parts.push(c);
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export async function bodyOf(req: HttpRequest): Promise<Uint8Array> {
  const b = req.body;
  if (b === undefined) return new Uint8Array();
  if (typeof b === 'string') return new TextEncoder().encode(b);
  if (b instanceof Uint8Array) return b;
  return collect(b.chunks);
}

/** The OneFichierError a promise rejects with (the test fails if it resolves or rejects with anything else). */
export async function failureOf(p: Promise<unknown>): Promise<OneFichierError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(OneFichierError);
  return e as OneFichierError;
}
