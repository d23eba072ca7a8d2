/**
 * No blind replay (docs/api-notes.md#lost-answers): a change whose answer is lost (a proxy's 5xx page, a reset after the request
 * left) is never sent again before the state was looked at. Each mutation's first answer is lost here; the
 * requests that follow show how it reconciles, and that it is made once.
 */
import { TransportError, type HttpResponse, type OneFichierError } from '../src';
import { json, makeClient, text } from './helpers';

const BASE = 'https://api.1fichier.com/v1';
const F = 'https://1fichier.com/?abcde12345';
const G = 'https://1fichier.com/?fghij67890';
const SUM = 'a'.repeat(128);

const lost502 = () => text('<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>', 502);
const reset = () => {
  throw new TransportError('ECONNRESET', 'socket hang up');
};
const sub = (id: number, name: string) => ({ id, name, create_date: '2026-01-01 00:00:00', pass: 0 });
const folderLs = (id: number, subFolders: object[]) => json({ status: 'OK', folder_id: id, name: 'x', files: 0, sub_folders: subFolders });
const item = (url: string, filename: string, date = '2026-01-01 10:00:00') => ({ url, filename, size: 3, date, checksum: SUM });

function endpoints(t: ReturnType<typeof makeClient>): string[] {
  return t.transport.requests.map((r) => r.url.replace(`${BASE}/`, ''));
}

describe('a lost answer is reconciled, never replayed blindly', () => {
  test('createFolder: the parent listing shows the folder, which is returned (no second mkdir, no false #731)', async () => {
    const t = makeClient();
    t.transport.reply(lost502, () => folderLs(5, [sub(77, 'New')]));
    expect(await t.client.createFolder('New', 5)).toEqual({ folderId: 77, name: 'New' });
    expect(endpoints(t)).toEqual(['folder/mkdir.cgi', 'folder/ls.cgi']);
  });

  test('createFolder: the listing shows it was not made, so it is sent again once', async () => {
    const t = makeClient();
    t.transport.reply(
      reset,
      () => folderLs(5, []),
      () => json({ status: 'OK', folder_id: 78, name: 'New' }),
    );
    expect(await t.client.createFolder('New', 5)).toEqual({ folderId: 78, name: 'New' });
    expect(endpoints(t)).toEqual(['folder/mkdir.cgi', 'folder/ls.cgi', 'folder/mkdir.cgi']);
    expect(t.events.find((e) => e.type === 'retry')?.message).toMatch(/lost and the change was not made/);
  });

  test('createFolder: a listing cached before the change is not trusted; a fresh one is made after the window', async () => {
    const t = makeClient();
    t.transport.reply(() => folderLs(5, []));
    await t.client.listFolder(5);
    t.transport.reply(lost502, () => folderLs(5, [sub(77, 'New')]));
    expect(await t.client.createFolder('New', 5)).toEqual({ folderId: 77, name: 'New' });
    expect(endpoints(t)).toEqual(['folder/ls.cgi', 'folder/mkdir.cgi', 'folder/ls.cgi']);
    expect(t.events.some((e) => e.type === 'wait' && e.reason === 'budget')).toBe(true);
  });

  test('createFolder: a listing of the parent that started before the change is neither shared by the reconcile nor cached', async () => {
    const t = makeClient();
    let answerEarly: (r: HttpResponse) => void = () => undefined;
    t.transport.reply(
      () => new Promise<HttpResponse>((resolve) => (answerEarly = resolve)),
      () => {
        // The service read the early listing before it made the folder; that answer arrives only now.
        setTimeout(() => answerEarly(folderLs(5, [])), 0);
        return lost502();
      },
      () => folderLs(5, [sub(77, 'New')]),
    );
    const early = t.client.listFolder(5);
    while (t.transport.requests.length === 0) await new Promise((r) => setTimeout(r, 1));
    expect(await t.client.createFolder('New', 5)).toEqual({ folderId: 77, name: 'New' });
    expect((await early).subFolders).toEqual([]);
    expect((await t.client.listFolder(5)).subFolders).toEqual([expect.objectContaining({ id: 77, name: 'New' })]);
    expect(endpoints(t)).toEqual(['folder/ls.cgi', 'folder/mkdir.cgi', 'folder/ls.cgi']);
  });

  test('createFolder: when the state cannot be read, an outcome_unknown error says what to check', async () => {
    const t = makeClient({ retry: { maxAttempts: 2 } });
    t.transport.reply(
      lost502,
      () => text('<html>503</html>', 503),
      () => text('<html>503</html>', 503),
    );
    const err = (await t.client.createFolder('New', 5).catch((e: unknown) => e)) as OneFichierError;
    expect(err).toMatchObject({
      kind: 'outcome_unknown',
      retryable: false,
      endpoint: 'folder/mkdir.cgi',
      details: { outcomeUnknown: true },
    });
    expect(err.message).toMatch(/may have been made/);
    expect(err.hint).toMatch(/folder "New" exists in folder 5/);
    expect(endpoints(t).filter((e) => e === 'folder/mkdir.cgi')).toHaveLength(1);
  });

  test('a failure before the request left (connection refused) is sent again as usual', async () => {
    const t = makeClient();
    t.transport.reply(
      () => {
        throw new TransportError('ECONNREFUSED', 'connect ECONNREFUSED');
      },
      () => json({ status: 'OK', folder_id: 79, name: 'New' }),
    );
    expect(await t.client.createFolder('New', 5)).toEqual({ folderId: 79, name: 'New' });
    expect(endpoints(t)).toEqual(['folder/mkdir.cgi', 'folder/mkdir.cgi']);
  });

  test('copyFiles: a copy (same name and checksum) that was not in the destination before is the new one: no second copy', async () => {
    const t = makeClient();
    const earlier = 'https://1fichier.com/?earlier111';
    t.transport.reply(
      () => json({ status: 'OK', count: 1, items: [item(earlier, 'a.txt', '2026-01-01 10:00:00')] }),
      lost502,
      () => json(item(F, 'a.txt')),
      // The earlier copy is listed after the new one, with the same date: only the listing before tells them apart.
      () =>
        json({ status: 'OK', count: 2, items: [item(G, 'a.txt', '2026-01-01 10:00:00'), item(earlier, 'a.txt', '2026-01-01 10:00:00')] }),
    );
    expect(await t.client.copyFiles([F], 9)).toEqual({ copied: 1, urls: [{ fromUrl: F, toUrl: G }] });
    expect(endpoints(t)).toEqual(['file/ls.cgi', 'file/cp.cgi', 'file/info.cgi', 'file/ls.cgi']);
  });

  test('copyFiles: only an earlier copy in the destination, so the copy was not made and is sent again', async () => {
    const t = makeClient();
    const earlier = 'https://1fichier.com/?earlier111';
    t.transport.reply(
      () => json({ status: 'OK', count: 1, items: [item(earlier, 'a.txt')] }),
      lost502,
      () => json(item(F, 'a.txt')),
      () => json({ status: 'OK', count: 1, items: [item(earlier, 'a.txt')] }),
      () => json({ status: 'OK', copied: 1, urls: [{ from_url: F, to_url: G }] }),
    );
    expect(await t.client.copyFiles([F], 9)).toEqual({ copied: 1, urls: [{ fromUrl: F, toUrl: G }] });
    expect(endpoints(t)).toEqual(['file/ls.cgi', 'file/cp.cgi', 'file/info.cgi', 'file/ls.cgi', 'file/cp.cgi']);
  });

  test('moveFiles without a new name: file/info shows the file in the destination', async () => {
    const t = makeClient();
    t.transport.reply(reset, () => json({ ...item(F, 'a.txt'), folder_id: 9 }));
    expect(await t.client.moveFiles([F], 9)).toEqual({ moved: 1, urls: [F] });
    expect(endpoints(t)).toEqual(['file/mv.cgi', 'file/info.cgi']);
  });

  test('moveFiles with a new name: file/info shows the folder and the name (no false #722)', async () => {
    const t = makeClient();
    t.transport.reply(
      () => json({ ...item(F, 'a.txt'), folder_id: 4 }),
      lost502,
      () => json({ ...item(F, 'b.txt'), folder_id: 9 }),
    );
    expect(await t.client.moveFiles([F], 9, { rename: 'b.txt' })).toEqual({ moved: 1, urls: [F], filename: 'b.txt' });
    expect(endpoints(t)).toEqual(['file/info.cgi', 'file/mv.cgi', 'file/info.cgi']);
  });

  test('renameFile: sent again, "No file has been renamed #312" then means it was renamed', async () => {
    const t = makeClient();
    t.transport.reply(lost502, () => json({ status: 'KO', message: 'No file has been renamed #312' }));
    expect(await t.client.renameFile(F, 'b.txt')).toEqual({ url: F, oldFilename: '', newFilename: 'b.txt' });
    expect(endpoints(t)).toEqual(['file/rename.cgi', 'file/rename.cgi']);
  });

  const notFound = () => json({ status: 'KO', message: 'Resource not found #469' }, 404);

  test('removeFiles: sent again, "not found", and file/info finds none of them: the first one removed them', async () => {
    const t = makeClient();
    t.transport.reply(reset, notFound, notFound, notFound);
    expect(await t.client.removeFiles([F, G])).toEqual({ removed: 2, urls: [F, G] });
    expect(endpoints(t)).toEqual(['file/rm.cgi', 'file/rm.cgi', 'file/info.cgi', 'file/info.cgi']);
  });

  test('removeFiles: "not found" on the resend while a file is still there: that file is removed, the other reported not found', async () => {
    const t = makeClient();
    t.transport.reply(
      reset,
      notFound,
      () => json(item(F, 'a.txt')),
      notFound,
      () => json({ status: 'OK', removed: 1, urls: [F] }),
    );
    expect(await t.client.removeFiles([F, G])).toEqual({ removed: 1, urls: [F], notFound: [G] });
    expect(endpoints(t)).toEqual(['file/rm.cgi', 'file/rm.cgi', 'file/info.cgi', 'file/info.cgi', 'file/rm.cgi']);
    expect(JSON.parse(t.transport.requests[4]!.body as string)).toEqual({ files: [{ url: F }] });
  });

  test('removeFiles: when file/info cannot say, the outcome is unknown and nothing is sent again', async () => {
    const t = makeClient({ retry: { maxAttempts: 2 } });
    const unavailable = () => text('<html>503</html>', 503);
    t.transport.reply(reset, notFound, unavailable, unavailable);
    const err = (await t.client.removeFiles([F, G]).catch((e: unknown) => e)) as OneFichierError;
    expect(err).toMatchObject({ kind: 'outcome_unknown', hint: expect.stringMatching(/still exist before removing again/) });
    expect(endpoints(t)).toEqual(['file/rm.cgi', 'file/rm.cgi', 'file/info.cgi', 'file/info.cgi']);
  });

  test('removeFiles: a "not found" on the first try is still an error', async () => {
    const t = makeClient();
    t.transport.reply(() => json({ status: 'KO', message: 'Resource not found #469' }, 404));
    await expect(t.client.removeFiles([F])).rejects.toMatchObject({ kind: 'not_found' });
  });

  test('moveFolder: the destination listing shows the folder', async () => {
    const t = makeClient();
    t.transport.reply(lost502, () => folderLs(8, [sub(3, 'Docs')]));
    expect(await t.client.moveFolder(3, 8)).toMatchObject({ newName: 'Docs' });
    expect(endpoints(t)).toEqual(['folder/mv.cgi', 'folder/ls.cgi']);
  });

  test('renameFolder: the parent listing shows the new name', async () => {
    const t = makeClient();
    t.transport.reply(lost502, () => folderLs(8, [sub(3, 'Renamed')]));
    expect(await t.client.renameFolder(3, 'Renamed', { parentId: 8 })).toMatchObject({ newName: 'Renamed' });
    expect(endpoints(t)).toEqual(['folder/mv.cgi', 'folder/ls.cgi']);
  });

  test('removeFolder: sent again, "not found" then means it was removed', async () => {
    const t = makeClient();
    t.transport.reply(lost502, () => json({ status: 'KO', message: 'Folder not found #706' }));
    await t.client.removeFolder(3);
    expect(endpoints(t)).toEqual(['folder/rm.cgi', 'folder/rm.cgi']);
  });

  test('setFileAttributes and shareFolder set a state: sending them again is safe', async () => {
    const t = makeClient();
    t.transport.reply(lost502, () => json({ status: 'OK', updated: 1, urls: [F] }));
    expect(await t.client.setFileAttributes([F], { description: 'd' })).toEqual({ updated: 1, urls: [F] });
    t.transport.reply(reset, () => json({ status: 'OK', url: 'https://1fichier.com/dir/abc', message: 'Folder shared' }));
    expect(await t.client.shareFolder(3)).toEqual({ url: 'https://1fichier.com/dir/abc', message: 'Folder shared' });
    expect(endpoints(t)).toEqual(['file/chattr.cgi', 'file/chattr.cgi', 'folder/share.cgi', 'folder/share.cgi']);
  });

  const job = (id: number) => ({ id, request_date: '2026-01-01 10:00:00', execution_date: '' });
  const jobInfo = (id: number, links: string[], resultUrls: string[] = []) =>
    json({
      ...job(id),
      links,
      result: resultUrls.map((url) => ({ status: 'OK', url, download_link: 'https://1fichier.com/?made', message: '' })),
    });
  const ISO = 'http://example.com/a.iso';

  test('remoteUpload: of the jobs that were not there before, the one that names our URLs is ours (no second job)', async () => {
    const t = makeClient();
    t.transport.reply(
      () => json({ status: 'OK', data: [job(1)] }),
      lost502,
      () => json({ status: 'OK', data: [job(1), job(6), job(7)] }),
      () => jobInfo(6, [], ['http://example.com/theirs.iso']),
      () => jobInfo(7, [ISO]),
    );
    expect(await t.client.remoteUpload({ urls: [ISO] })).toEqual({ id: 7, date: '2026-01-01 10:00:00', urls: [ISO] });
    expect(endpoints(t)).toEqual(['remote/ls.cgi', 'remote/request.cgi', 'remote/ls.cgi', 'remote/info.cgi', 'remote/info.cgi']);
  });

  test('remoteUpload: a new job that does not name our URLs yet is asked again until it has run', async () => {
    const t = makeClient();
    t.transport.reply(
      () => json({ status: 'OK', data: [] }),
      reset,
      () => json({ status: 'OK', data: [job(7)] }),
      () => jobInfo(7, []),
      () => jobInfo(7, ['https://1fichier.com/?made'], [ISO]),
    );
    expect(await t.client.remoteUpload({ urls: [ISO] })).toMatchObject({ id: 7 });
    expect(endpoints(t)).toEqual(['remote/ls.cgi', 'remote/request.cgi', 'remote/ls.cgi', 'remote/info.cgi', 'remote/info.cgi']);
  });

  test('remoteUpload: a new job with other URLs is not ours: the outcome is unknown, and nothing is sent again', async () => {
    const t = makeClient();
    t.transport.reply(
      () => json({ status: 'OK', data: [] }),
      lost502,
      () => json({ status: 'OK', data: [job(8)] }),
      () => jobInfo(8, [], ['http://example.com/theirs.iso']),
    );
    const err = (await t.client.remoteUpload({ urls: [ISO] }).catch((e: unknown) => e)) as OneFichierError;
    expect(err).toMatchObject({ kind: 'outcome_unknown', endpoint: 'remote/request.cgi' });
    expect(err.hint).toMatch(
      /New remote uploads \(8\) appeared, none of them shown with these URLs\. Check the list of remote uploads for http:\/\/example\.com\/a\.iso/,
    );
    expect(endpoints(t).filter((e) => e === 'remote/request.cgi')).toHaveLength(1);
  });

  test('every answer lost and the state cannot tell: bounded, then outcome_unknown', async () => {
    const t = makeClient({ retry: { maxAttempts: 3 } });
    for (let i = 0; i < 3; i++) t.transport.reply(lost502);
    const err = (await t.client.removeFolder(3).catch((e: unknown) => e)) as OneFichierError;
    expect(err).toMatchObject({ kind: 'outcome_unknown', hint: expect.stringMatching(/folder 3 still exists/) });
    expect(endpoints(t)).toEqual(['folder/rm.cgi', 'folder/rm.cgi', 'folder/rm.cgi']);
  });
});
