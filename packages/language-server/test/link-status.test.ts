import { OneFichierError, type ErrorKind, type FileInfo } from '@onefichier/core';
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
