/**
 * Download to binary against the sandbox when the download host sends more than the file (its
 * `downloadOverlong` fault: no Content-Length, then bytes past the end): the item fails with the core's
 * integrity error instead of storing a binary larger than the file.
 */
import { resetSharedPacers } from '@onefichier/core/internal';
import { binaryBytes, executeWorkflow, readWorkflow, type WorkflowFile } from './harness';
import { useSandbox } from './harness/sandbox';

const env = useSandbox('n8n-node-bounds-');
afterEach(() => resetSharedPacers());

/** The download workflow for a file picked by path, with the checksum check off (the bound must hold on its own). */
function downloadByPath(path: string): WorkflowFile {
  const wf = JSON.parse(JSON.stringify(readWorkflow('file-download.workflow.json'))) as WorkflowFile;
  const node = wf.nodes.find((n) => n.name === '1fichier');
  if (!node) throw new Error('no 1fichier node');
  Object.assign(node.parameters, { file: { __rl: true, mode: 'path', value: path }, options: { verifyIntegrity: false } });
  return wf;
}

test('a body longer than the listed file fails the item with an integrity error; the next download is the file', async () => {
  const data = Buffer.alloc(1024 * 1024, 7);
  await env.sandbox.uploadAsIs(env.sandbox.premiumKey, 'bounded.bin', data);
  env.sandbox.setFaults({ downloadOverlong: 1 });
  const failed = await executeWorkflow(downloadByPath('/bounded.bin'), env.credentials());
  expect(failed.run.data.resultData.error?.message).toMatch(/more than the 1048576 bytes the file has/);
  expect(env.sandbox.state().counters.downloadPages.downloadOverlong).toBe(1);

  resetSharedPacers();
  const got = await executeWorkflow(downloadByPath('/bounded.bin'), env.credentials());
  expect(got.run.data.resultData.error).toBeUndefined();
  expect((await binaryBytes(got.output('1fichier')[0]!)).equals(data)).toBe(true);
}, 60_000);
