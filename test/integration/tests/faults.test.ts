import { bytesSource, iterableSource } from '@onefichier/core';
import { fileSource } from '@onefichier/core/node';
import { createWhirlpool } from 'hash-wasm';
import { bytes, collect, errorOf, limitsKeepingTo, newEnv, sleep, stopEnvs, storedNamed, tmpFile } from './helpers';

afterAll(stopEnvs);

async function whirlpoolOf(data: Buffer): Promise<string> {
  const h = await createWhirlpool();
  h.init();
  h.update(data);
  return h.digest('hex');
}

describe('a share of 5xx answers', () => {
  test('every operation recovers, and nothing is lost or duplicated', async () => {
    // The client keeps to the profile's rate, so under strict this run is about 5xx answers, not about flood
    // locks that its retries would extend.
    const env = await newEnv({ faults: { serverErrorRate: 0.25 } }, { retry: { maxAttempts: 10 }, limits: limitsKeepingTo() });
    const names = ['f1', 'f2', 'f3', 'f4'];
    const ids: number[] = [];
    for (const n of names) ids.push((await env.client.createFolder(n)).folderId);
    const data = bytes(300_000, 3);
    const ups = [];
    for (let i = 0; i < 3; i++) ups.push((await env.client.upload(bytesSource(`u${i}.bin`, data), { folderId: ids[0]! }))[0]!);
    await env.client.renameFile(ups[0]!.url, 'renamed.bin');
    await env.client.moveFiles([ups[1]!.url], ids[1]!);
    await env.client.copyFiles([ups[2]!.url], ids[2]!);
    const listing = await env.client.listFolder(0);
    const dl = await env.client.download(ups[2]!.url);
    expect((await collect(dl.stream)).equals(data)).toBe(true);

    const s = env.sandbox.state();
    expect(s.counters.serverErrors).toBeGreaterThan(0);
    expect(names.map((n) => s.folders.filter((f) => f.name === n).length)).toEqual([1, 1, 1, 1]);
    expect(listing.subFolders.map((f) => f.name).sort()).toEqual(names);
    expect(storedNamed(env.sandbox, 'renamed.bin')).toHaveLength(1);
    expect(storedNamed(env.sandbox, 'u1.bin')).toEqual([expect.objectContaining({ folderId: ids[1] })]);
    expect(
      storedNamed(env.sandbox, 'u2.bin')
        .map((f) => f.folderId)
        .sort(),
    ).toEqual([ids[0], ids[2]].sort());
    expect(s.files).toHaveLength(4);
    expect(env.events.some((e) => e.type === 'retry')).toBe(true);
  });

  test('when the service keeps failing, a read is a server error after the retry budget', async () => {
    const env = await newEnv({ faults: { serverErrorRate: 1 } }, { retry: { maxAttempts: 3 } });
    const err = await errorOf(() => env.client.listFolder(0));
    expect({ kind: err.kind, retryable: err.retryable }).toEqual({ kind: 'server', retryable: true });
    expect(env.sandbox.state().counters.requests['folder/ls.cgi']).toBe(3);
  });

  test('when the service keeps failing, a change is not sent twice: the listing cannot tell, so the outcome is unknown', async () => {
    const env = await newEnv({ faults: { serverErrorRate: 1 } }, { retry: { maxAttempts: 3 } });
    const err = await errorOf(() => env.client.createFolder('never'));
    expect({ kind: err.kind, retryable: err.retryable, causeKind: err.details.causeKind }).toEqual({
      kind: 'outcome_unknown',
      retryable: false,
      causeKind: 'server',
    });
    expect(err.hint).toMatch(/"never"/);
    expect(env.sandbox.state().counters.requests['folder/mkdir.cgi']).toBe(1);
    expect(env.sandbox.state().folders).toEqual([]);
  });
});

describe('a connection reset in the middle of an upload', () => {
  test('a re-openable file is sent again with a new upload id and stored exactly once', async () => {
    const env = await newEnv({ faults: { uploadResets: 1 } });
    const data = bytes(3 * 1024 * 1024, 5);
    const [up] = await env.client.upload(await fileSource(tmpFile('reset.bin', data)));
    expect(up!.whirlpool).toBe(await whirlpoolOf(data));
    const s = env.sandbox.state();
    expect(s.counters.uploadResets).toBe(1);
    expect(storedNamed(env.sandbox, 'reset.bin')).toEqual([expect.objectContaining({ url: up!.url, size: data.length })]);
    expect(s.uploads.filter((u) => u.used)).toHaveLength(2);
  });

  test('a one-shot stream fails with a network error that says nothing arrived, and nothing is stored', async () => {
    const env = await newEnv({ faults: { uploadResets: 1 } });
    const data = bytes(2 * 1024 * 1024, 6);
    async function* once() {
      for (let i = 0; i < data.length; i += 65536) yield data.subarray(i, i + 65536);
    }
    const err = await errorOf(() => env.client.upload(iterableSource('oneshot.bin', data.length, once())));
    expect(err.kind).toBe('network');
    expect(err.details).toMatchObject({ mayHaveArrived: false });
    expect(storedNamed(env.sandbox, 'oneshot.bin')).toEqual([]);
  });
});

describe('slow answers', () => {
  test('calls and uploads still complete', async () => {
    const env = await newEnv({ faults: { slowMs: 400 } });
    const f = await env.client.createFolder('slow');
    const [up] = await env.client.upload(bytesSource('slow.txt', Buffer.from('slow')), { folderId: f.folderId });
    expect((await env.client.getFileInfo(up!.url)).filename).toBe('slow.txt');
    expect(storedNamed(env.sandbox, 'slow.txt')).toHaveLength(1);
  });

  test('a client timeout shorter than the delay gives a network error, and a read is retried', async () => {
    const env = await newEnv({ faults: { slowMs: 700 } }, { requestTimeoutMs: 300, retry: { maxAttempts: 2 } });
    const err = await errorOf(() => env.client.listFolder(0));
    expect(err.kind).toBe('network');
    expect(env.sandbox.state().counters.requests['folder/ls.cgi']).toBe(2);
  });
});

describe('end.pl faults', () => {
  test('"please wait" HTML for a while: the client polls and gets the links', async () => {
    const env = await newEnv({ faults: { endPlWaitMs: 1200 } });
    const [up] = await env.client.upload(bytesSource('wait.txt', Buffer.from('please wait')));
    expect(up!.filename).toBe('wait.txt');
    expect(env.sandbox.state().counters.endPlWaitPages).toBeGreaterThan(0);
    expect(storedNamed(env.sandbox, 'wait.txt')).toHaveLength(1);
  });

  test('"please wait" for longer than the client waits: a timeout error that says the file may have arrived', async () => {
    const env = await newEnv({ faults: { endPlWaitMs: 60_000 } }, { uploadPolling: { endPollTimeoutMs: 800 } });
    const err = await errorOf(() => env.client.upload(bytesSource('long.txt', Buffer.from('long'))));
    expect(err.details).toMatchObject({ mayHaveArrived: true });
    expect(storedNamed(env.sandbox, 'long.txt')).toHaveLength(1);
  });

  test('links: [] a few times: the client asks again and gets them, no duplicate upload', async () => {
    const env = await newEnv({ faults: { endPlNoLinks: 2 } });
    const [up] = await env.client.upload(bytesSource('nolinks.txt', Buffer.from('x')));
    expect(up!.filename).toBe('nolinks.txt');
    expect(storedNamed(env.sandbox, 'nolinks.txt')).toHaveLength(1);
    expect(env.sandbox.state().counters.requests['node:upload.cgi']).toBe(1);
  });

  test('links: [] every time: a protocol error, and the file is not uploaded twice', async () => {
    const env = await newEnv({ faults: { endPlNoLinks: 100 } });
    const err = await errorOf(() => env.client.upload(bytesSource('never-links.txt', Buffer.from('x'))));
    expect(err.kind).toBe('protocol');
    expect(err.details).toMatchObject({ mayHaveArrived: true });
    expect(storedNamed(env.sandbox, 'never-links.txt')).toHaveLength(1);
    expect(env.sandbox.state().counters.requests['node:upload.cgi']).toBe(1);
  });
});

describe('listings that lag behind writes', () => {
  test('a new file shows up once the lag is over, exactly once', async () => {
    const env = await newEnv({ faults: { listingLagMs: 1000 } });
    const folderId = (await env.client.createFolder('lag')).folderId;
    const [up] = await env.client.upload(bytesSource('lag.txt', Buffer.from('lag')), { folderId });
    // The file exists (info works) even while listings don't show it yet.
    expect((await env.client.getFileInfo(up!.url)).filename).toBe('lag.txt');
    const early = await env.client.listFiles({ folderId });
    expect(early.items.filter((i) => i.url === up!.url).length).toBeLessThanOrEqual(1);
    await sleep(1100);
    env.client.clearCache();
    const late = await env.client.listFiles({ folderId });
    expect(late.items.filter((i) => i.url === up!.url)).toHaveLength(1);
  });

  test('a recursive remove lists again until a new file that was not listed yet shows, and removes it', async () => {
    const env = await newEnv({ faults: { listingLagMs: 1000 } });
    const folderId = (await env.client.createFolder('lagrm')).folderId;
    await env.client.upload(bytesSource('hidden.txt', Buffer.from('h')), { folderId });
    expect(await env.client.removeFolderRecursive(folderId)).toEqual({ files: 1, folders: 1 });
    expect(storedNamed(env.sandbox, 'hidden.txt')).toEqual([]);
    expect(env.sandbox.state().folders).toEqual([]);
  });

  test('a file that stays unlisted longer than the bounded wait: conflict, and the file survives', async () => {
    const env = await newEnv({ faults: { listingLagMs: 60_000 } });
    const folderId = (await env.client.createFolder('lagrm')).folderId;
    const [up] = await env.client.upload(bytesSource('hidden.txt', Buffer.from('h')), { folderId });
    const err = await errorOf(() => env.client.removeFolderRecursive(folderId));
    expect(err.kind).toBe('conflict');
    expect(err.hint).toMatch(/try again in a few minutes/);
    expect(storedNamed(env.sandbox, 'hidden.txt')).toEqual([expect.objectContaining({ url: up!.url })]);
  });
});

describe('mutations against what the real service does (docs/api-notes.md)', () => {
  test('removed files that linger in listings (removal lag): the recursive remove waits them out', async () => {
    const env = await newEnv({ faults: { removalLagMs: 1500 } });
    const top = (await env.client.createFolder('top')).folderId;
    const sub = (await env.client.createFolder('sub', top)).folderId;
    for (const [name, folderId] of [
      ['a.txt', top],
      ['b.txt', sub],
    ] as const)
      await env.client.upload(bytesSource(name, Buffer.from(name)), { folderId });
    expect(await env.client.removeFolderRecursive(top)).toEqual({ files: 2, folders: 2 });
    const s = env.sandbox.state();
    expect(s.folders).toEqual([]);
    // (Whether folder/rm met the lag depends on the profile's pace; the core test drives that loop exactly.)
  });

  test('listings capped (5,000 on the service, 3 here): the recursive remove lists again until the folder is empty', async () => {
    const env = await newEnv({ faults: { listingCap: 3 } });
    const folderId = (await env.client.createFolder('many')).folderId;
    const names = ['1', '2', '3', '4', '5', '6', '7'].map((n) => `f${n}.txt`);
    await env.client.upload(
      names.map((n) => bytesSource(n, Buffer.from(n))),
      { folderId },
    );
    expect(await env.client.removeFolderRecursive(folderId)).toEqual({ files: 7, folders: 1 });
    expect(env.sandbox.state().files).toEqual([]);
  });

  test('a move with a new name into the same folder renames (the service would keep the name: docs/api-notes.md#files)', async () => {
    const env = await newEnv({ faults: { sameFolderMoveKeepsName: true } });
    const folderId = (await env.client.createFolder('here')).folderId;
    const [up] = await env.client.upload(bytesSource('before.txt', Buffer.from('x')), { folderId });
    const r = await env.client.moveFiles([up!.url], folderId, { rename: 'after.txt' });
    expect(r).toMatchObject({ moved: 1, filename: 'after.txt' });
    expect(storedNamed(env.sandbox, 'after.txt')).toEqual([expect.objectContaining({ url: up!.url, folderId })]);
    expect(env.sandbox.state().counters.behaviours.sameFolderMoveKeepsName ?? 0).toBe(0);
  });

  test('a move with a new name into the same folder renames, though file/info does not say which folder the file is in', async () => {
    const env = await newEnv({ faults: { sameFolderMoveKeepsName: true, infoWithoutFolderId: true } });
    const folderId = (await env.client.createFolder('here')).folderId;
    const [up] = await env.client.upload(bytesSource('before.txt', Buffer.from('x')), { folderId });
    const r = await env.client.moveFiles([up!.url], folderId, { rename: 'after.txt' });
    expect(r).toMatchObject({ moved: 1, filename: 'after.txt' });
    expect(storedNamed(env.sandbox, 'after.txt')).toEqual([expect.objectContaining({ url: up!.url, folderId })]);
    expect(storedNamed(env.sandbox, 'before.txt')).toEqual([]);
    // The service's file/mv into the file's own folder renamed nothing: file/rename.cgi did.
    expect(env.sandbox.state().counters.requests['file/rename.cgi']).toBe(1);
  });

  test('renameFolder keeps the folder under its parent, found from the root when not given', async () => {
    const env = await newEnv();
    const a = (await env.client.createFolder('A')).folderId;
    const b = (await env.client.createFolder('B', a)).folderId;
    await env.client.renameFolder(b, 'B2');
    await env.client.renameFolder(b, 'B3', { parentId: a });
    expect(env.sandbox.state().folders.find((f) => f.id === b)).toMatchObject({ name: 'B3', parentId: a });
  });

  test('five parallel ensureFolderPath calls for one path create each folder once', async () => {
    const env = await newEnv();
    const ids = await Promise.all([1, 2, 3, 4, 5].map(() => env.client.ensureFolderPath('/P/Q')));
    expect(new Set(ids).size).toBe(1);
    expect(
      env.sandbox
        .state()
        .folders.map((f) => f.name)
        .sort(),
    ).toEqual(['P', 'Q']);
  });

  test("two clients of one key racing for one path: the loser reuses the winner's folder (#731)", async () => {
    const env = await newEnv();
    const other = env.makeClient();
    const ids = await Promise.all([env.client.ensureFolderPath('/R'), other.ensureFolderPath('/R')]);
    expect(ids[0]).toBe(ids[1]);
    expect(env.sandbox.state().folders.filter((f) => f.name === 'R')).toHaveLength(1);
  });

  test('an upload into a folder that was removed fails clearly and leaves nothing in the root', async () => {
    const env = await newEnv();
    const gone = (await env.client.createFolder('gone')).folderId;
    await env.client.removeFolder(gone);
    const err = await errorOf(() => env.client.upload(bytesSource('lost.txt', Buffer.from('x')), { folderId: gone }));
    expect(err).toMatchObject({ kind: 'not_found', details: { folderId: gone, storedIn: 0 } });
    expect(storedNamed(env.sandbox, 'lost.txt')).toEqual([]);
  });
});

describe('get_token answering HTTP 200 with status KO', () => {
  test('the client asks again and downloads', async () => {
    const env = await newEnv({ faults: { tokenKo: 2 } });
    const [up] = await env.client.upload(bytesSource('tok.txt', Buffer.from('token')));
    const dl = await env.client.download(up!.url);
    expect((await collect(dl.stream)).toString()).toBe('token');
    expect(env.sandbox.state().counters.tokenKo).toBe(2);
  });
});
