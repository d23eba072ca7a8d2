/**
 * n8n shows only "Executing node..." while the node waits for 1fichier's pace: a step that waited says why,
 * in a hint under its output.
 */
import nock from 'nock';
import { useNock } from './harness/nock';
import { executeWorkflow, readWorkflow } from './harness';

const API = 'https://api.1fichier.com';
const CREDENTIALS = { oneFichierApi: { apiKey: 'pace-test-key-3c4d5e6f7a8b', baseUrl: 'https://api.1fichier.com/v1' } };
const listing = (folderId: number) => ({ status: 'OK', folder_id: folderId, name: `F${folderId}`, sub_folders: [] });

useNock();

/** Folder > List of each folder id, one item each, in one execution. */
async function listFolders(ids: number[]) {
  const wf = readWorkflow('folder-list.workflow.json');
  wf.nodes.find((n) => n.name === 'Input')!.parameters.items = JSON.stringify(ids.map((id) => ({ json: { id } })));
  const node = wf.nodes.find((n) => n.name === '1fichier')!;
  node.parameters = { ...node.parameters, includeFiles: false, folder: { __rl: true, mode: 'id', value: '={{ String($json.id) }}' } };
  for (const id of ids) nock(API).post('/v1/folder/ls.cgi', { folder_id: id }).reply(200, listing(id));
  const result = await executeWorkflow(wf, CREDENTIALS);
  expect(result.run.data.resultData.error).toBeUndefined();
  return result.run.data.resultData.runData['1fichier']![0]!.hints ?? [];
}

test("a step that waited for 1fichier's pace says so under its output", async () => {
  // Listings share one pace per IP (a few seconds apart): three folders in a row wait for their turns.
  const hints = await listFolders([11, 12, 13]);
  expect(hints).toHaveLength(1);
  expect(hints[0]).toMatchObject({ location: 'outputPane' });
  expect(hints[0]!.message).toMatch(/^This step waited about \d+ s for 1fichier's limits, which allow one listing per folder every 30 s/);
  expect(hints[0]!.message).toMatch(/longest wait: folder\/ls\.cgi: waiting \d+ s/);
}, 60_000);

test('a step that did not wait has no such hint', async () => {
  expect(await listFolders([21])).toEqual([]);
});
