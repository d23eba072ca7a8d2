/**
 * A folder ID that does not exist: the error leads with the folder (the core's title) and the hint speaks of
 * folder IDs, not of URLs and paths.
 */
import nock from 'nock';
import type { NodeApiError } from 'n8n-workflow';
import { useNock } from './harness/nock';
import { executeWorkflow, readWorkflow } from './harness';

const API = 'https://api.1fichier.com';
const CREDENTIALS = { oneFichierApi: { apiKey: 'folder-id-test-key-9a8b7c6d', baseUrl: 'https://api.1fichier.com/v1' } };

useNock();

test.each([
  ['Folder > List', 'folder', 'list', 'folder/ls.cgi'],
  ['File > List', 'file', 'list', 'file/ls.cgi'],
])(
  '%s of an unknown folder ID: "Folder 99999999 does not exist", and a hint about folder IDs',
  async (_label, resource, operation, endpoint) => {
    nock(API).post(`/v1/${endpoint}`).reply(403, { status: 'KO', message: 'Folder not found #706' });
    const wf = readWorkflow('folder-list.workflow.json');
    const node = wf.nodes.find((n) => n.name === '1fichier')!;
    node.parameters = { resource, operation, folder: { __rl: true, mode: 'id', value: '99999999' }, returnAll: true, includeFiles: false };
    const result = await executeWorkflow(wf, CREDENTIALS);
    const error = result.run.data.resultData.error as NodeApiError;
    expect(error.message).toBe('Folder 99999999 does not exist (it may have been deleted)');
    expect(error.description).toMatch(/^Check the folder's ID, or pick the folder "From List" or "By Path" instead/);
    expect(error.description).toMatch(/"Create Missing Folders"/);
    expect(error.description).not.toMatch(/URL/);
  },
);
