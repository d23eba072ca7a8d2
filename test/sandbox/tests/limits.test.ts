import { api, expectKo, manualClock, newSandbox, stopAll } from './helpers';

/** The windows and locks are measured on this clock, which only the tests move: a slow machine cannot open a window early. */
const clock = manualClock();

afterAll(stopAll);

const FLOOD = { status: 'KO', message: 'Flood detected: IP Locked #374' };

describe('4. per-IP rate and flood lock', () => {
  test('a burst over the bucket locks the IP with 403 #374 for the lock time, then calls pass again', async () => {
    const sb = await newSandbox({ limits: { ratePerSecond: 3, burst: 3, lockMs: 800, endpointBudgets: false }, now: clock.now });
    const results = [];
    for (let i = 0; i < 5; i++) results.push(await api(sb, 'folder/ls.cgi', { folder_id: 0 }));
    expect(results.slice(0, 3).map((r) => r.status)).toEqual([200, 200, 200]);
    expect(results[3]!.status).toBe(403);
    expect(results[3]!.json).toEqual(FLOOD);
    expect(results[4]!.json).toEqual(FLOOD);
    expect(Object.keys(sb.state().lockedIps)).toEqual(['127.0.0.1']);
    // Still locked a little later, even though the bucket has refilled: the lock lasts lockMs.
    clock.advance(500);
    expect((await api(sb, 'folder/ls.cgi', { folder_id: 0 })).json).toEqual(FLOOD);
    clock.advance(400);
    expect((await api(sb, 'folder/ls.cgi', { folder_id: 0 })).status).toBe(200);
  });

  test('calls paced under the rate never lock', async () => {
    const sb = await newSandbox({ limits: { ratePerSecond: 20, burst: 1, lockMs: 60_000, endpointBudgets: false }, now: clock.now });
    for (let i = 0; i < 10; i++) {
      expect((await api(sb, 'folder/ls.cgi', { folder_id: 0 })).status).toBe(200);
      clock.advance(60);
    }
    expect(sb.state().floods).toBe(0);
  });

  test('the lock is per IP: 127.0.0.2 is not locked by 127.0.0.1', async () => {
    const sb = await newSandbox({ limits: { ratePerSecond: 1, burst: 1, lockMs: 60_000, endpointBudgets: false } });
    await api(sb, 'folder/ls.cgi', { folder_id: 0 });
    expect((await api(sb, 'folder/ls.cgi', { folder_id: 0 })).json).toEqual(FLOOD);
    expect((await api(sb, 'folder/ls.cgi', { folder_id: 0 }, { localAddress: '127.0.0.2' })).status).toBe(200);
  });

  test('floodCode 412 and unknown keys count against the bucket too', async () => {
    const sb = await newSandbox({ limits: { ratePerSecond: 1, burst: 2, lockMs: 60_000, floodCode: 412, endpointBudgets: false } });
    await api(sb, 'folder/ls.cgi', { folder_id: 0 }, { key: 'WrongKey00000000000000000000000000' });
    await api(sb, 'folder/ls.cgi', { folder_id: 0 }, { key: 'WrongKey00000000000000000000000000' });
    expectKo(await api(sb, 'folder/ls.cgi', { folder_id: 0 }), 403, 412);
  });
});

describe('4. per-endpoint budgets, enforced (documented and strict profiles)', () => {
  const limits = { ratePerSecond: 1000, burst: 1000, lockMs: 60_000, endpointBudgets: true, budgetsLock: true };

  test('folder/ls: once per folder per window; another folder or file/ls of the same folder is separate', async () => {
    const sb = await newSandbox({ limits: { ...limits, folderListWindowMs: 400 }, now: clock.now });
    const f = (await api(sb, 'folder/mkdir.cgi', { name: 'b', folder_id: 0 })).json.folder_id;
    expect((await api(sb, 'folder/ls.cgi', { folder_id: 0 })).status).toBe(200);
    expect((await api(sb, 'folder/ls.cgi', { folder_id: f })).status).toBe(200);
    expect((await api(sb, 'file/ls.cgi', { folder_id: 0 })).status).toBe(200);
    expect((await api(sb, 'folder/ls.cgi', { folder_id: 0 })).json).toEqual(FLOOD);
  });

  test('folder/ls: a second call after the window is fine', async () => {
    const sb = await newSandbox({ limits: { ...limits, folderListWindowMs: 200 }, now: clock.now });
    expect((await api(sb, 'folder/ls.cgi', { folder_id: 0 })).status).toBe(200);
    clock.advance(250);
    expect((await api(sb, 'folder/ls.cgi', { folder_id: 0 })).status).toBe(200);
    expect(sb.state().floods).toBe(0);
  });

  test('file/ls folder_id -1: once per window', async () => {
    const sb = await newSandbox({ limits: { ...limits, listAllWindowMs: 10_000 } });
    expect((await api(sb, 'file/ls.cgi', { folder_id: -1 })).status).toBe(200);
    expect((await api(sb, 'file/ls.cgi', { folder_id: -1 })).json).toEqual(FLOOD);
  });

  test('user/info: once per window per IP, and once per window per user across IPs', async () => {
    const sb = await newSandbox({ limits: { ...limits, userInfoIpWindowMs: 10_000, userInfoUserWindowMs: 10_000 } });
    expect((await api(sb, 'user/info.cgi')).status).toBe(200);
    expect((await api(sb, 'user/info.cgi')).json).toEqual(FLOOD);
    // Another IP, same user: the per-user budget is spent.
    expect((await api(sb, 'user/info.cgi', undefined, { localAddress: '127.0.0.2' })).json).toEqual(FLOOD);
  });

  test('userLock: the per-user budget locks the user (#223) on every IP', async () => {
    const sb = await newSandbox({
      limits: { ...limits, userInfoIpWindowMs: 0, userInfoUserWindowMs: 10_000, userLock: true, lockMs: 10_000 },
    });
    expect((await api(sb, 'user/info.cgi')).status).toBe(200);
    expect((await api(sb, 'user/info.cgi', undefined, { localAddress: '127.0.0.2' })).json).toEqual({
      status: 'KO',
      message: 'Flood detected: User Locked #223',
    });
    expect((await api(sb, 'folder/ls.cgi', { folder_id: 0 }, { localAddress: '127.0.0.3' })).json).toEqual({
      status: 'KO',
      message: 'Flood detected: User Locked #223',
    });
    // Another user is not affected.
    expect((await api(sb, 'folder/ls.cgi', { folder_id: 0 }, { key: sb.freeKey })).status).toBe(200);
  });

  test('setLimits and clearLocks at run time', async () => {
    const sb = await newSandbox({ limits: { ratePerSecond: 1, burst: 1, lockMs: 60_000, endpointBudgets: false } });
    await api(sb, 'folder/ls.cgi', { folder_id: 0 });
    expect((await api(sb, 'folder/ls.cgi', { folder_id: 0 })).json).toEqual(FLOOD);
    sb.clearLocks();
    expect((await api(sb, 'folder/ls.cgi', { folder_id: 0 })).status).toBe(200);
    sb.setLimits({ ratePerSecond: 1000, burst: 1000 });
    for (let i = 0; i < 20; i++) expect((await api(sb, 'folder/ls.cgi', { folder_id: 0 })).status).toBe(200);
  });
});
