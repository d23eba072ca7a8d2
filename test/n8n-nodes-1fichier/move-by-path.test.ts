/**
 * Move with a new name, the file picked By Path: the node found the file in its folder's listing, so the
 * core knows where it is and asks no file/info (scarce: JDownloader warns it "will cause IP-blocks"); a
 * rename within that folder goes through file/rename.cgi.
 */
import nock from 'nock';
import { useNock } from './harness/nock';
import { executeWorkflow, readWorkflow } from './harness';

const API = 'https://api.1fichier.com';
const KEY = 'move-path-test-key-8a9b0c1d2e';
const CREDENTIALS = { oneFichierApi: { apiKey: KEY, baseUrl: 'https://api.1fichier.com/v1' } };
const U = 'https://1fichier.com/?abcde12345fghij67890';

useNock();

test('Move By Path into the same folder with a new name: file/rename.cgi, and no file/info', async () => {
  const scope = nock(API, { reqheaders: { authorization: `Bearer ${KEY}` } })
    .post('/v1/folder/ls.cgi', { folder_id: 0 })
    .reply(200, {
      status: 'OK',
      folder_id: 0,
      name: 'Root',
      sub_folders: [{ id: 9, name: 'Docs', create_date: '2026-01-01 10:00:00', pass: 0 }],
    })
    .post('/v1/file/ls.cgi', { folder_id: 9 })
    .reply(200, { status: 'OK', count: 1, items: [{ url: U, filename: 'draft.txt', size: 11, date: '2026-01-15 10:00:00', checksum: '' }] })
    .post('/v1/file/rename.cgi', { urls: [{ url: U, filename: 'final.txt' }], pretty: 0 })
    .reply(200, { status: 'OK', renamed: 1, urls: [{ url: U, old_filename: 'draft.txt', new_filename: 'final.txt' }] });
  const info = nock(API).post('/v1/file/info.cgi').reply(200, { url: U, filename: 'draft.txt', size: 11, folder_id: 9 });
  const wf = readWorkflow('file-move.workflow.json');
  const node = wf.nodes.find((n) => n.name === '1fichier')!;
  node.parameters = {
    ...node.parameters,
    file: { __rl: true, mode: 'path', value: '/Docs/draft.txt' },
    destination: { __rl: true, mode: 'path', value: '/Docs' },
    newName: 'final.txt',
  };
  const result = await executeWorkflow(wf, CREDENTIALS);
  expect(result.run.data.resultData.error).toBeUndefined();
  expect(result.output('1fichier')[0]?.json).toMatchObject({ url: U, folderId: 9, filename: 'final.txt' });
  expect(scope.pendingMocks()).toEqual([]);
  expect(info.isDone()).toBe(false);
});
