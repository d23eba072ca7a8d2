/**
 * One listing per folder per execution (transport/listings.ts): items that resolve the same By Path folder,
 * find files By Path in one folder, or upload into a folder an earlier item created share the listings of
 * their execution, kept up to date with the node's own changes instead of listed again (each listing again
 * also waits out the folder's 30 s window). Counted with the sandbox's request counters.
 */
import { resetSharedPacers } from '@onefichier/core/internal';
import { executeWorkflow, readWorkflow, type WorkflowFile } from './harness';
import { useSandbox } from './harness/sandbox';

const env = useSandbox('n8n-node-listings-');
afterEach(() => resetSharedPacers());

const counts = () => ({ ...env.sandbox.state().counters.requests });
const path = (value: string) => ({ __rl: true, mode: 'path', value });

/** The one-node workflow of the sandbox tests with these items and parameters, its errors in its output. */
function workflow(items: unknown[], parameters: Record<string, unknown>, typeVersion: number): WorkflowFile {
  const wf = JSON.parse(JSON.stringify(readWorkflow('sandbox-flow.workflow.json'))) as WorkflowFile;
  wf.nodes.find((n) => n.name === 'Input')!.parameters.items = JSON.stringify(items);
  const node = wf.nodes.find((n) => n.name === '1fichier')!;
  node.typeVersion = typeVersion;
  node.parameters = { ...node.parameters, ...(parameters as typeof node.parameters) };
  (node as { onError?: string }).onError = 'continueRegularOutput';
  return wf;
}

/** Runs a workflow as a new execution; answers its output and the requests it made, by endpoint. */
async function run(wf: WorkflowFile) {
  resetSharedPacers();
  env.sandbox.clearLocks();
  const before = counts();
  const result = await executeWorkflow(wf, env.credentials());
  expect(result.run.data.resultData.error).toBeUndefined();
  const after = counts();
  const made = (endpoint: string) => (after[endpoint] ?? 0) - (before[endpoint] ?? 0);
  return { out: result.output('1fichier').map((o) => o.json), made };
}

const textItems = (names: string[]) =>
  names.map((fileName, i) => ({ json: { i }, binary: { data: { text: `text of ${fileName}`, fileName, mimeType: 'text/plain' } } }));

test('uploads one by one into a folder path the first item creates: the root is listed once and the new folders never', async () => {
  // Version 1.1: one request per item, each item resolving (and, for the first, creating) /made/here.
  const { out, made } = await run(workflow(textItems(['a.txt', 'b.txt', 'c.txt']), { folder: path('/made/here') }, 1.1));
  expect(out.map((j) => j.filename)).toEqual(['a.txt', 'b.txt', 'c.txt']);
  expect(made('folder/mkdir.cgi')).toBe(2);
  expect(made('folder/ls.cgi')).toBe(1);
  const here = env.sandbox.state().folders.find((f) => f.name === 'here')!;
  expect(
    env.sandbox
      .state()
      .files.filter((f) => f.folderId === here.id)
      .map((f) => f.filename)
      .sort(),
  ).toEqual(['a.txt', 'b.txt', 'c.txt']);
}, 120_000);

test('deleting files By Path one by one lists their folder once; a file the execution deleted is not found again', async () => {
  await run(workflow(textItems(['d1.txt', 'd2.txt', 'd3.txt']), { folder: path('/del') }, 1.2));
  const items = ['/del/d1.txt', '/del/d2.txt', '/del/d1.txt', '/del/d3.txt'].map((p) => ({ json: { p } }));
  const { out, made } = await run(workflow(items, { operation: 'delete', file: path('={{ $json.p }}') }, 1.1));
  expect(made('file/ls.cgi')).toBe(1);
  expect(made('folder/ls.cgi')).toBe(1);
  expect(made('file/rm.cgi')).toBe(3);
  // The third item names a file the first one deleted: the execution's listing no longer holds it.
  expect(out.map((j) => (j.error ? 'error' : j.deleted))).toEqual([true, true, 'error', true]);
  expect(String(out[2]!.error)).toMatch(/No file named "d1.txt"/);
  const del = env.sandbox.state().folders.find((f) => f.name === 'del')!;
  expect(env.sandbox.state().files.filter((f) => f.folderId === del.id)).toEqual([]);
  expect(del.id).toBeGreaterThan(0);
}, 120_000);
