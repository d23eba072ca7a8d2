// The engine stores the execution's error in serialized form, so errors are recognised by name.
/**
 * Error paths: continue-on-fail with pairedItem, NodeApiError / NodeOperationError carrying the core's
 * hint, and the API key absent from execution data, errors and their serialized form.
 */
import nock from 'nock';
import { useNock } from './harness/nock';
import type { IDataObject, NodeApiError, NodeOperationError } from 'n8n-workflow';
import { comparable, executeWorkflow, expected, readWorkflow } from './harness';
import { resolvePlaceholders } from './harness/expect';

const API = 'https://api.1fichier.com';
const KEY = 'err-test-key-8d2b6f0a4c';
const CREDENTIALS = { oneFichierApi: { apiKey: KEY, baseUrl: 'https://api.1fichier.com/v1' } };
const U = 'https://1fichier.com/?abcde12345fghij67890';
const U2 = 'https://1fichier.com/?zzzzz98765yyyyy43210';

useNock();

test('continue on fail: a failed item becomes an error item paired with its input, the others go on', async () => {
  const scope = nock(API)
    .post('/v1/file/rm.cgi', { files: [{ url: U }] })
    .reply(200, { status: 'OK', removed: 1, urls: [U] })
    .post('/v1/file/rm.cgi', { files: [{ url: U2 }] })
    .reply(403, { status: 'KO', message: 'File not found #601' });
  const wf = readWorkflow('error-continue-on-fail.workflow.json');
  const result = await executeWorkflow(wf, CREDENTIALS);
  expect(result.run.data.resultData.error).toBeUndefined();
  const got = result.output('1fichier').map((i) => ({ json: i.json, pairedItem: i.pairedItem }));
  expect(got).toEqual(resolvePlaceholders(expected(wf, '1fichier'), got));
  // The hints are the core's advice, not n8n's generic text.
  expect(got[1]!.json.hint).toMatch(/URL|removed/i);
  expect(got[2]!.json.hint).toMatch(/1fichier\.com\/\?/);
  expect(scope.pendingMocks()).toEqual([]);
  expect(result.serialized).not.toContain(KEY);
});

test('an API failure stops the workflow with a NodeApiError carrying the hint, the code and the HTTP status', async () => {
  // The service echoing the Authorization header back must not leak the key either.
  nock(API)
    .post('/v1/file/info.cgi')
    .reply(403, { status: 'KO', message: `No such user #93 (Authorization: Bearer ${KEY})` });
  const result = await executeWorkflow(readWorkflow('error-api.workflow.json'), CREDENTIALS);
  const error = result.run.data.resultData.error as NodeApiError;
  expect(error.name).toBe('NodeApiError');
  expect(error.message).toContain('No such user #93');
  expect(error.description).toMatch(/API key/);
  expect(error.description).toContain('#93');
  expect(error.httpCode).toBe('403');
  expect(error.context.itemIndex).toBe(0);
  expect(JSON.stringify(error)).not.toContain(KEY);
  expect(JSON.stringify((error as unknown as { errorResponse: IDataObject }).errorResponse)).not.toContain(KEY);
  expect(result.serialized).not.toContain(KEY);
  expect(comparable([])).toEqual([]);
});

test('a bare key echoed by the server is redacted too: the node hands the core its key as a secret', async () => {
  nock(API)
    .post('/v1/file/info.cgi')
    .reply(403, { status: 'KO', message: `No such user ${KEY} #93` });
  const result = await executeWorkflow(readWorkflow('error-api.workflow.json'), CREDENTIALS);
  const error = result.run.data.resultData.error as NodeApiError;
  expect(error.name).toBe('NodeApiError');
  expect(error.message).toContain('No such user [REDACTED] #93');
  expect(JSON.stringify(error)).not.toContain(KEY);
  expect(JSON.stringify((error as unknown as { errorResponse: IDataObject }).errorResponse)).not.toContain(KEY);
  expect(result.serialized).not.toContain(KEY);
});

test('a bad parameter stops the workflow with a NodeOperationError saying what to do', async () => {
  const result = await executeWorkflow(readWorkflow('error-bad-folder-id.workflow.json'), CREDENTIALS);
  const error = result.run.data.resultData.error as NodeOperationError;
  expect(error.name).toBe('NodeOperationError');
  expect(error.message).toBe('"abc" is not a folder ID');
  expect(error.description).toMatch(/whole number/);
  expect(error.context.itemIndex).toBe(0);
});

test('a credential without API key fails before any request, with a hint', async () => {
  const result = await executeWorkflow(readWorkflow('error-api.workflow.json'), { oneFichierApi: { apiKey: '  ', baseUrl: '' } });
  const error = result.run.data.resultData.error as NodeOperationError;
  expect(error.name).toBe('NodeOperationError');
  expect(error.message).toBe('The 1fichier credential has no API key');
  expect(error.description).toMatch(/console\/params\.pl/);
});

test('a malformed API base URL in the credential is reported as such', async () => {
  const result = await executeWorkflow(readWorkflow('error-api.workflow.json'), {
    oneFichierApi: { apiKey: KEY, baseUrl: 'api.1fichier.com' },
  });
  const error = result.run.data.resultData.error as NodeOperationError;
  expect(error.name).toBe('NodeOperationError');
  expect(error.message).toMatch(/API Base URL "api\.1fichier\.com" is not a valid URL/);
  expect(result.serialized).not.toContain(KEY);
});

/** A workflow file with its 1fichier node's parameters changed. */
function withParameters(name: string, parameters: Record<string, unknown>) {
  const wf = readWorkflow(name);
  const node = wf.nodes.find((n) => n.name === '1fichier')!;
  node.parameters = { ...node.parameters, ...parameters } as typeof node.parameters;
  return wf;
}

test("a file name with < and > reaches n8n's toast escaped and its output panel as it is; the hint names the node's field", async () => {
  const wf = withParameters('file-upload.workflow.json', {
    fileName: 'bad/name<>.txt',
    folder: { __rl: true, mode: 'id', value: '0' },
    // Refused, not replaced with look-alikes (the default): the name reaches the error as typed.
    options: { reservedNames: 'refuse' },
  });
  const error = (await executeWorkflow(wf, CREDENTIALS)).run.data.resultData.error as NodeOperationError;
  expect(error.name).toBe('NodeOperationError');
  // The toast reads HTML: the characters come as entities; the output panel shows the template as text.
  expect(error.message).toContain('"bad/name&lt;&gt;.txt"');
  expect(error.context.messageTemplate).toContain('"bad/name<>.txt"');
  expect(error.description).toMatch(/"File Name"/);
  expect(error.description).toMatch(/"Reserved Characters in Names"/);
  expect(error.description).not.toMatch(/reservedNames/);
});

test("a missing folder's hint says how to make it in n8n (Folder > Create), not with a function of the core", async () => {
  nock(API).post('/v1/folder/ls.cgi', { folder_id: 0 }).reply(200, { status: 'OK', folder_id: 0, name: 'Root', files: 0, sub_folders: [] });
  const wf = withParameters('file-get-link.workflow.json', { file: { __rl: true, mode: 'path', value: '/Nope/missing.txt' }, options: {} });
  const error = (await executeWorkflow(wf, CREDENTIALS)).run.data.resultData.error as NodeApiError;
  expect(error.message).toMatch(/Folder "Nope" not found/);
  // The description is HTML wherever n8n shows it: > comes as an entity.
  expect(error.description).toMatch(/Folder &gt; Create \("Create Parents"/);
  expect(error.description).not.toMatch(/ensureFolderPath/);
});

/** C0 controls (CR, LF, ESC, BEL) and DEL: none may reach n8n's messages as they are. */
const CONTROL = /[\u0000-\u001f\u007f]/;

test('a name with control characters in an error from the core is shown with them visible', async () => {
  nock(API).post('/v1/folder/ls.cgi', { folder_id: 0 }).reply(200, { status: 'OK', folder_id: 0, name: 'Root', files: 0, sub_folders: [] });
  const wf = withParameters('file-get-link.workflow.json', {
    // An expression: data from an earlier node may hold any character.
    file: { __rl: true, mode: 'path', value: '={{ "/Nope\\r\\n[ERROR] \\u001b[31mfake/missing.txt" }}' },
    options: {},
  });
  const error = (await executeWorkflow(wf, CREDENTIALS)).run.data.resultData.error as NodeApiError;
  expect(error.message).toContain('Folder "Nope[U+000D][U+000A][ERROR] [U+001B][31mfake" not found');
  expect(error.message).not.toMatch(CONTROL);
});

test("the node's own error quoting a parameter shows its control characters visibly", async () => {
  const wf = withParameters('error-bad-folder-id.workflow.json', {
    folder: { __rl: true, mode: 'id', value: '={{ "abc\\r\\n[ERROR] \\u001b]0;x\\u0007" }}' },
  });
  const error = (await executeWorkflow(wf, CREDENTIALS)).run.data.resultData.error as NodeOperationError;
  expect(error.name).toBe('NodeOperationError');
  expect(error.message).toBe('"abc[U+000D][U+000A][ERROR] [U+001B]]0;x[U+0007]" is not a folder ID');
});

test('a folder ID that does not exist: the title names it, the endpoint and code stay in the details', async () => {
  nock(API).post('/v1/folder/ls.cgi', { folder_id: 99999999 }).reply(403, { status: 'KO', message: 'Folder not found #706' });
  const wf = readWorkflow('error-bad-folder-id.workflow.json');
  const node = wf.nodes.find((n) => n.name === '1fichier')!;
  node.parameters.folder = { __rl: true, mode: 'id', value: '99999999' };
  const result = await executeWorkflow(wf, CREDENTIALS);
  const error = result.run.data.resultData.error as NodeApiError;
  expect(error.name).toBe('NodeApiError');
  expect(error.message).toBe('Folder 99999999 does not exist (it may have been deleted)');
  expect(error.message).not.toMatch(/ls\.cgi|#706/);
  expect(error.description).toContain('#706');
  expect((error as unknown as { errorResponse: IDataObject }).errorResponse).toMatchObject({
    endpoint: 'folder/ls.cgi',
    code: 706,
    details: { serviceMessage: '1fichier folder/ls.cgi: Folder not found #706' },
  });
});
