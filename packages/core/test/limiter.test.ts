/** The shared limiter: pace, FIFO, pauses, cancellation, per-endpoint budgets, cache and invalidation. */
import { OneFichierClient, RateLimiter, resetSharedLimiters, sharedLimiter } from '../src';
import { FakeClock, freshKey, json, makeClient } from './helpers';

describe('RateLimiter', () => {
  test('N calls take at least (N-1) * minInterval of (fake) time, FIFO', async () => {
    const clock = new FakeClock();
    const l = new RateLimiter(clock, { minIntervalMs: 500 });
    const starts: [number, number][] = [];
    const t0 = clock.now();
    await Promise.all(Array.from({ length: 10 }, (_, i) => l.acquire().then(() => starts.push([i, clock.now() - t0]))));
    expect(starts.map(([i]) => i)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    for (let i = 1; i < starts.length; i++) expect(starts[i]![1] - starts[i - 1]![1]).toBeGreaterThanOrEqual(500);
    expect(clock.now() - t0).toBeGreaterThanOrEqual(9 * 500);
  });

  test('a configurable pace', async () => {
    const clock = new FakeClock();
    const l = new RateLimiter(clock, { minIntervalMs: 1000 });
    const t0 = clock.now();
    for (let i = 0; i < 4; i++) await l.acquire();
    expect(clock.now() - t0).toBe(3000);
  });

  test('pause() holds every queued call until it ends', async () => {
    const clock = new FakeClock();
    const l = new RateLimiter(clock, { minIntervalMs: 500 });
    await l.acquire();
    l.pause(60_000);
    const t0 = clock.now();
    await l.acquire();
    expect(clock.now() - t0).toBeGreaterThanOrEqual(60_000);
  });

  test('a cancelled waiter rejects at once and does not break the order of the others', async () => {
    const clock = new FakeClock();
    // A clock whose sleep only ends when released, to keep waiters queued.
    const releases: (() => void)[] = [];
    clock.sleep = (ms, signal) =>
      new Promise<void>((resolve, reject) => {
        signal?.addEventListener('abort', () => reject(new Error('aborted')));
        releases.push(() => {
          clock.t += ms;
          resolve();
        });
      });
    const l = new RateLimiter(clock, { minIntervalMs: 500 });
    await l.acquire();
    const order: string[] = [];
    const ac = new AbortController();
    const b = l.acquire().then(() => order.push('b'));
    const c = l.acquire(ac.signal).then(
      () => order.push('c'),
      (e: { kind?: string }) => order.push(`c:${e.kind}`),
    );
    const d = l.acquire().then(() => order.push('d'));
    await Promise.resolve();
    ac.abort();
    await c;
    expect(order).toEqual(['c:cancelled']);
    while (order.length < 3) {
      await new Promise((r) => setImmediate(r));
      releases.shift()?.();
    }
    await Promise.all([b, d]);
    expect(order).toEqual(['c:cancelled', 'b', 'd']);
  });

  test('negative limits are refused', () => {
    expect(() => new RateLimiter(new FakeClock(), { minIntervalMs: -1 })).toThrow(/minIntervalMs/);
  });

  test('one limiter per account key: clients with the same key share it, others do not', () => {
    resetSharedLimiters();
    const clock = new FakeClock();
    const key = freshKey();
    const a = new OneFichierClient({ transport: async () => ({ status: 200, headers: {} }), clock, apiKey: key });
    const b = new OneFichierClient({ transport: async () => ({ status: 200, headers: {} }), clock, apiKey: key });
    const c = new OneFichierClient({ transport: async () => ({ status: 200, headers: {} }), clock, apiKey: freshKey() });
    const n1 = new OneFichierClient({ transport: async () => ({ status: 200, headers: {} }), clock, accountKey: 'cred-hash-1' });
    const n2 = new OneFichierClient({ transport: async () => ({ status: 200, headers: {} }), clock, accountKey: 'cred-hash-1' });
    expect(a.limiter).toBe(b.limiter);
    expect(a.limiter).not.toBe(c.limiter);
    expect(n1.limiter).toBe(n2.limiter);
    expect(sharedLimiter('x', clock)).toBe(sharedLimiter('x', clock));
  });

  test('two clients with the same key are paced together', async () => {
    resetSharedLimiters();
    const clock = new FakeClock();
    const key = freshKey();
    const starts: number[] = [];
    const transport = async () => {
      starts.push(clock.now());
      return json({ status: 'OK', message: '' });
    };
    const a = new OneFichierClient({ transport, clock, apiKey: key });
    const b = new OneFichierClient({ transport, clock, apiKey: key });
    await Promise.all([
      a.scanFile('https://1fichier.com/?a0000'),
      b.scanFile('https://1fichier.com/?b0000'),
      a.scanFile('https://1fichier.com/?c0000'),
    ]);
    expect(starts).toHaveLength(3);
    expect(starts[1]! - starts[0]!).toBeGreaterThanOrEqual(500);
    expect(starts[2]! - starts[1]!).toBeGreaterThanOrEqual(500);
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

describe('shared limiter settings', () => {
  test('a later client of the same account can tighten the pace, never loosen it', async () => {
    resetSharedLimiters();
    const clock = new FakeClock();
    const key = freshKey();
    const transport = async () => json({ status: 'OK' });
    const a = new OneFichierClient({ transport, clock, apiKey: key, limits: { minIntervalMs: 500 } });
    new OneFichierClient({ transport, clock, apiKey: key, limits: { minIntervalMs: 2000, folderListIntervalMs: 60_000 } });
    new OneFichierClient({ transport, clock, apiKey: key, limits: { minIntervalMs: 100 } });
    expect(a.limiter.limits).toMatchObject({ minIntervalMs: 2000, folderListIntervalMs: 60_000 });
    const t0 = clock.now();
    await a.limiter.acquire();
    await a.limiter.acquire();
    expect(clock.now() - t0).toBe(2000);
  });

  test('maxBudgetWaitMs is per client: one fails fast while another waits', async () => {
    resetSharedLimiters();
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

  test('clients on different clocks (tests) get different limiters', () => {
    resetSharedLimiters();
    const key = freshKey();
    const transport = async () => json({ status: 'OK' });
    const a = new OneFichierClient({ transport, clock: new FakeClock(), apiKey: key });
    const b = new OneFichierClient({ transport, clock: new FakeClock(), apiKey: key });
    expect(a.limiter).not.toBe(b.limiter);
  });
});
