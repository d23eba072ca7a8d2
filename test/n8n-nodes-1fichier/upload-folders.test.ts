/**
 * Upload's "Create Missing Folders", new in version 1.1 and on by default there, against
 * the sandbox: a nightly backup By Path needs no Create Folder node, and a saved version-1 node keeps its
 * behaviour (a missing folder fails). Also the small things of item 10 a user sees on the canvas and in
 * Upload's output: the subtitle names the action, `action` comes first, the Docs link has no fragment.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { Workflow, type INode, type INodeTypes, type NodeOperationError } from 'n8n-workflow';
import { resetSharedPacers } from '@onefichier/core/internal';
import { OneFichier } from '../../packages/n8n-nodes-1fichier/nodes/OneFichier/OneFichier.node';
import { executeWorkflow, readWorkflow, type WorkflowFile } from './harness';
import { useSandbox } from './harness/sandbox';

const env = useSandbox('n8n-upload-folders-');

/** A fresh execution: the earlier one's listings and budgets are forgotten on both sides (no 30 s wait). */
function nextExecution(): void {
  resetSharedPacers();
  env.sandbox.clearLocks();
}

/** Upload By Path with "Skip If Identical", at a node version, with the given extra parameters. */
function backup(typeVersion: number, path: string, extra: Record<string, unknown> = {}): WorkflowFile {
  const wf = JSON.parse(JSON.stringify(readWorkflow('sandbox-flow.workflow.json'))) as WorkflowFile;
  wf.nodes.find((n) => n.name === 'Input')!.parameters.items = JSON.stringify([
    { json: {}, binary: { data: { text: 'dump', fileName: 'db-dump.sql', mimeType: 'text/plain' } } },
    { json: {}, binary: { data: { text: 'résumé', fileName: 'Résumé été.txt', mimeType: 'text/plain' } } },
  ]);
  const node = wf.nodes.find((n) => n.name === '1fichier')!;
  node.typeVersion = typeVersion;
  node.parameters = {
    ...node.parameters,
    folder: { __rl: true, mode: 'path', value: path },
    options: { ifExists: 'skipIfIdentical' },
    ...extra,
  };
  return wf;
}

const folderNamed = (name: string, parentId: number) =>
  env.sandbox.state().folders.filter((f) => f.name === name && f.parentId === parentId);

test('version 1.1: a missing By Path parent is created once, and a second run skips everything', async () => {
  nextExecution();
  const first = await executeWorkflow(backup(1.1, '/Backups/nightly'), env.credentials());
  expect(first.run.data.resultData.error).toBeUndefined();
  const out = first.output('1fichier').map((i) => i.json);
  expect(out.map((j) => j.action)).toEqual(['uploaded', 'uploaded']);
  // What happened is the first column.
  expect(Object.keys(out[0]!)[0]).toBe('action');
  const [backups] = folderNamed('Backups', 0);
  const [nightly] = folderNamed('nightly', backups!.id);
  expect(out.every((j) => j.folderId === nightly!.id)).toBe(true);

  nextExecution();
  const second = await executeWorkflow(backup(1.1, 'Backups/nightly'), env.credentials());
  expect(second.run.data.resultData.error).toBeUndefined();
  expect(second.output('1fichier').map((i) => i.json.action)).toEqual(['skipped', 'skipped']);
  expect(folderNamed('Backups', 0)).toHaveLength(1);
  expect(folderNamed('nightly', backups!.id)).toHaveLength(1);
});

test('version 1 (saved workflows) keeps failing on a missing folder, and creates nothing', async () => {
  nextExecution();
  const result = await executeWorkflow(backup(1, '/Archive/weekly'), env.credentials());
  const error = result.run.data.resultData.error as NodeOperationError;
  expect(error.message).toMatch(/Archive/);
  expect(error.description).toMatch(/Folder &gt; Create/);
  expect(folderNamed('Archive', 0)).toHaveLength(0);
});

test('version 1.1 with "Create Missing Folders" off fails like version 1', async () => {
  nextExecution();
  const result = await executeWorkflow(backup(1.1, '/Archive/monthly', { createFolders: false }), env.credentials());
  expect(result.run.data.resultData.error).toBeDefined();
  expect(folderNamed('Archive', 0)).toHaveLength(0);
});

test('the option is offered from version 1.1 only, on by default', () => {
  const description = new OneFichier().description;
  expect(description.version).toContain(1.1);
  expect(description.defaultVersion).toBeGreaterThanOrEqual(1.1);
  const option = description.properties.find((p) => p.name === 'createFolders')!;
  expect(option).toMatchObject({ type: 'boolean', default: true });
  expect(option.displayOptions?.show?.['@version']).toEqual([{ _cnd: { gte: 1.1 } }]);
});

test("the canvas subtitle names the operation's action, as n8n's expression engine reads it", () => {
  const nodeType = new OneFichier();
  const nodeTypes = { getByName: () => nodeType, getByNameAndVersion: () => nodeType, getKnownTypes: () => ({}) } as unknown as INodeTypes;
  const subtitle = (resource: string, operation: string) => {
    const node: INode = {
      id: 'n',
      name: '1fichier',
      type: 'n8n-nodes-1fichier.oneFichier',
      typeVersion: 1.1,
      position: [0, 0],
      parameters: { resource, operation },
    };
    const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
    // What n8n's canvas does with a node's subtitle (n8n-editor-ui's getNodeSubtitle).
    return workflow.expression.getSimpleParameterValue(node, nodeType.description.subtitle!, 'internal', {});
  };
  expect(subtitle('file', 'upload')).toBe('Upload a file');
  expect(subtitle('folder', 'list')).toBe('List a folder');
  expect(subtitle('file', 'list')).toBe('List files');
  expect(subtitle('account', 'getInfo')).toBe('Get account info');
});

test('the Docs links have no #fragment (n8n appends its query string after it)', () => {
  for (const file of ['OneFichier.node.json', 'OneFichierTrigger.node.json']) {
    const codex = JSON.parse(
      readFileSync(join(__dirname, '..', '..', 'packages', 'n8n-nodes-1fichier', 'nodes', 'OneFichier', file), 'utf8'),
    );
    for (const doc of codex.resources.primaryDocumentation) expect(doc.url).not.toContain('#');
  }
});
