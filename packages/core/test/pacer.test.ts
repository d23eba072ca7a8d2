/** The pacer: one pace per IP, lanes per account and endpoint, locks by scope, learning from floods, budgets and cache. */
import { OneFichierClient, OneFichierError, type ClientEvent, type HttpTransport, type Lane } from '../src';
import { LanePacer, resetSharedPacers } from '../src/internal';
import { recordLock, tryTake, type PaceBook } from '../src/policy/pacer';
import { FakeClock, VirtualClock, freshKey, json, makeClient } from './helpers';

const lane = (over: Partial<Lane> = {}): Lane => ({ key: 'h ip', kind: 'pace', intervalMs: 500, fifo: true, ...over });
const call = (lanes: Lane[], maxWaitMs = 1e9) => ({
  lanes,
  maxWaitMs,
  refuse: (w: { ms: number }) => new OneFichierError({ kind: 'rate_limited', message: `refused ${w.ms}` }),
});
const ok = () => json({ status: 'OK', message: '' });
const floodAnswer =
  (code: number, text = 'IP') =>
  () =>
    json({ status: 'KO', message: `Flood detected: ${text} Locked #${code}` }, 403);

/** A transport that records when each request starts, by URL path, and answers from `answer`. */
function recorder(clock: { now(): number }, answer: (path: string, n: number) => ReturnType<typeof json> = () => ok()) {
  const starts: { path: string; at: number; auth: string }[] = [];
  const transport: HttpTransport = async (req) => {
    const path = req.url.replace(/^https?:\/\/[^/]+\/v1\//, '');
    starts.push({ path, at: clock.now(), auth: req.headers.Authorization ?? '' });
    return answer(path, starts.length);
  };
  return { starts, transport };
}

describe('LanePacer', () => {
  test('N calls take at least (N-1) * interval of (fake) time, in FIFO order', async () => {
    const clock = new FakeClock();
    const p = new LanePacer(clock);
    const starts: [number, number][] = [];
    const t0 = clock.now();
    await Promise.all(Array.from({ length: 10 }, (_, i) => p.acquire(call([lane()])).then(() => starts.push([i, clock.now() - t0]))));
    expect(starts.map(([i]) => i)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    for (let i = 1; i < starts.length; i++) expect(starts[i]![1] - starts[i - 1]![1]).toBeGreaterThanOrEqual(500);
    expect(clock.now() - t0).toBe(9 * 500);
  });

  test('a lock holds every call on the lane until it ends, and resolves with the time waited', async () => {
    const clock = new FakeClock();
    const p = new LanePacer(clock);
    await p.acquire(call([lane()]));
    const until = await p.lock([lane()], 60_000);
    expect(until).toBe(clock.now() + 60_000);
    await expect(p.acquire(call([lane()]))).resolves.toBe(60_000);
  });

  test('a call waiting at a gate (a budget window, a lock) does not hold back the calls queued behind it', async () => {
    const clock = new FakeClock();
    const p = new LanePacer(clock);
    const gate = lane({ key: 'h account a folder/ls:5', kind: 'budget', intervalMs: 30_000, fifo: false });
    await p.acquire(call([lane(), gate]));
    const order: string[] = [];
    const listing = p.acquire(call([lane(), gate])).then(() => order.push(`listing@${clock.now()}`));
    const others = Promise.all([1, 2, 3].map((i) => p.acquire(call([lane()])).then(() => order.push(`call${i}`))));
    await Promise.all([listing, others]);
    expect(order.slice(0, 3)).toEqual(['call1', 'call2', 'call3']);
    expect(order[3]).toMatch(/^listing@/);
  });

  test("a wait past the lane's bound or the call's bound is refused at once", async () => {
    const clock = new FakeClock();
    const p = new LanePacer(clock);
    const gate = lane({ key: 'g', kind: 'budget', intervalMs: 30_000, fifo: false, maxWaitMs: 1000 });
    await p.acquire(call([gate]));
    await expect(p.acquire(call([gate]))).rejects.toThrow(/refused 30000/);
    await p.lock([lane()], 60_000);
    await expect(p.acquire(call([lane()], 10_000))).rejects.toThrow(/refused 60000/);
    expect(clock.slept).toBe(0);
  });

  test('a cancelled waiter rejects at once, leaves no hole, and does not break the order of the others', async () => {
    const clock = new FakeClock();
    const releases: (() => void)[] = [];
    clock.sleep = (ms, signal) =>
      new Promise<void>((resolve, reject) => {
        signal?.addEventListener('abort', () => reject(new Error('aborted')));
        releases.push(() => {
          clock.t += ms;
          resolve();
        });
      });
    const p = new LanePacer(clock);
    await p.acquire(call([lane()]));
    const t0 = clock.now();
    const order: string[] = [];
    const ac = new AbortController();
    const b = p.acquire(call([lane()])).then(() => order.push(`b@${clock.now() - t0}`));
    const c = p.acquire(call([lane()]), ac.signal).then(
      () => order.push('c'),
      (e: { kind?: string }) => order.push(`c:${e.kind}`),
    );
    const d = p.acquire(call([lane()])).then(() => order.push(`d@${clock.now() - t0}`));
    await Promise.resolve();
    ac.abort();
    await c;
    expect(order).toEqual(['c:cancelled']);
    while (order.length < 3) {
      await new Promise((r) => setImmediate(r));
      releases.shift()?.();
    }
    await Promise.all([b, d]);
    // d starts one interval after b: the cancelled c took no turn.
    expect(order).toEqual(['c:cancelled', 'b@500', 'd@1000']);
  });

  test('negative limits and a bad processesSharingPace are refused where they are given', () => {
    const transport = async () => ok();
    expect(() => new OneFichierClient({ transport, clock: new FakeClock(), limits: { minIntervalMs: -1 } })).toThrow(/minIntervalMs/);
    expect(() => new OneFichierClient({ transport, clock: new FakeClock(), processesSharingPace: 0 })).toThrow(/processesSharingPace/);
  });
});

describe('the pace book (pure rules)', () => {
  const adaptiveLane = lane({ adaptive: { cautiousMs: 2500, holdMs: 300_000, maxMs: 20_000 } });

  test('a lock halves the rate, at once to the cautious spacing at least; a known lock is not counted twice', () => {
    const book: PaceBook = { lanes: {} };
    const until = recordLock(book, [adaptiveLane], 60_000, 1000);
    expect(until).toBe(61_000);
    expect(book.lanes['h ip']).toMatchObject({ learnedMs: 2500, lockedAt: 1000, streak: 1 });
    // Another call's flood answer during the same lock: lengthened (calls may extend it), not counted again.
    recordLock(book, [adaptiveLane], 60_000, 2000);
    expect(book.lanes['h ip']).toMatchObject({ learnedMs: 2500, lockedUntil: 62_000, streak: 1 });
    // The next lock right after it: twice the cool-down, half the rate again.
    expect(recordLock(book, [adaptiveLane], 60_000, 63_000)).toBe(63_000 + 120_000);
    expect(book.lanes['h ip']).toMatchObject({ learnedMs: 5000, streak: 2 });
  });

  test('after the hold, each start gives back a hundredth of the full rate until the configured spacing', () => {
    const book: PaceBook = { lanes: {} };
    recordLock(book, [adaptiveLane], 60_000, 0);
    let t = 61_000;
    expect(tryTake(book, [adaptiveLane], t)).toBeUndefined();
    expect(book.lanes['h ip']!.learnedMs).toBe(2500); // still in the hold
    t = 300_000;
    const spacings: number[] = [];
    for (let i = 0; i < 200 && book.lanes['h ip']!.learnedMs !== undefined; i++) {
      t += book.lanes['h ip']!.learnedMs!;
      expect(tryTake(book, [adaptiveLane], t)).toBeUndefined();
      spacings.push(book.lanes['h ip']!.learnedMs ?? 500);
    }
    // From 0.4 calls/s back to 2 calls/s by steps of 0.02 calls/s: 80 starts.
    expect(spacings).toHaveLength(80);
    expect(spacings[0]).toBeCloseTo(1000 / 0.42, 5);
    expect(spacings.at(-1)).toBe(500);
  });
});

describe('one pace per IP, locks by scope', () => {
  beforeEach(() => resetSharedPacers());
  const base = 'https://api.1fichier.com/v1';

  test('clients with different keys on one service share one pace; another service has its own', async () => {
    const clock = new FakeClock();
    const { starts, transport } = recorder(clock);
    const a = new OneFichierClient({ transport, clock, apiKey: freshKey(), baseUrl: base });
    const b = new OneFichierClient({ transport, clock, apiKey: freshKey(), baseUrl: base });
    const other = new OneFichierClient({ transport, clock, apiKey: freshKey(), baseUrl: 'http://127.0.0.1:3737/v1' });
    const t0 = clock.now();
    await Promise.all([
      a.scanFile('https://1fichier.com/?a0000'),
      b.scanFile('https://1fichier.com/?b0000'),
      a.scanFile('https://1fichier.com/?c0000'),
    ]);
    expect(starts.map((s) => s.at - t0)).toEqual([0, 500, 1000]);
    await other.scanFile('https://1fichier.com/?d0000');
    expect(starts[3]!.at - t0).toBe(1000);
  });

  test('a #374 flood answered to one key pauses the calls of every key on the IP', async () => {
    const clock = new FakeClock();
    const { starts, transport } = recorder(clock, (_p, n) => (n === 1 ? floodAnswer(374)() : ok()));
    const a = new OneFichierClient({ transport, clock, apiKey: freshKey(), baseUrl: base, random: () => 0 });
    const b = new OneFichierClient({ transport, clock, apiKey: freshKey(), baseUrl: base, random: () => 0 });
    const t0 = clock.now();
    await a.scanFile('https://1fichier.com/?a0000');
    await b.scanFile('https://1fichier.com/?b0000');
    expect(starts.map((s) => s.at - t0)).toEqual([0, 60_000, 62_500]);
  });

  test('a #223 lock of one account pauses that account only', async () => {
    const clock = new VirtualClock();
    const keyA = freshKey();
    const { starts, transport } = recorder(clock, (_p, n) => (n === 1 ? floodAnswer(223, 'User')() : ok()));
    const a = new OneFichierClient({ transport, clock, apiKey: keyA, baseUrl: base, random: () => 0 });
    const b = new OneFichierClient({ transport, clock, apiKey: freshKey(), baseUrl: base, random: () => 0 });
    const t0 = clock.now();
    await clock.run(
      Promise.all([
        a.scanFile('https://1fichier.com/?a0000'),
        (async () => {
          await b.scanFile('https://1fichier.com/?b0000');
          await b.scanFile('https://1fichier.com/?c0000');
        })(),
      ]),
    );
    const byA = starts.filter((s) => s.auth.includes(keyA)).map((s) => s.at - t0);
    const byB = starts.filter((s) => !s.auth.includes(keyA)).map((s) => s.at - t0);
    expect(byA).toEqual([0, 60_000]);
    expect(byB).toEqual([500, 1000]);
  });

  test('a user/info lock (#38) covers user/info only: it fails fast with retryAfterMs, serves the last answer, and downloads go on', async () => {
    const clock = new FakeClock();
    const events: ClientEvent[] = [];
    let infoCalls = 0;
    const { starts, transport } = recorder(clock, (path) => {
      if (path === 'user/info.cgi') {
        infoCalls++;
        return infoCalls === 1 ? json({ status: 'OK', email: 'a@b.c' }) : floodAnswer(38)();
      }
      if (path === 'download/get_token.cgi') return json({ status: 'OK', url: 'https://a-1.1fichier.com/token' });
      return ok();
    });
    const client = new OneFichierClient({ transport, clock, apiKey: freshKey(), baseUrl: base, onEvent: (e) => events.push(e) });
    expect((await client.getAccountInfo()).email).toBe('a@b.c');
    clock.t += 300_000;
    // The window has passed: a new call goes out, meets #38, and the last answer is served instead of failing.
    expect((await client.getAccountInfo()).email).toBe('a@b.c');
    expect(events.find((e) => e.type === 'cache' && /locked/.test(e.message))).toBeDefined();
    expect(events.some((e) => e.type === 'wait' && e.reason === 'flood')).toBe(false);
    // Another key on the same IP has no answer to serve: it fails at once, without a request, and says why.
    const other = new OneFichierClient({ transport, clock, apiKey: freshKey(), baseUrl: base });
    const err = (await other.getAccountInfo().catch((e: unknown) => e)) as OneFichierError;
    expect(err).toMatchObject({ kind: 'rate_limited', retryable: true, endpoint: 'user/info.cgi' });
    expect(err.retryAfterMs).toBeGreaterThan(290_000);
    expect(err.hint).toMatch(/uploads, downloads and other calls still work/);
    expect(infoCalls).toBe(2);
    // Other endpoints do not wait for that lock.
    const before = clock.now();
    await client.getDownloadToken({ url: 'https://1fichier.com/?a0000' });
    await client.scanFile('https://1fichier.com/?a0000');
    expect(clock.now() - before).toBeLessThanOrEqual(1000); // two turns of the pace, no lock wait
    expect(starts.at(-1)!.path).toBe('file/scan.cgi');
  });

  test('after a flood the pace falls to 2.5 s, and comes back to 500 ms only after the hold', async () => {
    const clock = new FakeClock();
    const { starts, transport } = recorder(clock, (_p, n) => (n === 2 ? floodAnswer(374)() : ok()));
    const client = new OneFichierClient({ transport, clock, apiKey: freshKey(), baseUrl: base, random: () => 0 });
    for (let i = 0; i < 4; i++) await client.scanFile(`https://1fichier.com/?a000${i}`);
    const gaps = starts.slice(1).map((s, i) => s.at - starts[i]!.at);
    expect(gaps).toEqual([500, 60_000, 2500, 2500]);
    clock.t += 300_000;
    for (let i = 0; i < 120; i++) await client.scanFile('https://1fichier.com/?b0000');
    const last = starts.slice(-3);
    expect(last[2]!.at - last[1]!.at).toBe(500);
  });

  test('get_token keeps 2.5 s between tokens from the IP, while other calls go on at the pace', async () => {
    const clock = new VirtualClock();
    const { starts, transport } = recorder(clock, (path) =>
      path === 'download/get_token.cgi' ? json({ status: 'OK', url: 'https://a-1.1fichier.com/t' }) : ok(),
    );
    const a = new OneFichierClient({ transport, clock, apiKey: freshKey(), baseUrl: base });
    const b = new OneFichierClient({ transport, clock, apiKey: freshKey(), baseUrl: base });
    const t0 = clock.now();
    await clock.run(
      Promise.all([
        a.getDownloadToken({ url: 'https://1fichier.com/?a0000' }),
        b.getDownloadToken({ url: 'https://1fichier.com/?b0000' }),
        a.scanFile('https://1fichier.com/?c0000'),
        b.scanFile('https://1fichier.com/?d0000'),
      ]),
    );
    const at = (path: string) => starts.filter((s) => s.path === path).map((s) => s.at - t0);
    expect(at('download/get_token.cgi')).toEqual([0, 2500]);
    expect(at('file/scan.cgi')).toEqual([500, 1000]);
  });

  /** A folder/ls answer for folder `id`, and a file/ls answer with no files. */
  const listingAnswer = (path: string) =>
    path === 'folder/ls.cgi'
      ? json({ status: 'OK', folder_id: 1, name: 'F', files: 0, sub_folders: [] })
      : path === 'file/ls.cgi'
        ? json({ status: 'OK', count: 0 })
        : ok();

  test('listings of different folders, by every key on the IP, keep 3.3 s apart; other calls go on at the pace', async () => {
    const clock = new VirtualClock();
    const { starts, transport } = recorder(clock, listingAnswer);
    const a = new OneFichierClient({ transport, clock, apiKey: freshKey(), baseUrl: base });
    const b = new OneFichierClient({ transport, clock, apiKey: freshKey(), baseUrl: base });
    const t0 = clock.now();
    await clock.run(
      Promise.all([
        a.listFolder(1),
        b.listFolder(2),
        a.listFiles({ folderId: 3 }),
        b.scanFile('https://1fichier.com/?d0000'),
        a.scanFile('https://1fichier.com/?e0000'),
      ]),
    );
    const at = (path: string) => starts.filter((s) => s.path === path).map((s) => s.at - t0);
    const listings = starts.filter((s) => s.path.endsWith('ls.cgi')).map((s) => s.at - t0);
    expect(listings.map((t) => t - listings[0]!)).toEqual([0, 3300, 6600]);
    // The other calls took the IP's turns while the listings waited for theirs.
    expect(at('file/scan.cgi')).toEqual([0, 500]);
  });

  test('a flood answer to a listing slows the listing pace to twice its spacing at once, then it comes back after the hold', async () => {
    const clock = new FakeClock();
    const { starts, transport } = recorder(clock, (path, n) => (n === 2 ? floodAnswer(374)() : listingAnswer(path)));
    const client = new OneFichierClient({ transport, clock, apiKey: freshKey(), baseUrl: base, random: () => 0 });
    for (let folder = 1; folder <= 4; folder++) await client.listFolder(folder);
    const gaps = starts.slice(1).map((s, i) => s.at - starts[i]!.at);
    // The second listing met the lock (60 s); it was sent again after it, then every listing waits 6.6 s.
    expect(gaps).toEqual([3300, 60_000, 6600, 6600]);
    clock.t += 300_000;
    for (let folder = 10; folder < 130; folder++) await client.listFolder(folder);
    const last = starts.slice(-2);
    expect(last[1]!.at - last[0]!.at).toBe(3300);
  });

  test('file/info keeps 2.5 s between checks from the IP; limits.fileInfoIntervalMs and listingIntervalMs are options', async () => {
    const clock = new VirtualClock();
    const { starts, transport } = recorder(clock, (path) =>
      path === 'file/info.cgi' ? json({ url: 'https://1fichier.com/?a0000', filename: 'a', size: 1 }) : listingAnswer(path),
    );
    const a = new OneFichierClient({ transport, clock, apiKey: freshKey(), baseUrl: base });
    const t0 = clock.now();
    await clock.run(
      Promise.all([
        a.getFileInfo('https://1fichier.com/?a0000'),
        a.getFileInfo('https://1fichier.com/?b0000'),
        a.scanFile('https://1fichier.com/?c0000'),
      ]),
    );
    const at = (path: string) => starts.filter((s) => s.path === path).map((s) => s.at - t0);
    expect(at('file/info.cgi')).toEqual([0, 2500]);
    expect(at('file/scan.cgi')).toEqual([500]);

    resetSharedPacers();
    const custom = new OneFichierClient({
      transport,
      clock,
      apiKey: freshKey(),
      baseUrl: base,
      limits: { fileInfoIntervalMs: 10_000, listingIntervalMs: 7_000 },
    });
    const t1 = clock.now();
    const before = starts.length;
    await clock.run(Promise.all([custom.getFileInfo('https://1fichier.com/?a0000'), custom.getFileInfo('https://1fichier.com/?b0000')]));
    await clock.run(Promise.all([custom.listFolder(1), custom.listFolder(2)]));
    const since = (path: string) =>
      starts
        .slice(before)
        .filter((s) => s.path === path)
        .map((s) => s.at - t1);
    expect(since('file/info.cgi')).toEqual([0, 10_000]);
    const listed = since('folder/ls.cgi');
    expect(listed[1]! - listed[0]!).toBe(7_000);
  });

  test('processesSharingPace: each client goes that many times slower', async () => {
    const clock = new FakeClock();
    const { starts, transport } = recorder(clock);
    const client = new OneFichierClient({ transport, clock, apiKey: freshKey(), baseUrl: base, processesSharingPace: 3 });
    for (let i = 0; i < 3; i++) await client.scanFile('https://1fichier.com/?a0000');
    expect(starts[2]!.at - starts[0]!.at).toBe(3000);
  });

  test('clients on different clocks (tests) get different pacers', () => {
    const transport = async () => ok();
    const a = new OneFichierClient({ transport, clock: new FakeClock(), apiKey: freshKey() });
    const b = new OneFichierClient({ transport, clock: new FakeClock(), apiKey: freshKey() });
    const c = new OneFichierClient({ transport, clock: new FakeClock(), apiKey: freshKey(), pacer: a.pacer });
    expect(a.pacer).not.toBe(b.pacer);
    expect(c.pacer).toBe(a.pacer);
  });
});

describe('per-endpoint budgets and cache', () => {
  const folderAnswer = (id: number, names: string[]) => () =>
    json({
      status: 'OK',
      folder_id: id,
      name: 'F',
      files: 0,
      sub_folders: names.map((n, i) => ({ id: 100 + i, name: n, create_date: '', pass: 0 })),
    });

  test('a repeat inside 30 s is served from the cache (no request), with a cache event', async () => {
    const t = makeClient();
    t.transport.reply(folderAnswer(5, ['a']));
    const first = await t.client.listFolder(5);
    t.clock.t += 10_000;
    const second = await t.client.listFolder(5);
    expect(second).toEqual(first);
    expect(t.transport.requests).toHaveLength(1);
    expect(t.events.find((e) => e.type === 'cache')).toMatchObject({ endpoint: 'folder/ls.cgi', ageMs: 10_000 });
  });

  test('cached answers are copies: mutating one does not change the next', async () => {
    const t = makeClient();
    t.transport.reply(folderAnswer(5, ['a']));
    const first = await t.client.listFolder(5);
    first.subFolders.push({ id: 1, name: 'junk', createDate: '', createDateUtc: '', passwordProtected: false });
    expect((await t.client.listFolder(5)).subFolders.map((f) => f.name)).toEqual(['a']);
  });

  test('after the window a new call is made', async () => {
    const t = makeClient();
    t.transport.reply(folderAnswer(5, ['a']), folderAnswer(5, ['a', 'b']));
    await t.client.listFolder(5);
    t.clock.t += 30_000;
    expect((await t.client.listFolder(5)).subFolders).toHaveLength(2);
    expect(t.transport.requests).toHaveLength(2);
  });

  test('different folders have separate budgets; file/ls and folder/ls too', async () => {
    const t = makeClient();
    t.transport.reply(folderAnswer(5, []), folderAnswer(6, []), () => json({ status: 'OK', count: 0, items: [] }));
    await t.client.listFolder(5);
    await t.client.listFolder(6);
    await t.client.listFiles({ folderId: 5 });
    expect(t.transport.requests).toHaveLength(3);
    expect(t.events.filter((e) => e.type === 'wait' && e.reason === 'budget')).toHaveLength(0);
  });

  test('a mutation invalidates the folder; the next listing WAITS for the window instead of violating it', async () => {
    const t = makeClient();
    t.transport.reply(folderAnswer(5, ['a']), () => json({ status: 'OK', name: 'b', folder_id: 101 }), folderAnswer(5, ['a', 'b']));
    const t0 = t.clock.t;
    await t.client.listFolder(5);
    await t.client.createFolder('b', 5);
    const after = await t.client.listFolder(5);
    expect(after.subFolders.map((f) => f.name)).toEqual(['a', 'b']);
    expect(t.transport.requests).toHaveLength(3);
    const listStarts = t.transport.requests.filter((r) => r.url.endsWith('folder/ls.cgi'));
    expect(listStarts).toHaveLength(2);
    expect(t.clock.t - t0).toBeGreaterThanOrEqual(30_000);
    expect(t.events.find((e) => e.type === 'wait' && e.reason === 'budget')).toMatchObject({
      endpoint: 'folder/ls.cgi',
      message: expect.stringMatching(/waiting \d+ s/),
    });
  });

  test('a listing with files serves a later listing without files, not the reverse', async () => {
    const t = makeClient();
    t.transport.reply(() =>
      json({
        status: 'OK',
        folder_id: 5,
        name: 'F',
        files: 1,
        sub_folders: [],
        items: [{ url: 'https://1fichier.com/?a0000', filename: 'a', size: 1 }],
      }),
    );
    const withFiles = await t.client.listFolder(5, { includeFiles: true });
    const without = await t.client.listFolder(5);
    expect(withFiles.items).toHaveLength(1);
    expect(without.items).toBeUndefined();
    expect(t.transport.requests).toHaveLength(1);

    const u = makeClient();
    u.transport.reply(folderAnswer(5, []), () => json({ status: 'OK', folder_id: 5, name: 'F', files: 0, sub_folders: [], items: [] }));
    await u.client.listFolder(5);
    await u.client.listFolder(5, { includeFiles: true });
    expect(u.transport.requests).toHaveLength(2);
    expect(u.events.some((e) => e.type === 'wait' && e.reason === 'budget')).toBe(true);
  });

  test('parallel identical listings share one request', async () => {
    const t = makeClient();
    t.transport.reply(folderAnswer(5, ['a']));
    const [a, b] = await Promise.all([t.client.listFolder(5), t.client.listFolder(5)]);
    expect(a).toEqual(b);
    expect(t.transport.requests).toHaveLength(1);
  });

  test('a shared in-flight listing cancelled by its caller does not cancel the other caller', async () => {
    const t = makeClient();
    let release!: () => void;
    t.transport.reply(
      (req) =>
        new Promise((resolve, reject) => {
          req.signal?.addEventListener('abort', () => reject(new Error('aborted')));
          release = () => resolve(json({ status: 'OK', folder_id: 5, name: 'F', sub_folders: [] }));
        }),
      () => json({ status: 'OK', folder_id: 5, name: 'F', sub_folders: [{ id: 9, name: 'late', pass: 0 }] }),
    );
    const ac = new AbortController();
    const first = t.client.listFolder(5, { signal: ac.signal });
    await new Promise((r) => setImmediate(r));
    const second = t.client.listFolder(5);
    ac.abort();
    await expect(first).rejects.toMatchObject({ kind: 'cancelled' });
    expect((await second).subFolders.map((f) => f.name)).toEqual(['late']);
    void release;
  });

  test('whole-account listing: once per hour; an early repeat after a change fails with rate_limited and the wait', async () => {
    const t = makeClient();
    t.transport.reply(() => json({ status: 'OK', count: 0, items: [] }));
    await t.client.listFiles({ folderId: 'all' });
    t.clock.t += 600_000;
    await t.client.listFiles({ folderId: 'all' }); // cached
    expect(t.transport.requests).toHaveLength(1);
    t.transport.reply(() => json({ status: 'OK', removed: 1 }));
    await t.client.removeFiles(['https://1fichier.com/?a0000']);
    const err = await t.client.listFiles({ folderId: 'all' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'rate_limited', retryable: true, endpoint: 'file/ls.cgi' });
    expect((err as { retryAfterMs: number }).retryAfterMs).toBeGreaterThan(2_900_000);
    expect(t.transport.requests).toHaveLength(2);
  });

  test('user/info: once per 5 minutes', async () => {
    const t = makeClient();
    t.transport.reply(
      () => json({ status: 'OK', email: 'a@b.c' }),
      () => json({ status: 'OK', email: 'new@b.c' }),
    );
    await t.client.getAccountInfo();
    t.clock.t += 299_000;
    expect((await t.client.getAccountInfo()).email).toBe('a@b.c');
    t.clock.t += 1_000;
    expect((await t.client.getAccountInfo()).email).toBe('new@b.c');
    expect(t.transport.requests).toHaveLength(2);
  });

  test('a failed listing still counts against the budget (the request reached the service)', async () => {
    const t = makeClient();
    t.transport.reply(() => json({ status: 'KO', message: 'Weird #5' }, 403), folderAnswer(5, []));
    await expect(t.client.listFolder(5)).rejects.toMatchObject({ kind: 'api' });
    const t0 = t.clock.t;
    await t.client.listFolder(5);
    expect(t.clock.t - t0).toBeGreaterThanOrEqual(29_000);
  });

  test('file mutations by URL invalidate every listing', async () => {
    const t = makeClient();
    t.transport.reply(
      () => json({ status: 'OK', count: 0, items: [] }),
      () => json({ status: 'OK', urls: ['https://1fichier.com/?n0000'], moved: 1 }),
      () => json({ status: 'OK', count: 1, items: [{ url: 'https://1fichier.com/?n0000', filename: 'n', size: 1 }] }),
    );
    await t.client.listFiles({ folderId: 9 });
    await t.client.moveFiles(['https://1fichier.com/?a0000'], 9);
    expect((await t.client.listFiles({ folderId: 9 })).count).toBe(1);
    expect(t.transport.requests).toHaveLength(3);
  });
});

describe("limits are each client's own", () => {
  test("a client's pace applies to its own calls; the IP's turns are shared", async () => {
    resetSharedPacers();
    const clock = new FakeClock();
    const { starts, transport } = recorder(clock);
    const slow = new OneFichierClient({ transport, clock, apiKey: freshKey(), limits: { minIntervalMs: 2000 } });
    const fast = new OneFichierClient({ transport, clock, apiKey: freshKey(), limits: { minIntervalMs: 500 } });
    const t0 = clock.now();
    await slow.scanFile('https://1fichier.com/?a0000');
    await fast.scanFile('https://1fichier.com/?b0000');
    await slow.scanFile('https://1fichier.com/?c0000');
    expect(starts.map((s) => s.at - t0)).toEqual([0, 500, 2500]);
  });

  test('maxBudgetWaitMs is per client: one fails fast while another waits', async () => {
    resetSharedPacers();
    const clock = new FakeClock();
    const key = freshKey();
    const answers = [
      json({ status: 'OK', folder_id: 5, name: 'F', sub_folders: [] }),
      json({ status: 'OK', name: 'x', folder_id: 6 }),
      json({ status: 'OK', folder_id: 5, name: 'F', sub_folders: [] }),
    ];
    const transport = async () => answers.shift()!;
    const patient = new OneFichierClient({ transport, clock, apiKey: key });
    const hasty = new OneFichierClient({ transport, clock, apiKey: key, limits: { maxBudgetWaitMs: 1000 } });
    await patient.listFolder(5);
    await patient.createFolder('x', 5);
    await expect(hasty.listFolder(5)).rejects.toMatchObject({ kind: 'rate_limited', retryable: true });
    await expect(patient.listFolder(5)).resolves.toMatchObject({ folderId: 5 });
  });
});
