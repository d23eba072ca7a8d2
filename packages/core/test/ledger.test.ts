/**
 * The machine's pace ledger (Node entry): pacers that share nothing but the ledger file take their turns as
 * one pace; a lock one of them meets holds the others; a lock file left by a crashed process, a corrupt
 * ledger or an unwritable folder never blocks anyone for long. Real time, real files (short intervals).
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LanePacer, OneFichierError, type Lane } from '../src';
import { FilePaceStore, createNodeClient, defaultLedgerPath, machinePacer, realClock } from '../src/node';

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
const processOn = (path: string) => new LanePacer(realClock, new FilePaceStore(path));

describe('the pace ledger', () => {
  test('four pacers sharing only the ledger file take 40 turns as one pace (at least the interval apart)', async () => {
    const path = join(tmp(), 'pace-ledger.json');
    const interval = 60;
    const starts: number[] = [];
    const pacers = [1, 2, 3, 4].map(() => processOn(path));
    const t0 = Date.now();
    await Promise.all(
      pacers.map(async (p) => {
        for (let i = 0; i < 10; i++) {
          await p.acquire(call([paceLane(interval)]));
          starts.push(Date.now());
        }
      }),
    );
    const elapsed = Date.now() - t0;
    starts.sort((a, b) => a - b);
    const gaps = starts.slice(1).map((s, i) => s - starts[i]!);
    // Millisecond clocks: a gap may read one ms short.
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(interval - 1);
    // Coordination costs little: 39 intervals are 2.34 s.
    expect(elapsed).toBeGreaterThanOrEqual(39 * interval - 5);
    expect(elapsed).toBeLessThan(39 * interval * 1.6);
    const book = JSON.parse(readFileSync(path, 'utf8')) as { lanes: Record<string, unknown> };
    expect(Object.keys(book.lanes)).toEqual(['sandbox ip']);
  });

  test('a flood lock met by one process holds the others, and slows the shared pace', async () => {
    const path = join(tmp(), 'pace-ledger.json');
    const [a, b] = [processOn(path), processOn(path)];
    await a.acquire(call([paceLane(50)]));
    await a.lock([paceLane(50)], 400);
    const t0 = Date.now();
    await b.acquire(call([paceLane(50)]));
    const first = Date.now() - t0;
    await b.acquire(call([paceLane(50)]));
    const second = Date.now() - t0 - first;
    expect(first).toBeGreaterThanOrEqual(380);
    // The learned pace (5 x 50 ms) is in the file: the other process keeps it too.
    expect(second).toBeGreaterThanOrEqual(240);
  });

  test('a lock left by a crashed process is taken over after a few seconds, not waited for', async () => {
    const path = join(tmp(), 'pace-ledger.json');
    // What proper-lockfile leaves when its holder dies mid-change: the lock folder, fresh.
    mkdirSync(`${path}.lock`);
    const t0 = Date.now();
    await processOn(path).acquire(call([paceLane(10)]));
    expect(Date.now() - t0).toBeLessThan(8_000);
    // One left long ago is taken over at once.
    const path2 = join(tmp(), 'pace-ledger.json');
    mkdirSync(`${path2}.lock`);
    const old = new Date(Date.now() - 60_000);
    utimesSync(`${path2}.lock`, old, old);
    const t1 = Date.now();
    await processOn(path2).acquire(call([paceLane(10)]));
    expect(Date.now() - t1).toBeLessThan(1_000);
  }, 15_000);

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

  test('the ledger lives in the user cache folder, or in ONEFICHIER_PACE_DIR', () => {
    expect(defaultLedgerPath({ ONEFICHIER_PACE_DIR: '/x/y' })).toBe(join('/x/y', 'pace-ledger.json'));
    if (process.platform === 'linux') expect(defaultLedgerPath({ XDG_CACHE_HOME: '/c' })).toBe('/c/onefichier/pace-ledger.json');
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
