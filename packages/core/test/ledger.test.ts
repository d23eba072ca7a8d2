/**
 * The machine's pace ledger (Node entry): pacers that share nothing but the ledger file take their turns as
 * one pace; a lock one of them meets holds the others; a lock file left by a crashed process, a corrupt
 * ledger or an unwritable folder never blocks anyone for long. Real time, real files (short intervals).
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OneFichierClient, OneFichierError, type Lane, type PaceBook, type PaceStore } from '../src';
import { LanePacer } from '../src/internal';
import { FilePaceStore, LEDGER_WARNING_CODE, createNodeClient, defaultLedgerPath, machinePacer, realClock } from '../src/node';

const tmp = () => mkdtempSync(join(tmpdir(), 'core-ledger-'));
const paceLane = (intervalMs: number): Lane => ({
  key: 'sandbox ip',
  kind: 'pace',
  intervalMs,
  fifo: true,
  adaptive: { cautiousMs: 5 * intervalMs, holdMs: 60_000, maxMs: 40 * intervalMs },
});
const call = (lanes: Lane[]) => ({
  lanes,
  maxWaitMs: 60_000,
  refuse: () => new OneFichierError({ kind: 'rate_limited', message: 'refused' }),
});
/** A "process": its own pacer and FIFO queue over its own store object; only the file is shared. */
const processOn = (path: string, store: PaceStore = new FilePaceStore(path)) => new LanePacer(realClock, store);

/** Records the time of every turn taken on the pace lane, as written in the ledger under its lock. */
class TurnRecorder implements PaceStore {
  constructor(
    private readonly inner: PaceStore,
    private readonly turns: number[],
  ) {}
  update<T>(change: (book: PaceBook) => T): Promise<T> {
    return this.inner.update((book) => {
      const before = book.lanes['sandbox ip']?.lastAt;
      const result = change(book);
      const after = book.lanes['sandbox ip']?.lastAt;
      if (after !== undefined && after !== before) this.turns.push(after);
      return result;
    });
  }
  read(): Promise<PaceBook> {
    return this.inner.read();
  }
}

describe('the pace ledger', () => {
  test('four pacers sharing only the ledger file take 40 turns as one pace (at least the interval apart)', async () => {
    const path = join(tmp(), 'pace-ledger.json');
    const interval = 60;
    const turns: number[] = [];
    const pacers = [1, 2, 3, 4].map(() => processOn(path, new TurnRecorder(new FilePaceStore(path), turns)));
    await Promise.all(
      pacers.map(async (p) => {
        for (let i = 0; i < 10; i++) await p.acquire(call([paceLane(interval)]));
      }),
    );
    expect(turns).toHaveLength(40);
    const gaps = turns.slice(1).map((t, i) => t - turns[i]!);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(interval);
    const book = JSON.parse(readFileSync(path, 'utf8')) as { lanes: Record<string, unknown> };
    expect(Object.keys(book.lanes)).toEqual(['sandbox ip']);
  });

  test('a flood lock met by one process holds the others, and slows the shared pace', async () => {
    const path = join(tmp(), 'pace-ledger.json');
    const turns: number[] = [];
    const [a, b] = [processOn(path), processOn(path, new TurnRecorder(new FilePaceStore(path), turns))];
    await a.acquire(call([paceLane(50)]));
    const until = await a.lock([paceLane(50)], 400);
    await b.acquire(call([paceLane(50)]));
    await b.acquire(call([paceLane(50)]));
    expect(turns[0]).toBeGreaterThanOrEqual(until);
    // The learned pace (5 x 50 ms) is in the file: the other process keeps it too.
    expect(turns[1]! - turns[0]!).toBeGreaterThanOrEqual(250);
  });

  test('a lock left by a crashed process is taken over after a few seconds, not waited for', async () => {
    const path = join(tmp(), 'pace-ledger.json');
    // What proper-lockfile leaves when its holder dies mid-change: the lock folder, fresh.
    mkdirSync(`${path}.lock`);
    const t0 = Date.now();
    await processOn(path).acquire(call([paceLane(10)]));
    expect(Date.now() - t0).toBeLessThan(12_000); // the takeover comes after 5 s (src/node/ledger.ts); the rest is slack for a loaded machine
    // One left long ago is taken over at once.
    const path2 = join(tmp(), 'pace-ledger.json');
    mkdirSync(`${path2}.lock`);
    const old = new Date(Date.now() - 60_000);
    utimesSync(`${path2}.lock`, old, old);
    const t1 = Date.now();
    await processOn(path2).acquire(call([paceLane(10)]));
    expect(Date.now() - t1).toBeLessThan(3_000);
  }, 30_000);

  test('a corrupt ledger (a crash before the rename, a hand edit) is replaced by a new book', async () => {
    const path = join(tmp(), 'pace-ledger.json');
    writeFileSync(path, '{"lanes": {"sandbox ip": {"lastAt": 12');
    await processOn(path).acquire(call([paceLane(10)]));
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({ lanes: { 'sandbox ip': { lastAt: expect.any(Number) } } });
  });

  test('an unwritable folder: the process paces itself alone and says so once, with what to do', async () => {
    if (process.getuid?.() === 0) return; // root writes anywhere: nothing to prove here
    const dir = tmp();
    chmodSync(dir, 0o500);
    const problems: string[] = [];
    const p = new LanePacer(realClock, new FilePaceStore(join(dir, 'sub', 'pace-ledger.json'), (m) => problems.push(m)));
    await p.acquire(call([paceLane(10)]));
    await p.acquire(call([paceLane(10)]));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/ONEFICHIER_PACE_DIR/);
  });

  test('a clock set back an hour: turns and locks written before the step are moved back, not waited for', async () => {
    const path = join(tmp(), 'pace-ledger.json');
    const hour = 3_600_000;
    const now = Date.now();
    // Written an hour "ahead": a turn just taken, and a lock that began a second before it with 400 ms left.
    const lane = { lastAt: now + hour, lockedAt: now + hour - 1_000, lockedUntil: now + hour + 400, keepUntil: now + hour + 400 };
    writeFileSync(path, JSON.stringify({ lanes: { 'sandbox ip': lane } }));
    const p = processOn(path);
    const lastTurn = () => (JSON.parse(readFileSync(path, 'utf8')) as PaceBook).lanes['sandbox ip']!.lastAt;
    const t0 = Date.now();
    await p.acquire(call([paceLane(50)]));
    // What was left of the lock is still waited for, counted from now; the old clock's hour is not.
    expect(Date.now() - t0).toBeGreaterThanOrEqual(300);
    expect(Date.now() - t0).toBeLessThan(5_000);
    const first = lastTurn();
    await p.acquire(call([paceLane(50)]));
    expect(lastTurn() - first).toBeGreaterThanOrEqual(50);
    expect(lastTurn()).toBeLessThanOrEqual(Date.now());
  });

  test('a lock folder dated in the future (a clock set back) is taken over like a stale one; the ledger stays shared', async () => {
    const path = join(tmp(), 'pace-ledger.json');
    mkdirSync(`${path}.lock`);
    const ahead = new Date(Date.now() + 3_600_000);
    utimesSync(`${path}.lock`, ahead, ahead);
    const problems: string[] = [];
    const t0 = Date.now();
    await processOn(path, new FilePaceStore(path, (m) => problems.push(m))).acquire(call([paceLane(10)]));
    // Stale 5 s after its time is set to now (src/node/ledger.ts); the rest is slack for a loaded machine.
    expect(Date.now() - t0).toBeLessThan(12_000);
    expect(problems).toEqual([]);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({ lanes: { 'sandbox ip': { lastAt: expect.any(Number) } } });
    expect(existsSync(`${path}.lock`)).toBe(false);
  }, 60_000);

  test.each([
    ['a lane that is null', '{"lanes":{"x":null}}'],
    ['lanes as an array', '{"lanes":[{"lastAt":1}]}'],
    ['a book that is an array', '[{"lanes":{}}]'],
    ['a book that is a string', '"lanes"'],
    [
      'lanes of every wrong kind',
      '{"lanes":{"sandbox ip":{"lastAt":"soon"},"y":5,"z":[1],"w":{"lastAt":1,"lockedUntil":null},"__proto__":{"lastAt":1}}}',
    ],
  ])('a ledger of the wrong shape (%s): the unreadable lanes are dropped and calls go on', async (_name, text) => {
    const path = join(tmp(), 'pace-ledger.json');
    writeFileSync(path, text);
    const problems: string[] = [];
    const p = processOn(path, new FilePaceStore(path, (m) => problems.push(m)));
    await p.acquire(call([paceLane(10)]));
    await p.acquire(call([paceLane(10)]));
    expect(problems).toEqual([]); // the ledger is still shared: it was rewritten with a good book
    const book = JSON.parse(readFileSync(path, 'utf8')) as PaceBook;
    expect(Object.keys(book.lanes)).toEqual(['sandbox ip']);
    expect(book.lanes['sandbox ip']!.lastAt).toEqual(expect.any(Number));
  });

  test('a ledger owned by another user in a shared sticky folder (EPERM on write): paced alone, said once, no .tmp left', async () => {
    // Needs a second user: root acts as nobody for the calls. Run as another user, there is nothing to switch to.
    if (process.getuid?.() !== 0 || !process.seteuid) return;
    const base = tmp();
    chmodSync(base, 0o755);
    const shared = join(base, 'shared');
    mkdirSync(shared);
    chmodSync(shared, 0o1777);
    const path = join(shared, 'pace-ledger.json');
    writeFileSync(path, JSON.stringify({ lanes: {} }));
    const problems: string[] = [];
    const turns: number[] = [];
    const p = processOn(path, new TurnRecorder(new FilePaceStore(path, (m) => problems.push(m)), turns));
    process.seteuid(65534);
    try {
      await p.acquire(call([paceLane(100)]));
      await p.acquire(call([paceLane(100)]));
    } finally {
      process.seteuid(0);
    }
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/EPERM.*ONEFICHIER_PACE_DIR/s);
    // The process still keeps the pace, in memory (the turn the file refused is taken again there).
    expect(turns.length).toBeGreaterThanOrEqual(2);
    expect(turns.at(-1)! - turns.at(-2)!).toBeGreaterThanOrEqual(100);
    expect(readdirSync(shared).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  test('through createNodeClient: a ledger that cannot be read or written never reaches the caller; one process warning', async () => {
    const dir = tmp();
    // A folder where the file should be: reading it and renaming over it both fail (EISDIR), even for root.
    mkdirSync(join(dir, 'pace-ledger.json', 'x'), { recursive: true });
    const previous = process.env.ONEFICHIER_PACE_DIR;
    process.env.ONEFICHIER_PACE_DIR = dir;
    // Node's warnings reach the real process, outside jest's sandbox: read them where they are emitted.
    const emitted = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const warnings = () =>
      emitted.mock.calls
        .filter(([, options]) => (options as { code?: string } | undefined)?.code === LEDGER_WARNING_CODE)
        .map(([m]) => String(m));
    try {
      const client = createNodeClient({
        apiKey: 'LedgerTestKey0123456789abcdefXYZ',
        baseUrl: 'http://127.0.0.1:9/v1',
        retry: { maxAttempts: 1 },
      });
      for (const id of ['a0000', 'b0000']) {
        const error = await client.scanFile(`https://1fichier.com/?${id}`).catch((e: unknown) => e);
        // Nothing listens on port 9: the call's own network error, not the ledger's.
        expect(error).toBeInstanceOf(OneFichierError);
        expect((error as OneFichierError).kind).toBe('network');
      }
      expect(warnings()).toHaveLength(1);
      expect(warnings()[0]).toMatch(/pace-ledger\.json.*paces itself alone/s);
      expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    } finally {
      emitted.mockRestore();
      if (previous === undefined) delete process.env.ONEFICHIER_PACE_DIR;
      else process.env.ONEFICHIER_PACE_DIR = previous;
    }
  });

  test('the ledger lives in the user cache folder, or in ONEFICHIER_PACE_DIR', () => {
    expect(defaultLedgerPath({ ONEFICHIER_PACE_DIR: '/x/y' })).toBe(join('/x/y', 'pace-ledger.json'));
    if (process.platform === 'linux') expect(defaultLedgerPath({ XDG_CACHE_HOME: '/c' })).toBe('/c/onefichier/pace-ledger.json');
  });

  test('two processes sharing only the ledger keep one listing pace and one file/info pace across folders and keys', async () => {
    const path = join(tmp(), 'pace-ledger.json');
    const starts: { path: string; at: number }[] = [];
    const transport = async (req: { url: string }) => {
      const endpoint = req.url.replace(/^https?:\/\/[^/]+\/v1\//, '');
      starts.push({ path: endpoint, at: Date.now() });
      const body =
        endpoint === 'folder/ls.cgi'
          ? { status: 'OK', folder_id: 1, name: 'F', files: 0, sub_folders: [] }
          : { url: 'https://1fichier.com/?a0000', filename: 'a', size: 1 };
      return { status: 200, headers: {}, text: JSON.stringify(body) };
    };
    const limits = { minIntervalMs: 1, listingIntervalMs: 300, fileInfoIntervalMs: 200 };
    const processes = ['ProcessOneKey0123456789abcdefXYZ', 'ProcessTwoKey0123456789abcdefXYZ'].map(
      (apiKey) =>
        new OneFichierClient({ apiKey, transport, clock: realClock, baseUrl: 'http://127.0.0.1:9/v1', limits, pacer: processOn(path) }),
    );
    await Promise.all(processes.map((client, i) => client.listFolder(i + 1)));
    await Promise.all(processes.map((client, i) => client.getFileInfo(`https://1fichier.com/?b000${i}`)));
    const gap = (endpoint: string) => {
      const at = starts.filter((s) => s.path === endpoint).map((s) => s.at);
      return Math.abs(at[1]! - at[0]!);
    };
    expect(gap('folder/ls.cgi')).toBeGreaterThanOrEqual(300);
    expect(gap('file/info.cgi')).toBeGreaterThanOrEqual(200);
    const book = JSON.parse(readFileSync(path, 'utf8')) as PaceBook;
    expect(Object.keys(book.lanes)).toEqual(expect.arrayContaining(['127.0.0.1:9 ip listing', '127.0.0.1:9 ip file/info.cgi']));
  });

  test('createNodeClient takes its turns from the machine ledger, and never writes the key there', async () => {
    const dir = tmp();
    const previous = process.env.ONEFICHIER_PACE_DIR;
    process.env.ONEFICHIER_PACE_DIR = dir;
    try {
      const apiKey = 'LedgerTestKey0123456789abcdefXYZ';
      const client = createNodeClient({ apiKey, baseUrl: 'http://127.0.0.1:9/v1', retry: { maxAttempts: 1 } });
      expect(client.pacer).toBe(machinePacer(join(dir, 'pace-ledger.json')));
      await client.scanFile('https://1fichier.com/?a0000').catch(() => undefined); // nothing listens: a network error
      const text = readFileSync(join(dir, 'pace-ledger.json'), 'utf8');
      expect(text).toMatch(/127\.0\.0\.1:9 ip/);
      expect(text).not.toContain(apiKey);
      expect(existsSync(join(dir, 'pace-ledger.json.lock'))).toBe(false);
    } finally {
      if (previous === undefined) delete process.env.ONEFICHIER_PACE_DIR;
      else process.env.ONEFICHIER_PACE_DIR = previous;
    }
  });
});
