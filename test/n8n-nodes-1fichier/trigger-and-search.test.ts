/**
 * The polling trigger (new file in a folder, optionally its sub-folders, state in the node's static data)
 * and the folder picker's search as you type, both through n8n-core's own contexts.
 */
import nock from 'nock';
import { useNock } from './harness/nock';
import type { IDataObject } from 'n8n-workflow';
import { resetSharedPacers } from '@onefichier/core/internal';
import { SEARCH_MAX_FOLDERS } from '../../packages/n8n-nodes-1fichier/nodes/OneFichier/methods/listSearch';
import { pollTrigger, searchFoldersFromEditor } from './harness';

const API = 'https://api.1fichier.com';
const KEY = 'trig-test-key-1a2b3c4d5e';
const CREDENTIALS = { oneFichierApi: { apiKey: KEY, baseUrl: 'https://api.1fichier.com/v1' } };
const url = (n: number) => `https://1fichier.com/?file${String(n).padStart(16, '0')}`;
const file = (n: number, date: string) => ({
  url: url(n),
  filename: `f${n}.txt`,
  size: n,
  date,
  checksum: '',
  'content-type': 'text/plain',
  pass: 0,
  acl: 0,
  cdn: 0,
});
const folder = (id: number, name: string) => ({ id, name, create_date: '2026-01-01 10:00:00', pass: 0 });

function listing(folderId: number, items: unknown[], subFolders: unknown[] = []) {
  return {
    status: 'OK',
    folder_id: folderId,
    name: folderId === 0 ? 'Root' : `F${folderId}`,
    files: items.length,
    items,
    sub_folders: subFolders,
  };
}

useNock();

/** The next poll comes a minute later in n8n: the listing budget window has passed. */
function nextPollInterval(): void {
  resetSharedPacers();
}

describe('1fichier Trigger', () => {
  const params = { event: 'fileAdded', folder: { __rl: true, mode: 'id', value: '9' }, includeSubfolders: false };

  test('remembers the files on the first poll, then emits only files added since, oldest first', async () => {
    const staticData: IDataObject = {};
    const scope = nock(API)
      .post('/v1/folder/ls.cgi', { folder_id: 9, files: 1 })
      .reply(200, listing(9, [file(1, '2026-01-01 10:00:00')]))
      .post('/v1/folder/ls.cgi', { folder_id: 9, files: 1 })
      .reply(200, listing(9, [file(3, '2026-01-03 10:00:00'), file(1, '2026-01-01 10:00:00'), file(2, '2026-01-02 10:00:00')]))
      .post('/v1/folder/ls.cgi', { folder_id: 9, files: 1 })
      .reply(200, listing(9, [file(3, '2026-01-03 10:00:00'), file(2, '2026-01-02 10:00:00')]));

    expect(await pollTrigger(params, CREDENTIALS, staticData)).toBeNull();
    const nodeState = Object.values(staticData)[0] as IDataObject;
    expect(nodeState.seen).toEqual([url(1)]);

    nextPollInterval();
    const second = await pollTrigger(params, CREDENTIALS, staticData);
    expect(second?.[0]!.map((i) => i.json.url)).toEqual([url(2), url(3)]);
    expect(second?.[0]![0]!.json).toMatchObject({ filename: 'f2.txt', folderId: 9, date: '2026-01-02T10:00:00+01:00' });

    nextPollInterval();
    // A file removed meanwhile (f1) is forgotten, nothing new appeared.
    expect(await pollTrigger(params, CREDENTIALS, staticData)).toBeNull();
    expect((Object.values(staticData)[0] as IDataObject).seen).toEqual([url(3), url(2)]);
    expect(scope.pendingMocks()).toEqual([]);
  });

  test('with sub-folders, watches the folder tree breadth-first up to the folder limit', async () => {
    const staticData: IDataObject = {};
    const tree = { ...params, includeSubfolders: true, maxFolders: 2 };
    const scope = nock(API)
      .post('/v1/folder/ls.cgi', { folder_id: 9, files: 1 })
      .reply(200, listing(9, [file(1, '2026-01-01 10:00:00')], [folder(20, 'A'), folder(30, 'B')]))
      .post('/v1/folder/ls.cgi', { folder_id: 20, files: 1 })
      .reply(200, listing(20, [], []))
      .post('/v1/folder/ls.cgi', { folder_id: 9, files: 1 })
      .reply(200, listing(9, [file(1, '2026-01-01 10:00:00')], [folder(20, 'A'), folder(30, 'B')]))
      .post('/v1/folder/ls.cgi', { folder_id: 20, files: 1 })
      .reply(200, listing(20, [file(4, '2026-01-04 10:00:00')], []));
    expect(await pollTrigger(tree, CREDENTIALS, staticData)).toBeNull();
    nextPollInterval();
    const second = await pollTrigger(tree, CREDENTIALS, staticData);
    expect(second?.[0]!.map((i) => i.json)).toMatchObject([{ url: url(4), folderId: 20, folderPath: '/A' }]);
    // Folder 30 is beyond maxFolders: never listed.
    expect(scope.pendingMocks()).toEqual([]);
  });

  test('a listing that names the folder itself or its parent as a sub-folder: each folder is watched once', async () => {
    const staticData: IDataObject = {};
    const tree = { ...params, includeSubfolders: true, maxFolders: 10 };
    let added: unknown[] = [];
    nock(API)
      .persist()
      .post('/v1/folder/ls.cgi', { folder_id: 9, files: 1 })
      .reply(200, () => listing(9, [file(1, '2026-01-01 10:00:00'), ...added], [folder(9, 'F9'), folder(20, 'A')]))
      .post('/v1/folder/ls.cgi', { folder_id: 20, files: 1 })
      .reply(200, listing(20, [], [folder(9, 'F9')]));
    expect(await pollTrigger(tree, CREDENTIALS, staticData)).toBeNull();
    nextPollInterval();
    added = [file(4, '2026-01-04 10:00:00')];
    const second = await pollTrigger(tree, CREDENTIALS, staticData);
    expect(second?.[0]!.map((i) => i.json)).toMatchObject([{ url: url(4), folderId: 9 }]);
    expect(second?.[0]).toHaveLength(1);
  });

  test('a manual test shows the newest file without touching the state', async () => {
    const staticData: IDataObject = {};
    nock(API)
      .post('/v1/folder/ls.cgi', { folder_id: 9, files: 1 })
      .reply(200, listing(9, [file(1, '2026-01-01 10:00:00'), file(2, '2026-02-01 10:00:00')]));
    const out = await pollTrigger(params, CREDENTIALS, staticData, 'manual');
    expect(out?.[0]!.map((i) => i.json.url)).toEqual([url(2)]);
    expect(JSON.stringify(staticData)).not.toContain('seen');
  });

  test('changing the watched folder starts afresh instead of replaying its whole content', async () => {
    const staticData: IDataObject = {};
    nock(API)
      .post('/v1/folder/ls.cgi', { folder_id: 9, files: 1 })
      .reply(200, listing(9, [file(1, '2026-01-01 10:00:00')]))
      .post('/v1/folder/ls.cgi', { folder_id: 10, files: 1 })
      .reply(200, listing(10, [file(5, '2026-01-05 10:00:00'), file(6, '2026-01-06 10:00:00')]));
    expect(await pollTrigger(params, CREDENTIALS, staticData)).toBeNull();
    nextPollInterval();
    const other = { ...params, folder: { __rl: true, mode: 'id', value: '10' } };
    expect(await pollTrigger(other, CREDENTIALS, staticData)).toBeNull();
  });

  test('a poll that meets a flood lock is skipped within its time budget, keeping the state', async () => {
    const staticData: IDataObject = {};
    nock(API)
      .post('/v1/folder/ls.cgi', { folder_id: 9, files: 1 })
      .reply(200, listing(9, [file(1, '2026-01-01 10:00:00')]))
      .post('/v1/folder/ls.cgi', { folder_id: 9, files: 1 })
      .reply(403, { status: 'KO', message: 'Flood detected: IP Locked #374' });
    expect(await pollTrigger(params, CREDENTIALS, staticData)).toBeNull();
    nextPollInterval();
    const started = Date.now();
    // The core would pause a minute after a flood answer; the poll gives up at its budget instead of
    // running into the next poll.
    expect(await pollTrigger(params, CREDENTIALS, staticData, 'trigger', 1500)).toBeNull();
    expect(Date.now() - started).toBeLessThan(30_000);
    expect((Object.values(staticData)[0] as IDataObject).seen).toEqual([url(1)]);
  });

  test('an API failure during a poll is a NodeApiError with the hint', async () => {
    nock(API).post('/v1/folder/ls.cgi').reply(403, { status: 'KO', message: 'No such user #93' });
    await expect(pollTrigger(params, CREDENTIALS, {})).rejects.toMatchObject({
      name: 'NodeApiError',
      description: expect.stringMatching(/API key/),
    });
  });
});

describe('folder search as you type', () => {
  test('an empty filter lists the root and its folders', async () => {
    nock(API)
      .post('/v1/folder/ls.cgi', { folder_id: 0 })
      .reply(200, listing(0, [], [folder(9, 'Documents'), folder(5, 'Archive')]));
    expect(await searchFoldersFromEditor('', CREDENTIALS)).toEqual({
      results: [
        { name: '/ (Root)', value: '0' },
        { name: '/Archive', value: '5' },
        { name: '/Documents', value: '9' },
      ],
    });
  });

  test('a path follows complete folders and filters the last level, case-insensitively', async () => {
    const scope = nock(API)
      .post('/v1/folder/ls.cgi', { folder_id: 0 })
      .reply(200, listing(0, [], [folder(9, 'Documents'), folder(5, 'Archive')]))
      .post('/v1/folder/ls.cgi', { folder_id: 9 })
      .reply(200, listing(9, [], [folder(91, 'Invoices'), folder(92, 'Insurance'), folder(93, 'Taxes')]));
    expect(await searchFoldersFromEditor('documents/IN', CREDENTIALS)).toEqual({
      results: [
        { name: '/Documents/Insurance', value: '92' },
        { name: '/Documents/Invoices', value: '91' },
      ],
    });
    expect(scope.pendingMocks()).toEqual([]);
  });

  // One listing per 3.3 s per IP (packages/core/src/limits.ts) leaves a 5 s search short of six folders: it
  // says so, and typing again goes on from the listings already made (the core's cache), each folder listed
  // once (the mocks answer once each).
  test('a name finds folders at any depth, breadth-first, over keystrokes, and says nothing more when every folder was searched', async () => {
    const scope = nock(API)
      .post('/v1/folder/ls.cgi', { folder_id: 0 })
      .reply(200, listing(0, [], [folder(9, 'Documents'), folder(5, 'Archive')]))
      .post('/v1/folder/ls.cgi', { folder_id: 9 })
      .reply(200, listing(9, [], [folder(91, 'Invoices'), folder(93, 'Taxes')]))
      .post('/v1/folder/ls.cgi', { folder_id: 5 })
      .reply(200, listing(5, [], [folder(51, 'Old invoices')]));
    for (const id of [91, 93, 51]) scope.post('/v1/folder/ls.cgi', { folder_id: id }).reply(200, listing(id, []));
    let answer = (await searchFoldersFromEditor('Inv', CREDENTIALS)) as { results: { name: string; value: unknown }[] };
    expect(answer.results.at(-1)).toMatchObject({ value: false, name: expect.stringMatching(/^Some folders were not searched yet/) });
    for (let keystroke = 2; keystroke <= 6 && answer.results.at(-1)?.value === false; keystroke++)
      answer = (await searchFoldersFromEditor('Inv', CREDENTIALS)) as typeof answer;
    expect(answer).toEqual({
      results: [
        { name: '/Archive/Old invoices', value: '51' },
        { name: '/Documents/Invoices', value: '91' },
      ],
    });
    expect(scope.pendingMocks()).toEqual([]);
  });

  // With four processes sharing the key, the listing pace is 4 x 3.3 s: the first keystroke's second listing
  // still waits for its turn at the hard limit and is cancelled. Cancelling it cost nothing (the core gives its
  // folder's 30 s window back), so the next keystroke lists that folder at its turn.
  test('a search answers by its hard limit, and the next keystroke lists the folder whose turn it cancelled', async () => {
    const slow = { oneFichierApi: { ...CREDENTIALS.oneFichierApi, processesSharingKey: 4 } };
    const scope = nock(API)
      .post('/v1/folder/ls.cgi', { folder_id: 0 })
      .reply(200, listing(0, [], [folder(9, 'Documents')]))
      .post('/v1/folder/ls.cgi', { folder_id: 9 })
      .reply(200, listing(9, [], [folder(91, 'Invoices')]));
    const started = Date.now();
    const first = (await searchFoldersFromEditor('Inv', slow)) as { results: { name: string; value: unknown }[] };
    expect(Date.now() - started).toBeLessThan(12_000);
    expect(first.results).toEqual([{ value: false, name: expect.stringMatching(/^Some folders were not searched yet/) }]);
    expect(scope.pendingMocks()).toHaveLength(1);
    const second = (await searchFoldersFromEditor('Inv', slow)) as typeof first;
    expect(second.results[0]).toEqual({ name: '/Documents/Invoices', value: '91' });
    expect(scope.pendingMocks()).toEqual([]);
  });

  test('a walk that stops before the end adds a row, which cannot be picked, saying how to reach deeper folders', async () => {
    // More folders than one search lists in its time: the walk stops, the matches found so far stay.
    const many = Array.from({ length: SEARCH_MAX_FOLDERS + 10 }, (_, i) => folder(100 + i, `F${i}`));
    nock(API)
      .post('/v1/folder/ls.cgi', { folder_id: 0 })
      .reply(200, listing(0, [], [folder(9, 'Documents'), ...many]))
      .post('/v1/folder/ls.cgi', (body: { folder_id: number }) => body.folder_id !== 0)
      .times(SEARCH_MAX_FOLDERS)
      .reply(200, (_uri, body) => listing((body as { folder_id: number }).folder_id, []));
    const { results } = (await searchFoldersFromEditor('F4', CREDENTIALS)) as { results: { name: string; value: unknown }[] };
    expect(results.slice(0, 3)).toEqual([
      { name: '/F4', value: '104' },
      { name: '/F40', value: '140' },
      { name: '/F41', value: '141' },
    ]);
    const last = results[results.length - 1]!;
    expect(last.value).toBe(false);
    expect(last.name).toMatch(/type a path such as Documents\/F4/);
  });

  test('an unknown folder in the path gives no result rather than an error', async () => {
    nock(API)
      .post('/v1/folder/ls.cgi', { folder_id: 0 })
      .reply(200, listing(0, [], [folder(9, 'Documents')]));
    expect(await searchFoldersFromEditor('Nope/x', CREDENTIALS)).toEqual({ results: [] });
  });
});
