/**
 * Download to binary against the sandbox when the download host sends more than the file (its
 * `downloadOverlong` fault: no Content-Length, then bytes past the end): the item fails with the core's
 * integrity error instead of storing a binary larger than the file.
 */
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { resetSharedLimiters } from '@onefichier/core';
import { startSandbox, type Sandbox } from '@onefichier/sandbox';
import { binaryBytes, executeWorkflow, readWorkflow, type WorkflowFile } from './harness';

let sandbox: Sandbox;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'n8n-node-bounds-'));
  sandbox = await startSandbox({ dataDir, reset: true });
});
afterAll(async () => {
  await sandbox?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});
afterEach(() => resetSharedLimiters());

function credentials() {
  return { oneFichierApi: { apiKey: sandbox.premiumKey, baseUrl: sandbox.apiBaseUrl } };
}

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
  await sandbox.uploadAsIs(sandbox.premiumKey, 'bounded.bin', data);
  sandbox.setFaults({ downloadOverlong: 1 });
  const failed = await executeWorkflow(downloadByPath('/bounded.bin'), credentials());
  expect(failed.run.data.resultData.error?.message).toMatch(/more than the 1048576 bytes the file has/);
  expect(sandbox.state().counters.downloadPages.downloadOverlong).toBe(1);

  resetSharedLimiters();
  const got = await executeWorkflow(downloadByPath('/bounded.bin'), credentials());
  expect(got.run.data.resultData.error).toBeUndefined();
  expect((await binaryBytes(got.output('1fichier')[0]!)).equals(data)).toBe(true);
}, 60_000);
