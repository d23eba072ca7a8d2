/**
 * downloadToFile against a real local server (README.md, "Behaviour worth knowing"): write errors reject
 * cleanly, abort always ends it (also during a write that never returns), a `.part` is resumed only when the
 * record beside it proves it is the same file, and a file whose Whirlpool differs is never left behind.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { open as openFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { whirlpoolHex } from '../src';
import { resetSharedPacers } from '../src/internal';
import { createNodeClient, downloadToFile } from '../src/node';
import { FakeClock, failureOf, freshKey } from './helpers';

/**
 * The idle timeout of the stalling tests. The bytes sent before the stall must all be read before it
 * fires; a loaded machine may not read them for a few hundred ms, so it is a second, not less.
 */
const STALL_MS = 1_000;

const URL_A = 'https://1fichier.com/?aaaaa11111';
const URL_B = 'https://1fichier.com/?bbbbb22222';
const DATA = Buffer.from(Array.from({ length: 300_000 }, (_, i) => (i * 7 + (i >> 9)) & 0xff));

interface Hit {
  url: string;
  range: string | undefined;
  authorization: string | undefined;
}

/** A 1fichier in miniature: get_token.cgi hands out `/dl/<file>`; the download host serves it with Range. */
async function miniService(files: Record<string, Buffer>, opts: { stallAfter?: number } = {}) {
  const hits: Hit[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      hits.push({ url: req.url ?? '', range: req.headers.range, authorization: req.headers.authorization });
      if (req.url === '/v1/download/get_token.cgi') {
        const wanted = (JSON.parse(body) as { url: string }).url;
        const name = Object.keys(files).find((k) => wanted.endsWith(k));
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(name ? { status: 'OK', url: `${base}/dl/${name}` } : { status: 'KO', message: 'File not found #601' }));
        return;
      }
      const name = (req.url ?? '').replace('/dl/', '');
      const data = files[name];
      if (!data) {
        res.writeHead(404).end();
        return;
      }
      const start = req.headers.range ? Number(/bytes=(\d+)-/.exec(req.headers.range)![1]) : 0;
      const headers: Record<string, string> = {
        'Content-Type': 'application/octet-stream',
        'Content-Disposition': `attachment; filename="${name}.bin"`,
        'Content-Length': String(data.length - start),
      };
      if (start > 0) headers['Content-Range'] = `bytes ${start}-${data.length - 1}/${data.length}`;
      res.writeHead(start > 0 ? 206 : 200, headers);
      if (opts.stallAfter !== undefined) res.write(data.subarray(start, start + opts.stallAfter));
      else res.end(data.subarray(start));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    hits,
    /**
     * The Range of the first download GET after hit number `from`: where a call started. (A later GET of the
     * same call would be a resume after a broken connection, which a loaded test machine can cause.)
     */
    firstRangeSince: (from: number) => {
      const first = hits.slice(from).find((h) => h.url.startsWith('/dl/'));
      return first ? first.range : 'no download';
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

type Service = Awaited<ReturnType<typeof miniService>>;
let service: Service | undefined;
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'core-dl-'));
});
afterEach(async () => {
  await service?.close();
  service = undefined;
  resetSharedPacers();
  rmSync(dir, { recursive: true, force: true });
});

function clientFor(s: Service, extra: Parameters<typeof createNodeClient>[0] = {}) {
  return createNodeClient({
    apiKey: freshKey(),
    baseUrl: `${s.base}/v1`,
    clock: new FakeClock(),
    random: () => 0,
    retry: { maxAttempts: 2 },
    ...extra,
  });
}

/** Fails the test if anything escapes as an uncaught exception or an unhandled rejection while `run` goes. */
async function withoutEscapes<T>(run: () => Promise<T>): Promise<T> {
  const escaped: unknown[] = [];
  const onError = (e: unknown) => escaped.push(e);
  process.on('uncaughtException', onError);
  process.on('unhandledRejection', onError);
  try {
    const out = await run();
    await new Promise((r) => setTimeout(r, 50));
    expect(escaped).toEqual([]);
    return out;
  } finally {
    process.off('uncaughtException', onError);
    process.off('unhandledRejection', onError);
  }
}

describe('write errors reject cleanly', () => {
  test('a missing destination folder', async () => {
    service = await miniService({ aaaaa11111: DATA });
    const dest = join(dir, 'no', 'such', 'folder', 'out.bin');
    const e = await withoutEscapes(() => failureOf(downloadToFile(clientFor(service!), URL_A, dest)));
    expect(e).toMatchObject({ kind: 'not_found', details: { localCode: 'ENOENT' } });
    expect(e.message).toContain(join(dir, 'no', 'such', 'folder'));
    expect(e.hint).toMatch(/folder/i);
  });

  test('a full disk (the .part is /dev/full)', async () => {
    service = await miniService({ aaaaa11111: DATA });
    const dest = join(dir, 'out.bin');
    symlinkSync('/dev/full', `${dest}.part`);
    const e = await withoutEscapes(() => failureOf(downloadToFile(clientFor(service!), URL_A, dest)));
    expect(e).toMatchObject({ kind: 'invalid_input', details: { localCode: 'ENOSPC' } });
    expect(e.hint).toMatch(/space/i);
    expect(existsSync(dest)).toBe(false);
  });

  test('a destination that is a folder', async () => {
    service = await miniService({ aaaaa11111: DATA });
    const dest = join(dir, 'out.bin');
    mkdirSync(`${dest}.part`);
    const e = await withoutEscapes(() => failureOf(downloadToFile(clientFor(service!), URL_A, dest)));
    expect(e).toMatchObject({ kind: 'invalid_input', details: { localCode: 'EISDIR' } });
  });

  const canMount = process.platform === 'linux' && process.getuid?.() === 0;
  (canMount ? test : test.skip)('a real 256 KiB file system fills up (tmpfs; needs root)', async () => {
    service = await miniService({ aaaaa11111: DATA });
    const mount = join(dir, 'small');
    mkdirSync(mount);
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', mount]);
    } catch {
      return; // not allowed here (a container without CAP_SYS_ADMIN): /dev/full above covers ENOSPC
    }
    try {
      const e = await withoutEscapes(() => failureOf(downloadToFile(clientFor(service!), URL_A, join(mount, 'out.bin'))));
      expect(e.details).toMatchObject({ localCode: 'ENOSPC' });
      expect(existsSync(join(mount, 'out.bin'))).toBe(false);
    } finally {
      execFileSync('umount', [mount]);
    }
  });
});

describe('abort always ends it', () => {
  test('while a write never returns (the .part is a FIFO nobody reads)', async () => {
    service = await miniService({ aaaaa11111: DATA });
    const dest = join(dir, 'out.bin');
    execFileSync('mkfifo', [`${dest}.part`]);
    const ac = new AbortController();
    const started = Date.now();
    setTimeout(() => ac.abort(), 300);
    // keepPartialOnCancel keeps the FIFO, so that the test can release it below.
    const e = await withoutEscapes(() =>
      failureOf(downloadToFile(clientFor(service!), URL_A, dest, { signal: ac.signal, keepPartialOnCancel: true })),
    );
    expect(e.kind).toBe('cancelled');
    expect(Date.now() - started).toBeLessThan(5_000);
    // Release the libuv thread still blocked in open(): a reader makes the FIFO open for writing.
    const reader = await openFile(`${dest}.part`, 'r');
    await reader.close();
  });

  test('while the body stalls', async () => {
    service = await miniService({ aaaaa11111: DATA }, { stallAfter: 1000 });
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 300);
    const dest = join(dir, 'out.bin');
    const e = await withoutEscapes(() => failureOf(downloadToFile(clientFor(service!), URL_A, dest, { signal: ac.signal })));
    expect(e.kind).toBe('cancelled');
    expect(readdirSync(dir)).toEqual([]);
  });

  test('an already aborted signal makes no request', async () => {
    service = await miniService({ aaaaa11111: DATA });
    const ac = new AbortController();
    ac.abort();
    await expect(downloadToFile(clientFor(service), URL_A, join(dir, 'x'), { signal: ac.signal })).rejects.toMatchObject({
      kind: 'cancelled',
    });
    expect(service.hits).toEqual([]);
  });
});

describe('a .part is resumed only when it provably belongs to the same file', () => {
  test('a leftover .part of other bytes without a record: the download starts over', async () => {
    service = await miniService({ aaaaa11111: DATA });
    const dest = join(dir, 'out.bin');
    writeFileSync(`${dest}.part`, Buffer.alloc(100_000, 0x55));
    const r = await downloadToFile(clientFor(service), URL_A, dest);
    expect(r.size).toBe(DATA.length);
    expect(readFileSync(dest).equals(DATA)).toBe(true);
    expect(service.firstRangeSince(0)).toBeUndefined();
  });

  test('a .part recorded for another file, or another size, starts over', async () => {
    service = await miniService({ aaaaa11111: DATA, bbbbb22222: DATA.subarray(0, 200_000) });
    const dest = join(dir, 'out.bin');
    // An interrupted download of B...
    writeFileSync(`${dest}.part`, DATA.subarray(0, 50_000));
    writeFileSync(`${dest}.part.json`, JSON.stringify({ url: URL_B, size: 200_000 }));
    await downloadToFile(clientFor(service), URL_A, dest);
    expect(readFileSync(dest).equals(DATA)).toBe(true);
    expect(service.firstRangeSince(0)).toBeUndefined();
    // ...and one of A recorded with a size A no longer has: the host's answer shows it, and it starts over.
    rmSync(dest);
    writeFileSync(`${dest}.part`, DATA.subarray(0, 50_000));
    writeFileSync(`${dest}.part.json`, JSON.stringify({ url: URL_A, size: 123_456 }));
    const before = service.hits.length;
    await downloadToFile(clientFor(service), URL_A, dest);
    expect(readFileSync(dest).equals(DATA)).toBe(true);
    const ranges = service.hits
      .slice(before)
      .filter((h) => h.url.startsWith('/dl/'))
      .map((h) => h.range);
    expect(ranges.slice(0, 2)).toEqual(['bytes=50000-', undefined]);
    expect(existsSync(`${dest}.part.json`)).toBe(false);
  });

  test('a .part recorded with another checksum starts over', async () => {
    service = await miniService({ aaaaa11111: DATA });
    const dest = join(dir, 'out.bin');
    writeFileSync(`${dest}.part`, DATA.subarray(0, 50_000));
    writeFileSync(`${dest}.part.json`, JSON.stringify({ url: URL_A, size: DATA.length, checksum: 'ab'.repeat(64) }));
    const checksum = await whirlpoolHex(DATA);
    await downloadToFile(clientFor(service), URL_A, dest, { file: { checksum } });
    expect(service.firstRangeSince(0)).toBeUndefined();
    expect(readFileSync(dest).equals(DATA)).toBe(true);
  });

  test('a .part recorded for this file is resumed with Range, and checked whole when the checksum is known', async () => {
    service = await miniService({ aaaaa11111: DATA });
    const dest = join(dir, 'out.bin');
    writeFileSync(`${dest}.part`, DATA.subarray(0, 120_000));
    writeFileSync(`${dest}.part.json`, JSON.stringify({ url: URL_A, size: DATA.length }));
    const checksum = await whirlpoolHex(DATA);
    const r = await downloadToFile(clientFor(service), URL_A, dest, { file: { checksum } });
    expect(r).toEqual({ path: dest, size: DATA.length, checksum });
    expect(service.firstRangeSince(0)).toBe('bytes=120000-');
    expect(readFileSync(dest).equals(DATA)).toBe(true);
    expect(readdirSync(dir)).toEqual(['out.bin']);
  });

  test('an interrupted download leaves a .part and its record, and the next call resumes it', async () => {
    service = await miniService({ aaaaa11111: DATA }, { stallAfter: 70_000 });
    const dest = join(dir, 'out.bin');
    const c = clientFor(service, { retry: { maxAttempts: 1 }, transferIdleTimeoutMs: STALL_MS });
    await expect(downloadToFile(c, URL_A, dest)).rejects.toMatchObject({ kind: 'network' });
    expect(JSON.parse(readFileSync(`${dest}.part.json`, 'utf8'))).toMatchObject({ url: URL_A, size: DATA.length });
    const kept = readFileSync(`${dest}.part`).length;
    expect(kept).toBeGreaterThan(0);
    await service.close();
    service = await miniService({ aaaaa11111: DATA });
    await downloadToFile(clientFor(service), URL_A, dest);
    expect(service.firstRangeSince(0)).toBe(`bytes=${kept}-`);
    expect(readFileSync(dest).equals(DATA)).toBe(true);
  });
});

describe('a file of many write batches', () => {
  // PartWriter holds the chunks until 1 MiB has come, then writes them in one positional writev: every batch
  // must land at its offset, the last short one too, and a broken connection must not lose the held bytes.
  const BIG = Buffer.from(Array.from({ length: 5 * 1024 * 1024 + 12_345 }, (_, i) => (i * 13 + (i >> 11)) & 0xff));

  test('arrives byte for byte, from the start and resumed at an offset inside a batch', async () => {
    service = await miniService({ aaaaa11111: BIG });
    const dest = join(dir, 'out.bin');
    await downloadToFile(clientFor(service), URL_A, dest);
    expect(readFileSync(dest).equals(BIG)).toBe(true);
    rmSync(dest);
    writeFileSync(`${dest}.part`, BIG.subarray(0, 1_500_001));
    writeFileSync(`${dest}.part.json`, JSON.stringify({ url: URL_A, size: BIG.length }));
    const hitsBefore = service.hits.length;
    await downloadToFile(clientFor(service), URL_A, dest);
    expect(service.firstRangeSince(hitsBefore)).toBe('bytes=1500001-');
    expect(readFileSync(dest).equals(BIG)).toBe(true);
  });

  test('a connection that stalls mid-batch keeps every byte delivered in the .part', async () => {
    const delivered = 2 * 1024 * 1024 + 777;
    service = await miniService({ aaaaa11111: BIG }, { stallAfter: delivered });
    const dest = join(dir, 'out.bin');
    const c = clientFor(service, { retry: { maxAttempts: 1 }, transferIdleTimeoutMs: STALL_MS });
    await expect(downloadToFile(c, URL_A, dest)).rejects.toMatchObject({ kind: 'network' });
    // Each GET (the first and its one resume) stops after `delivered` bytes of its own.
    const kept = readFileSync(`${dest}.part`);
    expect(kept.length).toBe(2 * delivered);
    expect(kept.equals(BIG.subarray(0, kept.length))).toBe(true);
  });
});

describe('integrity', () => {
  test('a Whirlpool mismatch: integrity error, nothing left under the final name, no .part to resume', async () => {
    service = await miniService({ aaaaa11111: DATA });
    const dest = join(dir, 'out.bin');
    const e = await failureOf(downloadToFile(clientFor(service), URL_A, dest, { file: { checksum: 'cd'.repeat(64) } }));
    expect(e.kind).toBe('integrity');
    expect(readdirSync(dir)).toEqual([]);
  });

  test('the key never reaches the download host', async () => {
    service = await miniService({ aaaaa11111: DATA });
    await downloadToFile(clientFor(service), URL_A, join(dir, 'out.bin'));
    const [token, file] = service.hits;
    expect(token!.authorization).toMatch(/^Bearer /);
    expect(file!.url).toBe('/dl/aaaaa11111');
    expect(file!.authorization).toBeUndefined();
  });

  test('cancelled: the .part and its record are removed unless asked to keep them', async () => {
    service = await miniService({ aaaaa11111: DATA }, { stallAfter: 1000 });
    const dest = join(dir, 'out.bin');
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 200);
    await expect(downloadToFile(clientFor(service), URL_A, dest, { signal: ac.signal, keepPartialOnCancel: true })).rejects.toMatchObject({
      kind: 'cancelled',
    });
    expect(readdirSync(dir).sort()).toEqual(['out.bin.part', 'out.bin.part.json']);
  });
});
