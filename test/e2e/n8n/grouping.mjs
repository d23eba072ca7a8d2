// The n8n node's grouping ("Combine Items Into Fewer Requests", node version 1.2) in real n8n against the
// sandbox: one workflow reads 100 files (one item each, one of them empty: the group's bad item), uploads them
// into one folder, asks a download link for each, moves them to the root and deletes them, every node with
// "On Error: Continue". Every item's output is checked at every step (its own result, or its own error, paired
// with its input, in input order), and the sandbox's counters show the items shared their requests.
//
// `groupingChecks({ check, work })` runs inside the n8n e2e (run.mjs) with its checks; on its own,
// `node test/e2e/n8n/grouping.mjs` builds what it needs and runs the checks on the shared runner (scripts/lib/checks.mjs).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { assert, createChecks } from '../../../scripts/lib/checks.mjs';
import { freePort } from '../../../scripts/lib/wait.mjs';
import {
  buildPackages,
  chain,
  ensureN8nInstalled,
  loadSandbox,
  n8n,
  n8nEnv,
  nodeItems,
  nodePackageDir,
  parseRawOutput,
  rl,
  workflowBuilder,
} from './lib.mjs';

const ITEMS = 100;
/** The bad item: an empty file, which 1fichier refuses; it must fail alone at every step. */
const BAD = 37;
const CRED = { id: 'e2eGroupingCred1', name: '1fichier sandbox (grouping)' };

const fileName = (i) => `item-${String(i).padStart(3, '0')}.txt`;
const content = (i) => (i === BAD ? '' : `grouped item ${i}\n`.repeat(20));

/** Runs the grouping checks with `check` (scripts/lib/checks.mjs); `work` is an empty folder it may use. */
export async function groupingChecks({ check, work }) {
  const filesDir = join(work, 'files');
  mkdirSync(filesDir, { recursive: true });
  for (let i = 0; i < ITEMS; i++) writeFileSync(join(filesDir, fileName(i)), content(i));
  const { startSandbox } = loadSandbox();
  const sandbox = await startSandbox({ dataDir: join(work, 'sandbox'), reset: true });
  try {
    const env = n8nEnv({
      userFolder: join(work, 'n8n'),
      extensions: join(nodePackageDir, 'dist'),
      filesDir,
      port: await freePort(),
      brokerPort: await freePort(),
    });
    const { node, ours, start } = workflowBuilder(CRED);
    const v12 = { typeVersion: 1.2, onError: 'continueRegularOutput' };
    const wf = chain('e2eGrouping00001', '1fichier e2e: 100 items grouped', [
      start(),
      node('Read Files', 'n8n-nodes-base.readWriteFile', { operation: 'read', fileSelector: join(filesDir, '*.txt'), options: {} }),
      ours(
        'Upload',
        { resource: 'file', operation: 'upload', binaryPropertyName: 'data', folder: rl('path', '/grouped'), fileName: '', options: {} },
        v12,
      ),
      ours('Get Link', { resource: 'file', operation: 'getLink', file: rl('url', '={{ $json.url }}'), options: {} }, v12),
      ours(
        'Move',
        {
          resource: 'file',
          operation: 'move',
          file: rl('url', "={{ $('Upload').item.json.url }}"),
          destination: rl('id', '0'),
          newName: '',
          options: {},
        },
        v12,
      ),
      ours('Delete', { resource: 'file', operation: 'delete', file: rl('url', '={{ $json.url }}') }, v12),
    ]);
    writeFileSync(
      join(work, 'credentials.json'),
      JSON.stringify([{ ...CRED, type: 'oneFichierApi', data: { apiKey: sandbox.premiumKey, baseUrl: sandbox.apiBaseUrl } }]),
    );
    writeFileSync(join(work, 'workflow.json'), JSON.stringify(wf));
    const imported = await check('grouping: n8n imports the credential and the 100-item workflow', async () => {
      for (const args of [
        ['import:credentials', `--input=${join(work, 'credentials.json')}`],
        ['import:workflow', `--input=${join(work, 'workflow.json')}`],
      ]) {
        const r = await n8n(args, env);
        assert(r.code === 0, `${args[0]}: exit ${r.code}: ${(r.stderr || r.stdout).slice(-400)}`);
      }
    });
    if (!imported) return;

    let run;
    const before = { ...sandbox.state().counters.requests };
    const ran = await check('grouping: n8n execute runs read 100 files → upload → get link → move → delete', async () => {
      const r = await n8n(['execute', `--id=${wf.id}`, '--rawOutput'], env, { timeoutMs: 900_000 });
      assert(!(r.stdout + r.stderr).includes(sandbox.premiumKey), "the API key appears in n8n's output");
      assert(r.code === 0, `exit ${r.code}: ${(r.stderr || r.stdout).slice(-800)}`);
      run = parseRawOutput(r.stdout);
      assert(!run.data.resultData.error, `execution error: ${JSON.stringify(run.data.resultData.error)?.slice(0, 400)}`);
    });
    if (!ran) return;
    const after = sandbox.state().counters.requests;
    const calls = (name) => (after[name] ?? 0) - (before[name] ?? 0);

    /** Every item of a node: paired with its input in order; the bad item an error, the others `good(json, i)`. */
    const everyItem = (name, good, badError) =>
      check(`grouping: ${name} outputs 100 items in input order; item ${BAD} fails alone, the 99 others succeed`, () => {
        const items = nodeItems(run, name);
        assert(items.length === ITEMS, `${items.length} items`);
        items.forEach((item, i) => {
          const paired = Array.isArray(item.pairedItem) ? item.pairedItem[0] : item.pairedItem;
          assert(paired?.item === i, `item ${i} is paired with ${JSON.stringify(item.pairedItem)}`);
          if (i === BAD) assert(badError.test(String(item.json.error ?? '')), `item ${BAD}: ${JSON.stringify(item.json).slice(0, 300)}`);
          else {
            assert(!item.json.error, `item ${i} failed: ${item.json.error}`);
            good(item.json, i);
          }
        });
      });

    await everyItem(
      'Upload',
      (json, i) =>
        assert(
          json.filename === fileName(i) && json.size === content(i).length && /^https:\/\/1fichier\.com\/\?/.test(json.url),
          `item ${i}: ${JSON.stringify(json)}`,
        ),
      /empty \(0 bytes\)/,
    );
    await everyItem(
      'Get Link',
      (json, i) => assert(typeof json.url === 'string' && json.url.startsWith('http'), `item ${i}: ${JSON.stringify(json)}`),
      /./,
    );
    const uploaded = nodeItems(run, 'Upload').map((item) => item.json.url);
    await everyItem(
      'Move',
      (json, i) => assert(json.fromUrl === uploaded[i] && json.folderId === 0 && json.moved === 1, `item ${i}: ${JSON.stringify(json)}`),
      /./,
    );
    await everyItem(
      'Delete',
      (json, i) => assert(json.url === uploaded[i] && json.deleted === true, `item ${i}: ${JSON.stringify(json)}`),
      /./,
    );

    await check('grouping: the 99 uploads shared one upload request; the moves one file/mv, the deletes one file/rm', () => {
      assert(calls('node:upload.cgi') === 1, `${calls('node:upload.cgi')} upload requests`);
      assert(calls('file/mv.cgi') === 1, `${calls('file/mv.cgi')} file/mv.cgi`);
      assert(calls('file/rm.cgi') === 1, `${calls('file/rm.cgi')} file/rm.cgi`);
      return `requests: ${Object.entries(after)
        .map(([k, n]) => [k, n - (before[k] ?? 0)])
        .filter(([, n]) => n > 0)
        .map(([k, n]) => `${k} ${n}`)
        .join(', ')}`;
    });
    await check('grouping: every uploaded file was moved, then removed once; nothing is left', () => {
      const left = sandbox.state().files.filter((f) => uploaded.includes(f.url));
      assert(left.length === 0, `${left.length} files left`);
      assert(sandbox.state().files.length === 0, `${sandbox.state().files.length} files in the account`);
    });
  } finally {
    await sandbox.stop();
  }
}

async function main() {
  const { check, group, finish } = createChecks({ stage: 'e2e-n8n-grouping' });
  const work = mkdtempSync(join(tmpdir(), 'e2e-n8n-grouping-'));
  try {
    const ready = await group('set-up', async () => {
      const installed = await check('n8n is installed (scripts/install-n8n.mjs, once)', () => ensureN8nInstalled('e2e-n8n-grouping'));
      return installed && (await check('build the node bundle and the sandbox', () => buildPackages()));
    });
    if (ready) await group('100 items grouped into few requests', () => groupingChecks({ check, work }));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  finish();
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href)
  await main().catch((err) => {
    process.stderr.write(`${err?.stack ?? err}\n`);
    process.exit(1);
  });
