/**
 * A network failure in a workflow is a sentence: the address that could not be reached and
 * why, and the credential's field to check; the transport's code stays in the error's details.
 */
import nock from 'nock';
import type { IDataObject, NodeApiError } from 'n8n-workflow';
import { useNock } from './harness/nock';
import { executeWorkflow, readWorkflow } from './harness';

const CREDENTIALS = { oneFichierApi: { apiKey: 'network-test-key-1f2e3d4c5b', baseUrl: 'http://127.0.0.1:4999/v1' } };

useNock();

test('connection refused: "Cannot reach <API Base URL> (connection refused)", and check "API Base URL"', async () => {
  nock('http://127.0.0.1:4999')
    .post('/v1/folder/ls.cgi')
    .times(10)
    .replyWithError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:4999'), { code: 'ECONNREFUSED' }));
  const wf = readWorkflow('folder-list.workflow.json');
  const result = await executeWorkflow(wf, CREDENTIALS);
  const error = result.run.data.resultData.error as NodeApiError;
  expect(error.message).toBe('Cannot reach http://127.0.0.1:4999/v1 (connection refused)');
  expect(error.description).toMatch(/^Check "API Base URL" in the 1fichier credential/);
  expect((error as unknown as { errorResponse: IDataObject }).errorResponse).toMatchObject({
    kind: 'network',
    details: { transportCode: 'ECONNREFUSED' },
  });
}, 60_000);
