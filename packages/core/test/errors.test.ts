/** Classification of every error class by #code and HTTP status, their hints, and the retry decision. */
import { DEFAULT_RETRY, OneFichierError, isOneFichierError, redact } from '../src';
import { decideRetry, extractCode, interpretAnswer } from '../src/internal';
import { isFlood } from '../src/policy/classify';
import { json, makeClient, text } from './helpers';

const KEY = 'SeCrEtKeY0123456789';

function classify(status: number, body: string, headers: Record<string, string> = {}): OneFichierError {
  try {
    interpretAnswer('file/ls.cgi', status, body, [KEY], headers);
  } catch (e) {
    return e as OneFichierError;
  }
  throw new Error('no error');
}

describe('classification', () => {
  test.each([
    [403, 'Flood detected: IP Locked #374', 'rate_limited', true, 374],
    [403, 'Flood detected seems to be #412 now', 'rate_limited', true, 412],
    [403, 'Flood detected: User Locked #223', 'rate_limited', true, 223],
    [403, 'No such user #93', 'auth', false, 93],
    [403, 'IP blocked #186', 'locked', false, 186],
    [403, 'Must be a customer (Premium, Access) #236', 'not_premium', false, 236],
    [403, 'Owner locked #620', 'locked', false, 620],
    [403, 'Only 1 location allowed at a time #887', 'locked', false, 887],
    [403, 'Premium status is only allowed to be used on residential ... #913', 'not_premium', false, 913],
    [200, 'No file has been renamed #312', 'invalid_input', false, 312],
    [403, 'File not found #404', 'not_found', false, 404],
    [403, 'Something odd #999', 'api', false, 999],
  ])('HTTP %i "%s" → %s (retryable %s, code %i)', (status, message, kind, retryable, code) => {
    const e = classify(status, JSON.stringify({ status: 'KO', message }));
    expect(e).toBeInstanceOf(OneFichierError);
    expect(e).toMatchObject({ kind, retryable, code, httpStatus: status, endpoint: 'file/ls.cgi' });
    expect(e.message).toContain(message);
    expect(e.hint.length).toBeGreaterThan(20);
  });

  // The real texts and codes of docs/api-notes.md#envelope-and-error-codes (JDownloader, Gizmo091), and the sandbox's #731.
  test.each([
    [404, 'Resource not found #469', 'not_found', false, 469, /removed|link/],
    [403, 'Password not provided. Resource not allowed #631', 'password', false, 631, /password/],
    [200, 'Invalid password. Resource not allowed #631', 'password', false, 631, /password/],
    [403, 'Resource not allowed #631', 'locked', false, 631, /owner/],
    [200, 'Must be a customer (Premium, Access) #200', 'not_premium', false, 200, /Premium or Access/],
    [403, 'Not authenticated #713', 'auth', false, 713, /API key/],
    [403, 'IP Locked #45', 'locked', false, 45, /hour/],
    [403, 'Flood detected: IP Locked #38', 'rate_limited', true, 38, /account information/],
    [200, 'Folder name already used in that parent #731', 'conflict', false, 731, /already/],
    // docs/api-notes.md#envelope-and-error-codes (JDownloader rev 53205 handleErrorsAPI).
    [403, 'Owner locked #649', 'rate_limited', false, 649, /too many file-information requests/],
    [403, 'Owner locked #620', 'locked', false, 620, /owner's account is locked/],
    [403, 'No such user #142', 'auth', false, 142, /API key/],
    [200, 'No such user #38', 'auth', false, 38, /API key/],
    [200, 'Premium status is only for residential, professional equipment, must have CDN #914', 'cdn_required', false, 914, /CDN credits/],
    [403, 'Premium status is only for residential, professional equipment, must have CDN #236', 'cdn_required', false, 236, /CDN credits/],
  ])('HTTP %i "%s" → %s (retryable %s, code %i) with its own hint', (status, message, kind, retryable, code, hint) => {
    const e = classify(status, JSON.stringify({ status: 'KO', message }));
    expect(e).toMatchObject({ kind, retryable, code });
    expect(e.hint).toMatch(hint);
  });

  test('texts without a code: "Not authenticated", "IP Locked", "Flood detected: User APK Locked", "Must be a customer"', () => {
    expect(classify(403, JSON.stringify({ status: 'KO', message: 'Not authenticated' }))).toMatchObject({ kind: 'auth', retryable: false });
    expect(classify(403, JSON.stringify({ status: 'KO', message: 'IP Locked' }))).toMatchObject({ kind: 'locked', retryable: false });
    const apk = classify(403, JSON.stringify({ status: 'KO', message: 'Flood detected: User APK Locked' }));
    expect(apk).toMatchObject({ kind: 'rate_limited', retryable: true });
    expect(isFlood(apk)).toBe(true);
    expect(classify(200, JSON.stringify({ status: 'KO', message: 'Must be a customer (Premium, Access)' }))).toMatchObject({
      kind: 'not_premium',
    });
  });

  test('hints name what the user has, never a function or an option of the library', () => {
    const bodies = [
      'Password not provided. Resource not allowed #631',
      'Folder name already used #731',
      'Not authenticated',
      'IP Locked #45',
    ];
    for (const m of bodies)
      expect(classify(403, JSON.stringify({ status: 'KO', message: m })).hint).not.toMatch(
        /[a-z][A-Z]\w*\(|reservedNames|ensureFolderPath/,
      );
  });

  test('a 403 without a KO (a bare nginx page, an empty body) is retryable like rclone does; not a flood lock', () => {
    for (const body of ['<html><head><title>403 Forbidden</title></head><body><center><h1>403 Forbidden</h1></center></body></html>', '']) {
      const e = classify(403, body);
      expect(e).toMatchObject({ kind: 'rate_limited', retryable: true, httpStatus: 403 });
      expect(isFlood(e)).toBe(false);
      expect(e.hint).toMatch(/too many requests/);
    }
  });

  test('a 403 page that says what it is keeps its meaning (an IP lock, a flood)', () => {
    expect(classify(403, '<html><body>IP Locked</body></html>')).toMatchObject({ kind: 'locked', retryable: false });
    expect(isFlood(classify(403, '<html><body>Flood detected: IP Locked #374</body></html>'))).toBe(true);
  });

  test('the key order of the answer does not matter', () => {
    expect(classify(403, '{"message":"Flood detected: IP Locked #374","status":"KO"}')).toMatchObject({ kind: 'rate_limited', code: 374 });
  });

  test('#93 hint says what to do (reset password, new key)', () => {
    expect(classify(403, JSON.stringify({ status: 'KO', message: 'No such user #93' })).hint).toMatch(/reset the password.*new API key/);
  });

  test('#236 / #887 / #620 hints are specific', () => {
    expect(classify(403, JSON.stringify({ status: 'KO', message: 'Must be a customer (Premium, Access) #236' })).hint).toMatch(
      /Premium or Access/,
    );
    expect(classify(403, JSON.stringify({ status: 'KO', message: 'Only 1 location allowed at a time #887' })).hint).toMatch(/one location/);
    expect(classify(403, JSON.stringify({ status: 'KO', message: 'Owner locked #620' })).hint).toMatch(/owner/);
  });

  test('"status":"KO" with HTTP 200 is an error', () => {
    expect(classify(200, JSON.stringify({ status: 'KO', message: 'Bad thing #55' }))).toMatchObject({
      kind: 'api',
      httpStatus: 200,
      code: 55,
    });
    expect(classify(200, JSON.stringify({ status: 'KO' })).message).toMatch(/KO without a message/);
  });

  test('a non-2xx JSON without KO is still an error', () => {
    expect(classify(403, JSON.stringify({ message: 'denied' }))).toMatchObject({ kind: 'api', httpStatus: 403 });
  });

  test.each([
    [429, 'rate_limited', true],
    [500, 'server', true],
    [502, 'server', true],
    [503, 'server', true],
    [504, 'server', true],
    [509, 'server', true],
    [401, 'auth', false],
    [404, 'not_found', false],
  ])('HTTP %i with an HTML body → %s (retryable %s)', (status, kind, retryable) => {
    expect(classify(status, '<html><body><h1>Error</h1></body></html>')).toMatchObject({ kind, retryable, httpStatus: status });
  });

  test('HTML where JSON was expected is a protocol error that says so, tags stripped, 200 chars', () => {
    const e = classify(200, `<html><head><style>p{}</style></head><body><p>Veuillez patienter</p>${'x'.repeat(400)}</body></html>`);
    expect(e.kind).toBe('protocol');
    expect(e.retryable).toBe(false);
    expect(e.message).toMatch(/answered .*an HTML page: "Veuillez patienter x+\.\.\."/);
    expect(e.message).not.toContain('<p>');
    expect(e.message).not.toContain('p{}');
  });

  test('non-JSON text and empty bodies are protocol errors', () => {
    expect(classify(200, 'garbage')).toMatchObject({ kind: 'protocol', message: expect.stringMatching(/not a JSON object: "garbage"/) });
    expect(classify(200, '')).toMatchObject({ kind: 'protocol', message: expect.stringMatching(/empty body/) });
  });

  test('Retry-After on a retryable answer is kept', () => {
    expect(classify(429, 'slow down', { 'retry-after': '7' })).toMatchObject({ kind: 'rate_limited', retryAfterMs: 7000 });
  });

  test('extractCode takes the last #NNN', () => {
    expect(extractCode('Error #12 then #374')).toBe(374);
    expect(extractCode('no code')).toBeUndefined();
  });

  test('a message echoing the key is redacted', () => {
    const e = classify(403, JSON.stringify({ status: 'KO', message: `bad key ${KEY} #93` }));
    expect(e.message).not.toContain(KEY);
    expect(e.message).toContain('[REDACTED]');
  });

  test('redact removes secrets and Authorization values', () => {
    expect(redact(`a ${KEY} b Bearer abc.def-123 Basic dXNlcjpwYXNz`, [KEY])).toBe('a [REDACTED] b Bearer [REDACTED] Basic [REDACTED]');
    expect(redact('short', ['ab'])).toBe('short');
  });

  test('toJSON has the fields and no cause', () => {
    const e = new OneFichierError({
      kind: 'network',
      message: 'm',
      code: 1,
      httpStatus: 2,
      endpoint: 'x',
      retryable: true,
      retryAfterMs: 3,
      cause: { headers: { Authorization: `Bearer ${KEY}` } },
    });
    expect(e.toJSON()).toEqual({
      name: 'OneFichierError',
      kind: 'network',
      message: 'm',
      hint: expect.any(String),
      retryable: true,
      code: 1,
      httpStatus: 2,
      endpoint: 'x',
      retryAfterMs: 3,
    });
    expect(JSON.stringify(e)).not.toContain(KEY);
    expect(Object.keys(e)).not.toContain('cause');
  });
});

describe('decideRetry', () => {
  const opts = { ...DEFAULT_RETRY, maxAttempts: 4, baseDelayMs: 1000, maxDelayMs: 5000, floodCooldownMs: 60_000, maxFloodWaitMs: 150_000 };
  const err = (kind: OneFichierError['kind'], retryable: boolean, code?: number) =>
    new OneFichierError({ kind, message: 'x', retryable, ...(code ? { code } : {}) });

  test('non-retryable kinds fail at once', () => {
    for (const k of ['auth', 'not_premium', 'locked', 'invalid_input', 'protocol', 'not_found'] as const)
      expect(decideRetry(err(k, false), 1, opts, () => 0.5)).toEqual({ action: 'fail' });
    expect(decideRetry(err('cancelled', true), 1, opts, () => 0.5)).toEqual({ action: 'fail' });
  });

  test('exponential backoff with full jitter, capped, bounded by maxAttempts', () => {
    const e = err('server', true);
    expect(decideRetry(e, 1, opts, () => 0.999)).toEqual({ action: 'backoff', delayMs: 999 });
    expect(decideRetry(e, 2, opts, () => 0.999)).toEqual({ action: 'backoff', delayMs: 1998 });
    expect(decideRetry(e, 3, opts, () => 0.999)).toEqual({ action: 'backoff', delayMs: 3996 });
    expect(decideRetry(e, 3, opts, () => 0)).toEqual({ action: 'backoff', delayMs: 0 });
    expect(decideRetry(err('network', true), 10 - 7, { ...opts, maxAttempts: 10 }, () => 0.999).action).toBe('backoff');
    expect(decideRetry(e, 4, opts, () => 0.5)).toEqual({ action: 'fail' });
    // Cap: attempt 5 of 10 would be 16 s, capped at 5 s.
    expect(decideRetry(e, 5, { ...opts, maxAttempts: 10 }, () => 0.999)).toEqual({ action: 'backoff', delayMs: 4995 });
  });

  test('flood cools down for floodCooldownMs plus up to a tenth of jitter, whatever the attempt (the pacer bounds the total)', () => {
    const e = err('rate_limited', true, 374);
    expect(decideRetry(e, 1, opts, () => 0)).toEqual({ action: 'flood', delayMs: 60_000 });
    expect(decideRetry(e, 9, opts, () => 0.5)).toEqual({ action: 'flood', delayMs: 63_000 });
    expect(decideRetry(e, 9, opts, () => 0.999)).toEqual({ action: 'flood', delayMs: 65_994 });
  });
});

describe('client retry behaviour (fake clock, no real waiting)', () => {
  test('flood: pauses every call of the IP, emits a visible wait event, then succeeds', async () => {
    const t = makeClient({ retry: { floodCooldownMs: 30_000 }, random: () => 0 });
    t.transport.reply(
      () => json({ status: 'KO', message: 'Flood detected: IP Locked #374' }, 403),
      () => json({ status: 'OK', message: 'No virus' }),
    );
    const start = t.clock.t;
    await t.client.scanFile('https://1fichier.com/?a0000');
    expect(t.transport.requests).toHaveLength(2);
    expect(t.clock.t - start).toBeGreaterThanOrEqual(30_000);
    const wait = t.events.find((e) => e.type === 'wait');
    expect(wait).toMatchObject({
      type: 'wait',
      reason: 'flood',
      ms: 30_000,
      endpoint: 'file/scan.cgi',
      message: expect.stringMatching(/#374.*pausing every call on this IP.*30 s/),
    });
    expect(t.events.filter((e) => e.type === 'wait' && e.reason === 'flood')).toHaveLength(1);
    expect(t.events.find((e) => e.type === 'retry')).toMatchObject({ attempt: 2, errorKind: 'rate_limited' });
  });

  test('a flood lock that outlasts maxFloodWaitMs fails with rate_limited, retryAfterMs and a hint that says what to do', async () => {
    const t = makeClient({ retry: { floodCooldownMs: 60_000, maxFloodWaitMs: 200_000 }, random: () => 0 });
    for (let i = 0; i < 5; i++) t.transport.reply(() => json({ status: 'KO', message: 'Flood detected: IP Locked #374' }, 403));
    const err = (await t.client.scanFile('https://1fichier.com/?a0000').catch((e: unknown) => e)) as OneFichierError;
    // Back-to-back locks double the cool-down: 60 s, then 120 s; the third (240 s) would pass the 200 s bound.
    expect(t.transport.requests).toHaveLength(3);
    expect(err).toMatchObject({ kind: 'rate_limited', code: 374, retryable: true, retryAfterMs: 240_000 });
    expect(err.message).toMatch(/still locked after waiting 3 min in all/);
    expect(err.hint).toMatch(/Wait 4 min before the next call/);
    expect(err.hint).not.toMatch(/waits and retries/);
  });

  test('#93 is not retried', async () => {
    const t = makeClient();
    t.transport.reply(() => json({ status: 'KO', message: 'No such user #93' }, 403));
    await expect(t.client.listFolder(0)).rejects.toMatchObject({ kind: 'auth', code: 93 });
    expect(t.transport.requests).toHaveLength(1);
    expect(t.events.filter((e) => e.type === 'retry')).toHaveLength(0);
  });

  test('5xx backs off with jitter and gives up after maxAttempts', async () => {
    const t = makeClient({ retry: { maxAttempts: 3, baseDelayMs: 1000 }, random: () => 0.5 });
    for (let i = 0; i < 3; i++) t.transport.reply(() => text('<html>502 Bad Gateway</html>', 502));
    await expect(t.client.scanFile('https://1fichier.com/?a0000')).rejects.toMatchObject({
      kind: 'server',
      httpStatus: 502,
      retryable: true,
    });
    expect(t.transport.requests).toHaveLength(3);
    const backoffs = t.events.filter((e) => e.type === 'wait' && e.reason === 'backoff').map((e) => (e as { ms: number }).ms);
    expect(backoffs).toEqual([500, 1000]);
  });

  test('a bare 403 is retried with a bounded backoff (as rclone does: docs/api-notes.md#rate-limits-and-budgets), without pausing the account', async () => {
    const t = makeClient({ retry: { maxAttempts: 3, baseDelayMs: 1000 }, random: () => 0.5 });
    for (let i = 0; i < 3; i++) t.transport.reply(() => text('<html><h1>403 Forbidden</h1></html>', 403));
    await expect(t.client.scanFile('https://1fichier.com/?a0000')).rejects.toMatchObject({ kind: 'rate_limited', httpStatus: 403 });
    expect(t.transport.requests).toHaveLength(3);
    expect(t.events.filter((e) => e.type === 'wait').map((e) => (e as { reason: string }).reason)).toEqual(['backoff', 'backoff']);
  });

  test('a permanent refusal is never retried: password, not a customer, not authenticated, IP locked', async () => {
    for (const message of [
      'Invalid password. Resource not allowed #631',
      'Must be a customer (Premium, Access) #200',
      'Not authenticated #713',
      'IP Locked #45',
    ]) {
      const t = makeClient();
      t.transport.reply(() => json({ status: 'KO', message }, 403));
      await expect(t.client.scanFile('https://1fichier.com/?a0000')).rejects.toMatchObject({ retryable: false });
      expect(t.transport.requests).toHaveLength(1);
    }
  });

  test('network errors are retried, then succeed', async () => {
    const t = makeClient();
    const { TransportError } = await import('../src');
    t.transport.reply(
      () => {
        throw new TransportError('ECONNRESET', 'socket hang up');
      },
      () => json({ status: 'OK', message: 'ok' }),
    );
    expect(await t.client.scanFile('https://1fichier.com/?a0000')).toEqual({ message: 'ok' });
    expect(t.transport.requests).toHaveLength(2);
  });

  test('a bug in parsing is not mistaken for a network error', async () => {
    const t = makeClient();
    t.transport.reply(() => ({
      status: 200,
      headers: {},
      get text(): string {
        throw new TypeError('boom');
      },
    }));
    await expect(t.client.scanFile('https://1fichier.com/?a0000')).rejects.toThrow(TypeError);
    expect(t.transport.requests).toHaveLength(1);
  });
});

describe('cancellation while waiting', () => {
  test('an abort during a backoff wait ends the call at once with cancelled, no further request', async () => {
    const t = makeClient({ retry: { baseDelayMs: 10_000 } });
    // Sleeps that only end by abort: the call is parked in its backoff wait.
    t.clock.sleep = (_ms, signal) =>
      new Promise<void>((_, reject) => signal?.addEventListener('abort', () => reject(new Error('aborted'))));
    t.transport.reply(() => text('<html>503</html>', 503));
    const ac = new AbortController();
    const p = t.client.scanFile('https://1fichier.com/?a0000', { signal: ac.signal });
    await new Promise((r) => setImmediate(r));
    expect(t.events.some((e) => e.type === 'wait' && e.reason === 'backoff')).toBe(true);
    ac.abort();
    await expect(p).rejects.toMatchObject({ kind: 'cancelled' });
    expect(t.transport.requests).toHaveLength(1);
  });

  test('an abort during a flood pause ends the call with cancelled', async () => {
    const t = makeClient();
    t.clock.sleep = (_ms, signal) =>
      new Promise<void>((_, reject) => signal?.addEventListener('abort', () => reject(new Error('aborted'))));
    t.transport.reply(() => json({ status: 'KO', message: 'Flood detected: IP Locked #374' }, 403));
    const ac = new AbortController();
    const p = t.client.scanFile('https://1fichier.com/?a0000', { signal: ac.signal });
    await new Promise((r) => setImmediate(r));
    expect(t.events.some((e) => e.type === 'wait' && e.reason === 'flood')).toBe(true);
    ac.abort();
    await expect(p).rejects.toMatchObject({ kind: 'cancelled' });
    expect(t.transport.requests).toHaveLength(1);
  });
});

describe('isOneFichierError across bundles', () => {
  it("recognises an error made by another copy of the core (another bundle's class), and nothing shaped like one", () => {
    // A second copy of the module, as the VS Code extension has one in each of its bundles.
    let other: typeof import('../src/errors') | undefined;
    jest.isolateModules(() => {
      other = jest.requireActual<typeof import('../src/errors')>('../src/errors');
    });
    const foreign = new other!.OneFichierError({ kind: 'not_found', message: 'File not found #707' });
    expect(foreign instanceof OneFichierError).toBe(false);
    expect(isOneFichierError(foreign)).toBe(true);
    expect(other!.isOneFichierError(new OneFichierError({ kind: 'auth', message: 'x' }))).toBe(true);
    expect(isOneFichierError({ name: 'OneFichierError', kind: 'auth', message: 'x', hint: 'y' })).toBe(false);
    expect(isOneFichierError(new Error('plain'))).toBe(false);
    expect(isOneFichierError(null)).toBe(false);
  });
});
