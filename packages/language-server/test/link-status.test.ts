import { OneFichierError, type DownloadStream, type ErrorKind, type FileInfo } from '@onefichier/core';
import { LinkApi, LinkStatusCache } from '../src/link-status';

/** What the core throws (the server recognises the core's errors, not any object with a `kind`). */
class KindError extends OneFichierError {
  constructor(kind: ErrorKind, message: string) {
    super({ kind, message });
  }
}

function api(overrides: Partial<LinkApi> = {}): LinkApi & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    getFileInfo: async (url) => {
      calls.push(`info ${url}`);
      if (url.endsWith('own01')) return { url, filename: 'a.txt', size: 1 } as FileInfo;
      throw new KindError('not_found', 'File not found #707');
    },
    getDownloadToken: async ({ url }) => {
      calls.push(`token ${url}`);
      if (url.endsWith('theirs')) return { url: 'http://127.0.0.1/x', expiresAt: 0 };
      throw new KindError('not_found', 'File not found #707');
    },
    upload: async () => [],
    download: async () => {
      throw new Error('unused');
    },
    ...overrides,
  };
}

describe('LinkStatusCache', () => {
  let now = 0;
  const clock = () => now;
  beforeEach(() => {
    now = 1_000_000;
  });

  it('classifies own, foreign and dead files, asking get_token only after a "not found"', async () => {
    const fake = api();
    const cache = new LinkStatusCache(fake, { now: clock });
    expect((await cache.lookup('https://1fichier.com/?own01'))?.state).toBe('found');
    expect(await cache.lookup('https://1fichier.com/?theirs')).toMatchObject({ state: 'not_in_account', existenceConfirmed: true });
    expect(await cache.lookup('https://1fichier.com/?dead1')).toMatchObject({ state: 'missing', message: 'File not found #707' });
    expect(fake.calls).toEqual([
      'info https://1fichier.com/?own01',
      'info https://1fichier.com/?theirs',
      'token https://1fichier.com/?theirs',
      'info https://1fichier.com/?dead1',
      'token https://1fichier.com/?dead1',
    ]);
  });

  it('shares one call between concurrent lookups and caches for the TTL only', async () => {
    const fake = api();
    const cache = new LinkStatusCache(fake, { now: clock, ttlMs: 1000 });
    await Promise.all([cache.lookup('https://1fichier.com/?own01'), cache.lookup('https://1fichier.com/?own01')]);
    await cache.lookup('https://1fichier.com/?own01');
    expect(fake.calls).toHaveLength(1);
    now += 1001;
    expect(cache.peek('https://1fichier.com/?own01')).toBeUndefined();
    expect(cache.lastKnown('https://1fichier.com/?own01')?.state).toBe('found');
    await cache.lookup('https://1fichier.com/?own01');
    expect(fake.calls).toHaveLength(2);
  });

  it('stops calling for a minute after a refused key, then tries again', async () => {
    const fake = api({
      getFileInfo: async (url) => {
        fake.calls.push(url);
        throw new KindError('auth', 'No such user #93');
      },
    });
    const cache = new LinkStatusCache(fake, { now: clock });
    expect((await cache.lookup('https://1fichier.com/?aaaaa'))?.state).toBe('error');
    expect((await cache.lookup('https://1fichier.com/?bbbbb'))?.state).toBe('error');
    expect(fake.calls).toHaveLength(1);
    now += 60_001;
    await cache.lookup('https://1fichier.com/?bbbbb');
    expect(fake.calls).toHaveLength(2);
  });

  it('drops answers that arrive after the key changed', async () => {
    let release: () => void = () => undefined;
    const slow = api({
      getFileInfo: () =>
        new Promise((resolve) => {
          release = () => resolve({ filename: 'old account' } as FileInfo);
        }),
    });
    const cache = new LinkStatusCache(slow, { now: clock });
    const pending = cache.lookup('https://1fichier.com/?own01');
    cache.setApi(api());
    release();
    await pending;
    expect(cache.peek('https://1fichier.com/?own01')).toBeUndefined();
  });

  it('answers nothing without a key', async () => {
    expect(await new LinkStatusCache(undefined).lookup('https://1fichier.com/?own01')).toBeUndefined();
  });
});

/** A public download of someone else's file: the headers name it, and the server reads one chunk. */
function publicDownload(filename: string, size: number, reads: string[]): DownloadStream {
  return {
    filename,
    size,
    remaining: size,
    stream: (async function* () {
      reads.push('chunk');
      yield new Uint8Array(1);
      reads.push('second chunk');
      yield new Uint8Array(1);
    })(),
  } as DownloadStream;
}

describe('LinkStatusCache.hoverFacts (everything a hover shows, in one call)', () => {
  let now = 0;
  const clock = () => now;
  beforeEach(() => {
    now = 1_000_000;
  });

  it('says there is no key without calling anything', async () => {
    expect(await new LinkStatusCache(undefined).hoverFacts('https://1fichier.com/?own01', 1000)).toEqual({ state: 'no_key' });
  });

  it("answers an own file's status, and asks no download for it", async () => {
    const fake = api();
    const facts = await new LinkStatusCache(fake, { now: clock }).hoverFacts('https://1fichier.com/?own01', 1000);
    expect(facts).toMatchObject({ state: 'known', status: { state: 'found', file: { filename: 'a.txt' } } });
    expect(facts).not.toHaveProperty('publicDetails');
    expect(fake.calls).toEqual(['info https://1fichier.com/?own01']);
  });

  it("adds the name and size of someone else's public file, read from one chunk of its download", async () => {
    const reads: string[] = [];
    const fake = api({
      download: async (url) => {
        fake.calls.push(`download ${url}`);
        return publicDownload('their report.pdf', 4242, reads);
      },
    });
    const cache = new LinkStatusCache(fake, { now: clock });
    const facts = await cache.hoverFacts('https://1fichier.com/?theirs', 1000);
    expect(facts).toEqual({
      state: 'known',
      status: expect.objectContaining({ state: 'not_in_account', existenceConfirmed: true }),
      publicDetails: { filename: 'their report.pdf', size: 4242 },
    });
    expect(reads).toEqual(['chunk']);
    // A second hover is answered from the cache.
    await cache.hoverFacts('https://1fichier.com/?theirs', 1000);
    expect(fake.calls).toEqual([
      'info https://1fichier.com/?theirs',
      'token https://1fichier.com/?theirs',
      'download https://1fichier.com/?theirs',
    ]);
  });

  it('says the answer is pending, and how long a flood lock pauses calls, when it does not come in time', async () => {
    const never = api({ getFileInfo: () => new Promise<FileInfo>(() => undefined) });
    const cache = new LinkStatusCache(never, { now: clock });
    expect(await cache.hoverFacts('https://1fichier.com/?own01', 5)).toEqual({ state: 'pending', pausedForMs: 0 });
    cache.noteFloodWait(30_000);
    now += 10_000;
    expect(await cache.hoverFacts('https://1fichier.com/?own01', 5)).toEqual({ state: 'pending', pausedForMs: 20_000 });
    // New settings forget the previous client's pause.
    cache.forgetFloodPause();
    expect(await cache.hoverFacts('https://1fichier.com/?own01', 5)).toEqual({ state: 'pending', pausedForMs: 0 });
  });

  it('stops waiting once the hover is cancelled, and still caches the late answer', async () => {
    let release: (info: FileInfo) => void = () => undefined;
    const fake = api({
      getFileInfo: () =>
        new Promise<FileInfo>((resolve) => {
          release = resolve;
        }),
    });
    const cache = new LinkStatusCache(fake, { now: clock });
    const abort = new AbortController();
    const facts = cache.hoverFacts('https://1fichier.com/?own01', 60_000, abort.signal);
    abort.abort();
    expect(await facts).toEqual({ state: 'pending', pausedForMs: 0 });
    // The late answer is still cached for the next hover.
    release({ filename: 'late.txt' } as FileInfo);
    await new Promise((r) => setImmediate(r));
    expect(cache.peek('https://1fichier.com/?own01')).toMatchObject({ state: 'found', file: { filename: 'late.txt' } });
  });
});
