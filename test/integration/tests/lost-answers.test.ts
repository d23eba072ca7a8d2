/**
 * No blind replay (docs/api-notes.md#lost-answers): under the sandbox's lost-answer fault (the change is applied and saved, then the
 * answer is a 5xx page or a dropped connection), every mutation of the client ends with the change made once
 * and no false error, in both modes.
 */
import * as http from 'http';
import type { AddressInfo } from 'net';
import { bytesSource } from '@onefichier/core';
import type { MutationEndpoint } from '@onefichier/sandbox';
import { bytes, newEnv, stopEnvs, storedNamed, type Env } from './helpers';

afterAll(stopEnvs);

let origin: http.Server;
let originBase: string;
beforeAll(async () => {
  origin = http.createServer((_req, res) => {
    res.writeHead(200, { 'Content-Length': 5, 'Content-Disposition': 'attachment; filename="remote.bin"' });
    res.end('hello');
  });
  await new Promise<void>((r) => origin.listen(0, '127.0.0.1', r));
  originBase = `http://127.0.0.1:${(origin.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((r) => origin.close(r)));

/** The next answer of `endpoint` is lost after the change was saved. */
function loseNextAnswer(env: Env, endpoint: MutationEndpoint, mode: '5xx' | 'drop'): void {
  env.sandbox.setFaults({ lostAnswers: 1, lostAnswerMode: mode, lostAnswerEndpoints: [endpoint] });
}

describe.each(['5xx', 'drop'] as const)('every mutation answer lost (%s)', (mode) => {
  test('each change is made once and reported as made', async () => {
    const env = await newEnv({}, { retry: { maxAttempts: 4 } });
    const { client, sandbox } = env;
    // Set-up without faults.
    const a = (await client.createFolder('A')).folderId;
    const b = (await client.createFolder('B')).folderId;
    const [one] = await client.upload(bytesSource('one.txt', Buffer.from('one')), { folderId: a });
    const [two] = await client.upload(bytesSource('two.txt', Buffer.from('two')), { folderId: a });
    const [three] = await client.upload(bytesSource('three.txt', Buffer.from('three')), { folderId: a });
    const lost = <T>(endpoint: MutationEndpoint, op: () => Promise<T>): Promise<T> => {
      loseNextAnswer(env, endpoint, mode);
      return op();
    };

    const made = await lost('folder/mkdir.cgi', () => client.createFolder('made', a));
    const [up] = await lost('upload.cgi', () => client.upload(bytesSource('up.bin', bytes(40_000, 4)), { folderId: b }));
    const copy = await lost('file/cp.cgi', () => client.copyFiles([one!.url], b));
    const copyRenamed = await lost('file/cp.cgi', () => client.copyFiles([one!.url], b, { rename: 'copy of one.txt' }));
    await lost('file/mv.cgi', () => client.moveFiles([two!.url], b));
    await lost('file/mv.cgi', () => client.moveFiles([three!.url], b, { rename: 'three moved.txt' }));
    await lost('file/rename.cgi', () => client.renameFile(one!.url, 'one renamed.txt'));
    await lost('file/chattr.cgi', () => client.setFileAttributes([one!.url], { description: 'described' }));
    const sub = (await client.createFolder('sub', a)).folderId;
    await lost('folder/mv.cgi', () => client.moveFolder(sub, b));
    await lost('folder/mv.cgi', () => client.renameFolder(sub, 'sub renamed', { parentId: b }));
    const shared = await lost('folder/share.cgi', () => client.shareFolder(made.folderId));
    await lost('file/rm.cgi', () => client.removeFiles([up!.url]));
    await lost('folder/rm.cgi', () => client.removeFolder(made.folderId));
    const job = await lost('remote/request.cgi', () => client.remoteUpload({ urls: [`${originBase}/x`], folderId: a }));

    const s = sandbox.state();
    // The fault fired once per operation: 11 endpoints, 14 operations.
    expect(Object.values(s.counters.lostAnswers).reduce((n, c) => n + c, 0)).toBe(14);
    expect(Object.keys(s.counters.lostAnswers).sort()).toEqual(
      [
        'folder/mkdir.cgi',
        'upload.cgi',
        'file/cp.cgi',
        'file/mv.cgi',
        'file/rename.cgi',
        'file/chattr.cgi',
        'folder/mv.cgi',
        'folder/share.cgi',
        'file/rm.cgi',
        'folder/rm.cgi',
        'remote/request.cgi',
      ].sort(),
    );
    expect(s.duplicates).toMatchObject({ files: 0, remoteJobs: 0 });
    // Each result names what the service holds.
    expect(s.folders.filter((f) => f.name === 'made')).toEqual([]);
    expect(made.name).toBe('made');
    expect(storedNamed(sandbox, 'up.bin')).toEqual([]);
    expect(copy.urls[0]!.toUrl).toBe(storedNamed(sandbox, 'one.txt')[0]?.url);
    expect(storedNamed(sandbox, 'one.txt')).toEqual([expect.objectContaining({ folderId: b })]);
    expect(storedNamed(sandbox, 'copy of one.txt')).toEqual([expect.objectContaining({ url: copyRenamed.urls[0]!.toUrl, folderId: b })]);
    expect(storedNamed(sandbox, 'one renamed.txt')).toEqual([
      expect.objectContaining({ url: one!.url, folderId: a, description: 'described' }),
    ]);
    expect(storedNamed(sandbox, 'two.txt')).toEqual([expect.objectContaining({ url: two!.url, folderId: b })]);
    expect(storedNamed(sandbox, 'three moved.txt')).toEqual([expect.objectContaining({ url: three!.url, folderId: b })]);
    expect(s.folders.filter((f) => f.id === sub)).toEqual([expect.objectContaining({ name: 'sub renamed', parentId: b })]);
    expect(shared.url).toMatch(/\/dir\//);
    expect(s.remoteJobs.map((j) => j.id)).toEqual([job.id]);
  });
});
