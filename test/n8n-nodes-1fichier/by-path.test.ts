/**
 * The folder "By Path" hand-over: the root's ID 0 that n8n leaves in the box when the
 * mode switches from the list reads as /, a path without its leading / is read from the root, the field
 * says what to write, and the picker says when no folder matches.
 */
import nock from 'nock';
import type { INodeProperties, INodePropertyMode, NodeOperationError } from 'n8n-workflow';
import { useNock } from './harness/nock';
import { executeWorkflow, readWorkflow, searchFoldersFromEditor } from './harness';
import { folderLocator } from '../../packages/n8n-nodes-1fichier/nodes/OneFichier/helpers/locators';

const API = 'https://api.1fichier.com';
const CREDENTIALS = { oneFichierApi: { apiKey: 'bypath-test-key-5e6f7a8b9c', baseUrl: 'https://api.1fichier.com/v1' } };
const folder = (id: number, name: string) => ({ id, name, create_date: '2026-01-01 10:00:00', pass: 0 });
const listing = (folderId: number, subFolders: unknown[] = []) => ({
  status: 'OK',
  folder_id: folderId,
  name: folderId === 0 ? 'Root' : `F${folderId}`,
  sub_folders: subFolders,
});

useNock();

/** Folder > List with its folder given By Path as `value`. */
async function listByPath(value: string) {
  const wf = readWorkflow('folder-list.workflow.json');
  const node = wf.nodes.find((n) => n.name === '1fichier')!;
  node.parameters = { ...node.parameters, includeFiles: false, folder: { __rl: true, mode: 'path', value } };
  return executeWorkflow(wf, CREDENTIALS);
}

test('By Path: "0", left by switching from the list at the root, is the root folder', async () => {
  const scope = nock(API)
    .post('/v1/folder/ls.cgi', { folder_id: 0 })
    .reply(200, listing(0, [folder(9, 'Backups')]));
  const result = await listByPath('0');
  expect(result.run.data.resultData.error).toBeUndefined();
  expect(scope.pendingMocks()).toEqual([]);
});

test('By Path: a path without its leading / is read from the root', async () => {
  const scope = nock(API)
    .post('/v1/folder/ls.cgi', { folder_id: 0 })
    .reply(200, listing(0, [folder(9, 'Backups')]))
    .post('/v1/folder/ls.cgi', { folder_id: 9 })
    .reply(200, listing(9, [folder(91, 'nightly')]))
    .post('/v1/folder/ls.cgi', { folder_id: 91 })
    .reply(200, listing(91));
  const result = await listByPath('Backups/nightly');
  expect(result.run.data.resultData.error).toBeUndefined();
  expect(scope.pendingMocks()).toEqual([]);
});

test('By Path: an expression that gives an empty path fails with an instruction', async () => {
  const result = await listByPath('={{ "" }}');
  const error = result.run.data.resultData.error as NodeOperationError;
  expect(error.message).toBe('No folder path given');
  expect(error.description).toMatch(/^Start the path with \/, e\.g\. \/Backups\/nightly/);
});

test('the By Path field says what to write, as an instruction, and accepts what the node accepts', () => {
  const locator = folderLocator('folder', 'Parent Folder', 'x') as INodeProperties & { modes: INodePropertyMode[] };
  const byPath = locator.modes.find((m) => m.name === 'path')!;
  expect(byPath.hint).toMatch(/^Start the path with \/, e\.g\. \/Backups\/nightly/);
  const rule = byPath.validation![0] as unknown as { properties: { regex: string; errorMessage: string } };
  expect(rule.properties.errorMessage).toBe('Start the path with /, e.g. /Backups/nightly');
  // n8n anchors the rule (n8n-workflow's node-helpers: `^${regex}$`).
  const accepts = (v: string) => new RegExp(`^${rule.properties.regex}$`).test(v);
  expect(['/', '0', '/Backups/nightly', 'Backups/nightly'].every(accepts)).toBe(true);
  expect(accepts('')).toBe(false);
  expect(accepts('  ')).toBe(false);
});

test('the picker says when no folder matches, in a row that cannot be picked', async () => {
  nock(API)
    .post('/v1/folder/ls.cgi', { folder_id: 0 })
    .reply(200, listing(0, [folder(9, 'Documents')]))
    .post('/v1/folder/ls.cgi', { folder_id: 9 })
    .reply(200, listing(9));
  expect(await searchFoldersFromEditor('Backups', CREDENTIALS)).toEqual({
    results: [{ name: 'No folder matches "Backups": create it with Folder > Create', value: false }],
  });
});

test('the picker says so for a path whose last folder does not exist', async () => {
  nock(API)
    .post('/v1/folder/ls.cgi', { folder_id: 0 })
    .reply(200, listing(0, [folder(9, 'Documents')]))
    .post('/v1/folder/ls.cgi', { folder_id: 9 })
    .reply(200, listing(9, [folder(91, 'Invoices')]));
  expect(await searchFoldersFromEditor('Documents/Backups', CREDENTIALS)).toEqual({
    results: [{ name: 'No folder matches "/Documents/Backups": create it with Folder > Create', value: false }],
  });
});
