/**
 * "Combine Items Into Fewer Requests" (node version 1.2) through n8n's execution engine against the sandbox:
 * the items of one execution share requests, each item keeps its own output or error (paired with its input,
 * in input order), a file already gone fails alone and nothing is removed twice, and a version-1.1 node keeps
 * one request per item.
 */
import { resetSharedPacers } from '@onefichier/core/internal';
import { executeWorkflow, readWorkflow, type WorkflowFile } from './harness';
import { useSandbox } from './harness/sandbox';

const env = useSandbox('n8n-node-grouping-');
afterEach(() => resetSharedPacers());

/** Every API, upload-node and download request the sandbox has answered so far. */
const allRequests = () => Object.values(env.sandbox.state().counters.requests).reduce((a, b) => a + b, 0);
const requests = (name: string) => env.sandbox.state().counters.requests[name] ?? 0;

function nextExecution(): void {
  resetSharedPacers();
  env.sandbox.clearLocks();
}

/** The one-node workflow of the sandbox tests, at `typeVersion`, with these items and parameters. */
function workflow(items: unknown[], parameters: Record<string, unknown>, typeVersion = 1.2, continueOnFail = true): WorkflowFile {
  const wf = JSON.parse(JSON.stringify(readWorkflow('sandbox-flow.workflow.json'))) as WorkflowFile;
  wf.nodes.find((n) => n.name === 'Input')!.parameters.items = JSON.stringify(items);
  const node = wf.nodes.find((n) => n.name === '1fichier')!;
  node.typeVersion = typeVersion;
  node.parameters = { ...node.parameters, ...(parameters as typeof node.parameters) };
  if (continueOnFail) (node as { onError?: string }).onError = 'continueRegularOutput';
  return wf;
}

const textItems = (n: number, bad?: number) =>
  Array.from({ length: n }, (_, i) => ({
    json: { i },
    binary: { data: { text: i === bad ? '' : `file number ${i}`, fileName: `f${i}.txt`, mimeType: 'text/plain' } },
  }));

const byUrl = (url: unknown) => ({ __rl: true, mode: 'url', value: url });

async function uploadAll(folder: string, n: number, bad?: number) {
  nextExecution();
  const run = await executeWorkflow(
    workflow(textItems(n, bad), { folder: { __rl: true, mode: 'path', value: folder } }),
    env.credentials(),
  );
  expect(run.run.data.resultData.error).toBeUndefined();
  return run.output('1fichier');
}

describe('version 1.2 groups the items of an execution', () => {
  test('100 uploads take a few requests in all; an empty file fails alone; outputs keep input order and pairing', async () => {
    const before = allRequests();
    const uploadsBefore = requests('node:upload.cgi');
    const out = await uploadAll('/grouped', 100, 42);
    const calls = allRequests() - before;
    expect(requests('node:upload.cgi') - uploadsBefore).toBe(1);
    // get_upload_server, the POST, end.pl, one file/info, and the folder path resolved and created.
    expect(calls / 100).toBeLessThanOrEqual(0.1);
    expect(out).toHaveLength(100);
    expect(out.map((o) => o.pairedItem)).toEqual(Array.from({ length: 100 }, (_, i) => ({ item: i })));
    expect(out[42]!.json).toMatchObject({ error: expect.stringContaining('is empty (0 bytes)') });
    expect(String(out[42]!.json.error)).toContain('f42.txt');
    for (const [i, o] of out.entries())
      if (i !== 42) expect(o.json).toMatchObject({ filename: `f${i}.txt`, size: `file number ${i}`.length });
    const folderId = env.sandbox.state().folders.find((f) => f.name === 'grouped')!.id;
    const stored = env.sandbox.state().files.filter((f) => f.folderId === folderId);
    expect(stored.map((f) => f.filename).sort()).toEqual(
      out
        .filter((_, i) => i !== 42)
        .map((o) => o.json.filename)
        .sort(),
    );
  }, 120_000);

  test('delete: one request for 100 files; a file already gone fails alone, every other is removed once', async () => {
    const uploaded = await uploadAll('/to-delete', 100);
    const urls = uploaded.map((o) => o.json.url as string);
    nextExecution();
    // Item 7 names a file gone already: the first file/rm is refused whole, and halves find it.
    const gone = urls[7]!;
    await executeWorkflow(workflow([{ json: {} }], { operation: 'delete', file: byUrl(gone) }), env.credentials());
    nextExecution();
    const rmBefore = requests('file/rm.cgi');
    const mutationsBefore = env.sandbox.state().counters.mutations['file/rm.cgi'] ?? 0;
    const run = await executeWorkflow(
      workflow(
        urls.map((url) => ({ json: { url } })),
        { operation: 'delete', file: byUrl('={{ $json.url }}') },
      ),
      env.credentials(),
    );
    expect(run.run.data.resultData.error).toBeUndefined();
    const out = run.output('1fichier');
    expect(out.map((o) => o.pairedItem)).toEqual(urls.map((_, i) => ({ item: i })));
    expect(out[7]!.json).toMatchObject({ kind: 'not_found' });
    for (const [i, o] of out.entries()) if (i !== 7) expect(o.json).toEqual({ url: urls[i], deleted: true, removed: 1 });
    const rmCalls = requests('file/rm.cgi') - rmBefore;
    expect(rmCalls).toBeGreaterThan(1);
    expect(rmCalls).toBeLessThanOrEqual(1 + 2 * 7);
    expect(env.sandbox.state().files.filter((f) => urls.includes(f.url))).toEqual([]);
    // Each successful request removed files no other request removed.
    expect((env.sandbox.state().counters.mutations['file/rm.cgi'] ?? 0) - mutationsBefore).toBeLessThanOrEqual(rmCalls);
  }, 180_000);

  test('a lost answer is reconciled per group: the files are removed once and each item reports it', async () => {
    const uploaded = await uploadAll('/lost-answer', 10);
    const urls = uploaded.map((o) => o.json.url as string);
    nextExecution();
    const mutationsBefore = env.sandbox.state().counters.mutations['file/rm.cgi'] ?? 0;
    env.sandbox.setFaults({ lostAnswers: 1, lostAnswerMode: 'drop', lostAnswerEndpoints: ['file/rm.cgi'] });
    try {
      const run = await executeWorkflow(
        workflow(
          urls.map((url) => ({ json: { url } })),
          { operation: 'delete', file: byUrl('={{ $json.url }}') },
        ),
        env.credentials(),
      );
      expect(run.run.data.resultData.error).toBeUndefined();
      expect(run.output('1fichier').map((o) => o.json)).toEqual(urls.map((url) => ({ url, deleted: true, removed: 1 })));
    } finally {
      env.sandbox.setFaults({ lostAnswers: 0 });
    }
    expect(env.sandbox.state().counters.lostAnswers['file/rm.cgi']).toBeGreaterThanOrEqual(1);
    expect((env.sandbox.state().counters.mutations['file/rm.cgi'] ?? 0) - mutationsBefore).toBe(1);
    expect(env.sandbox.state().files.filter((f) => urls.includes(f.url))).toEqual([]);
  }, 120_000);

  test('move: 100 files into one folder in one request', async () => {
    const uploaded = await uploadAll('/to-move', 100);
    nextExecution();
    const mvBefore = requests('file/mv.cgi');
    const before = allRequests();
    const run = await executeWorkflow(
      workflow(
        uploaded.map((o) => ({ json: { url: o.json.url } })),
        { operation: 'move', file: byUrl('={{ $json.url }}'), destination: { __rl: true, mode: 'id', value: '0' }, newName: '' },
      ),
      env.credentials(),
    );
    expect(run.run.data.resultData.error).toBeUndefined();
    expect(requests('file/mv.cgi') - mvBefore).toBe(1);
    expect((allRequests() - before) / 100).toBeLessThanOrEqual(0.05);
    const out = run.output('1fichier');
    expect(out.every((o, i) => o.json.fromUrl === uploaded[i]!.json.url && o.json.folderId === 0 && o.json.moved === 1)).toBe(true);
    const moved = new Set(uploaded.map((o) => o.json.url));
    expect(
      env.sandbox
        .state()
        .files.filter((f) => moved.has(f.url))
        .every((f) => f.folderId === 0),
    ).toBe(true);
  }, 120_000);

  test('without continue-on-fail the execution fails with the bad item, named by its index', async () => {
    nextExecution();
    const run = await executeWorkflow(
      workflow(textItems(5, 3), { folder: { __rl: true, mode: 'path', value: '/strict' } }, 1.2, false),
      env.credentials(),
    );
    const error = run.run.data.resultData.error as { message?: string; context?: { itemIndex?: number } };
    expect(error.context?.itemIndex).toBe(3);
    expect(error.message).toContain('f3.txt');
  }, 60_000);

  test('the option off, or a version-1.1 node: one upload request per item, as before', async () => {
    for (const [version, parameters] of [
      [1.1, {}],
      [1.2, { combineItems: false }],
    ] as const) {
      nextExecution();
      const uploadsBefore = requests('node:upload.cgi');
      const run = await executeWorkflow(
        workflow(textItems(3), { folder: { __rl: true, mode: 'path', value: `/one-by-one-${version}` }, ...parameters }, version),
        env.credentials(),
      );
      expect(run.run.data.resultData.error).toBeUndefined();
      expect(requests('node:upload.cgi') - uploadsBefore).toBe(3);
    }
  }, 120_000);
});
