#!/usr/bin/env node
// End-to-end test of n8n-nodes-1fichier in a real n8n (the pinned 2.41.1 from scripts/install-n8n.mjs,
// cached outside the repository) against the local sandbox. It loads the bundled dist/ as custom nodes,
// imports a credential pointed at the sandbox and workflows, runs them with `n8n execute --id`, then runs
// the trigger in `n8n start` with the workflow published, and checks the sandbox's state afterwards.
// Checks in named groups (scripts/lib/checks.mjs); exits 1 on any failure. Traffic: 127.0.0.1 only.
//
//   node test/e2e/n8n/run.mjs [--keep]     (--keep: leave the temporary folder for inspection)
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  buildPackages,
  chain,
  coreClient,
  ensureN8nInstalled,
  loadSandbox,
  n8n,
  n8nEnv,
  nodeItems,
  nodePackageDir,
  parseRawOutput,
  repoRoot,
  rl,
  startN8n,
  stopProcess,
  workflowBuilder,
} from './lib.mjs';
import { freePort, sleep, until } from '../../../scripts/lib/wait.mjs';
import { nodePanelEntries } from './ui.mjs';
import { groupingChecks } from './grouping.mjs';
import { assert, createChecks } from '../../../scripts/lib/checks.mjs';

const keep = process.argv.includes('--keep');
/** Names a French user gives files, and the characters 1fichier reserves (\\ < > " ' $ and edge spaces). */
const EVERYDAY_NAMES = [
  "facture d'août 2026.pdf",
  "l'équipe — photo.jpg",
  'devis "final" <v2>.txt',
  'C:\\chemin $HOME.txt',
  ' espaces autour.txt ',
];
/** How 1fichier stores them: rclone's look-alikes (＇ ＂ ＜ ＞ ＼ ＄, ␠ for an edge space). */
const STORED_NAMES = [
  'facture d＇août 2026.pdf',
  'l＇équipe — photo.jpg',
  'devis ＂final＂ ＜v2＞.txt',
  'C:＼chemin ＄HOME.txt',
  '␠espaces autour.txt␠',
];
const BIG_FILE_BYTES = 6 * 1024 * 1024 + 12345;
/** A folder id no account of the sandbox has. */
const MISSING_FOLDER_ID = '99999999';

const { check, group, finish } = createChecks({ stage: 'e2e-n8n' });

const CRED = { id: 'e2eOneFichier01', name: '1fichier sandbox' };
const OWNER = { email: 'e2e@example.com', password: 'E2e-password-1' };
const { node, ours, start } = workflowBuilder(CRED);

/**
 * n8n installed, the node and the sandbox built, the local files written, the credential and the workflows
 * imported. Everything the later groups use goes into `t`.
 */
async function setUp(t) {
  if (!(await check('n8n is installed (scripts/install-n8n.mjs, once)', () => ensureN8nInstalled('e2e-n8n')))) finish(1);
  await check('build the node bundle and the sandbox', () => buildPackages());

  const { work } = t;
  const filesDir = join(work, 'files');
  mkdirSync(filesDir);
  const bigFile = join(filesDir, 'e2e-big.bin');
  const bigBytes = randomBytes(BIG_FILE_BYTES);
  writeFileSync(bigFile, bigBytes);
  // Everyday names: apostrophes and accents, and every character 1fichier reserves, edge spaces too.
  const namesDir = join(filesDir, 'names');
  mkdirSync(namesDir);
  const namedFiles = new Map(EVERYDAY_NAMES.map((name, i) => [name, randomBytes(1000 + i * 777)]));
  for (const [name, bytes] of namedFiles) writeFileSync(join(namesDir, name), bytes);

  const { startSandbox } = loadSandbox();
  const sandbox = (t.sandbox = await startSandbox({ dataDir: join(work, 'sandbox'), reset: true }));
  const key = sandbox.premiumKey;
  const env = n8nEnv({
    userFolder: join(work, 'n8n'),
    extensions: join(nodePackageDir, 'dist'),
    filesDir,
    port: await freePort(),
    brokerPort: await freePort(),
  });
  const noKey = (text, where) => assert(!String(text).includes(key), `the API key appears in ${where}`);
  const { core, client } = coreClient(key, sandbox.apiBaseUrl);
  const expectedWhirlpool = await core.whirlpoolHex(bigBytes);

  writeFileSync(
    join(work, 'credentials.json'),
    JSON.stringify([{ ...CRED, type: 'oneFichierApi', data: { apiKey: key, baseUrl: sandbox.apiBaseUrl } }]),
  );
  const mainWf = chain('e2eMainFlow0001', '1fichier e2e: files and folders', [
    start(),
    ours('Create Root', { resource: 'folder', operation: 'create', parent: rl('id', '0'), name: 'E2E', createParents: false }),
    ours('Create Inbox', {
      resource: 'folder',
      operation: 'create',
      parent: rl('id', "={{ $('Create Root').item.json.folderId }}"),
      name: 'Inbox',
    }),
    ours('Create Archive', {
      resource: 'folder',
      operation: 'create',
      parent: rl('id', "={{ $('Create Root').item.json.folderId }}"),
      name: 'Archive',
    }),
    node('Read File', 'n8n-nodes-base.readWriteFile', { operation: 'read', fileSelector: bigFile, options: {} }),
    ours('Upload', {
      resource: 'file',
      operation: 'upload',
      binaryPropertyName: 'data',
      folder: rl('id', "={{ $('Create Inbox').item.json.folderId }}"),
      fileName: '',
      options: { description: 'uploaded by the n8n e2e test' },
    }),
    ours('Get Link', { resource: 'file', operation: 'getLink', file: rl('url', '={{ $json.url }}'), options: {} }),
    ours('List Inbox', {
      resource: 'file',
      operation: 'list',
      wholeAccount: false,
      folder: rl('path', '/E2E/Inbox'),
      returnAll: true,
      filters: {},
    }),
    ours('Move', {
      resource: 'file',
      operation: 'move',
      file: rl('url', "={{ $('Upload').item.json.url }}"),
      destination: rl('id', "={{ $('Create Archive').item.json.folderId }}"),
      newName: '',
    }),
    ours('Download', {
      resource: 'file',
      operation: 'download',
      file: rl('url', '={{ $json.url }}'),
      binaryPropertyName: 'data',
      options: {},
    }),
  ]);
  const namesWf = chain('e2eNamesFlow001', '1fichier e2e: everyday names', [
    start(),
    ours('Create Names', { resource: 'folder', operation: 'create', parent: rl('id', '0'), name: 'Noms', createParents: false }),
    node('Read Files', 'n8n-nodes-base.readWriteFile', { operation: 'read', fileSelector: join(namesDir, '*'), options: {} }),
    ours('Upload', {
      resource: 'file',
      operation: 'upload',
      binaryPropertyName: 'data',
      folder: rl('id', "={{ $('Create Names').first().json.folderId }}"),
      fileName: '',
      options: {},
    }),
    ours('Get Link', { resource: 'file', operation: 'getLink', file: rl('url', '={{ $json.url }}'), options: {} }),
    ours('Download', {
      resource: 'file',
      operation: 'download',
      file: rl('url', "={{ $('Upload').item.json.url }}"),
      binaryPropertyName: 'data',
      options: {},
    }),
  ]);
  const errorsWf = chain('e2eErrorFlow001', '1fichier e2e: continue on fail', [
    start(),
    ours(
      'Missing File',
      { resource: 'file', operation: 'getInfo', file: rl('url', 'https://1fichier.com/?doesnotexist00000000'), options: {} },
      { onError: 'continueRegularOutput' },
    ),
    ours(
      'Bad Folder',
      { resource: 'folder', operation: 'list', folder: rl('id', "={{ 'abc' }}"), includeFiles: false, returnAll: true },
      { onError: 'continueRegularOutput' },
    ),
  ]);
  // An Upload into a folder id that does not exist: 1fichier would store it in the root and say nothing.
  const missingFolderFile = join(filesDir, 'for-a-missing-folder.txt');
  writeFileSync(missingFolderFile, 'where does this go?\n');
  const missingFolderWf = chain('e2eMissingFold1', '1fichier e2e: upload to a missing folder', [
    start(),
    node('Read Small', 'n8n-nodes-base.readWriteFile', { operation: 'read', fileSelector: missingFolderFile, options: {} }),
    ours(
      'Upload',
      { resource: 'file', operation: 'upload', binaryPropertyName: 'data', folder: rl('id', MISSING_FOLDER_ID), fileName: '', options: {} },
      { onError: 'continueRegularOutput' },
    ),
  ]);
  const failingWf = chain('e2eFailFlow0001', '1fichier e2e: failure', [
    start(),
    ours('Missing File', {
      resource: 'file',
      operation: 'getInfo',
      file: rl('url', 'https://1fichier.com/?doesnotexist00000000'),
      options: {},
    }),
  ]);
  // n8n usually runs on a rented server: get_token's data-centre refusal ("must have CDN") is its likeliest
  // first error, and the item must say which option answers it.
  const [cdnFile] = await client.upload([core.bytesSource('film.mkv', new TextEncoder().encode('frames'))]);
  const cdnWf = chain('e2eCdnFlow00001', '1fichier e2e: data-centre refusal', [
    start(),
    ours(
      'Download',
      { resource: 'file', operation: 'download', file: rl('url', cdnFile.url), binaryPropertyName: 'data', options: {} },
      { onError: 'continueRegularOutput' },
    ),
  ]);
  const triggerWf = chain('e2eTrigFlow0001', '1fichier e2e: trigger deletes new files', [
    node(
      'New File',
      'CUSTOM.oneFichierTrigger',
      { event: 'fileAdded', folder: rl('path', '/E2E/Inbox'), includeSubfolders: false, pollTimes: { item: [{ mode: 'everyMinute' }] } },
      { credentials: { oneFichierApi: CRED } },
    ),
    ours('Delete', { resource: 'file', operation: 'delete', file: rl('url', '={{ $json.url }}') }),
  ]);
  // A nightly backup: the same local files uploaded on every run. Two branches from one Read Files:
  // "Skip If Identical" into /Backups (a second run must upload nothing), "Replace" into /Mirror (which holds
  // an older a.txt before the first run; every run must leave exactly one copy of each file).
  const backupDir = join(filesDir, 'backup');
  mkdirSync(backupDir);
  const backupFiles = { 'a.txt': 'alpha, tonight', 'b.txt': 'bravo', 'c.txt': 'charlie' };
  for (const [name, text] of Object.entries(backupFiles)) writeFileSync(join(backupDir, name), text);
  const backupsId = (await client.createFolder('Backups', 0)).folderId;
  const mirrorId = (await client.createFolder('Mirror', 0)).folderId;
  await client.upload([core.bytesSource('a.txt', new TextEncoder().encode('alpha, last week'))], { folderId: mirrorId });
  const readBackup = node('Read Backup', 'n8n-nodes-base.readWriteFile', {
    operation: 'read',
    fileSelector: `${backupDir}/*.txt`,
    options: {},
  });
  const uploadNode = (name, folderId, ifExists) =>
    ours(name, {
      resource: 'file',
      operation: 'upload',
      binaryPropertyName: 'data',
      folder: rl('id', String(folderId)),
      fileName: '',
      options: { ifExists },
    });
  const backupStart = start();
  const skipNode = uploadNode('Backup', backupsId, 'skipIfIdentical');
  const replaceNode = uploadNode('Mirror', mirrorId, 'replace');
  const backupWf = {
    ...chain('e2eBackupFlow01', '1fichier e2e: nightly backup', [backupStart, readBackup, skipNode]),
    nodes: [backupStart, readBackup, skipNode, replaceNode],
  };
  backupWf.connections[readBackup.name] = {
    main: [
      [
        { node: skipNode.name, type: 'main', index: 0 },
        { node: replaceNode.name, type: 'main', index: 0 },
      ],
    ],
  };
  for (const wf of [mainWf, namesWf, errorsWf, missingFolderWf, failingWf, cdnWf, triggerWf, backupWf])
    writeFileSync(join(work, `${wf.id}.json`), JSON.stringify(wf));
  Object.assign(t, { filesDir, bigBytes, namedFiles, key, env, noKey, core, client, expectedWhirlpool, backupsId, mirrorId });
  Object.assign(t, { mainWf, namesWf, errorsWf, missingFolderWf, failingWf, cdnWf, triggerWf, backupWf });
  // The sandbox, like 1fichier, allows one listing per folder per 30 s per account (all processes).
  t.lastListingAt = Date.now();
  await check('n8n imports the credential pointed at the sandbox', async () => {
    const r = await n8n(['import:credentials', `--input=${join(work, 'credentials.json')}`], env);
    assert(r.code === 0, `exit ${r.code}: ${(r.stderr || r.stdout).slice(-400)}`);
  });
  return check('n8n imports the workflows', async () => {
    for (const wf of [mainWf, namesWf, errorsWf, missingFolderWf, failingWf, cdnWf, triggerWf, backupWf]) {
      const r = await n8n(['import:workflow', `--input=${join(work, `${wf.id}.json`)}`], env);
      assert(r.code === 0, `${wf.id}: exit ${r.code}: ${(r.stderr || r.stdout).slice(-400)}`);
    }
  });
}

/** One workflow through create folders → upload → link → list → move → download, and what the sandbox holds after it. */
async function mainWorkflowChecks(t) {
  const { bigBytes, sandbox, env, noKey, expectedWhirlpool, mainWf } = t;
  let run;
  t.mainOk = await check(
    `n8n execute runs create folders → upload ${(BIG_FILE_BYTES / 1048576).toFixed(1)} MiB → link → list → move → download`,
    async () => {
      const r = await n8n(['execute', `--id=${mainWf.id}`, '--rawOutput'], env, { timeoutMs: 300_000 });
      noKey(r.stdout + r.stderr, "n8n's output");
      assert(r.code === 0, `exit ${r.code}: ${(r.stderr || r.stdout).slice(-800)}`);
      t.lastListingAt = Date.now();
      run = t.run = parseRawOutput(r.stdout);
      assert(!run.data.resultData.error, `execution error: ${JSON.stringify(run.data.resultData.error)?.slice(0, 400)}`);
    },
  );
  if (t.mainOk) {
    const uploaded = nodeItems(run, 'Upload')[0]?.json;
    await check('the upload streamed the whole binary and its Whirlpool matches', () => {
      assert(uploaded?.size === BIG_FILE_BYTES, `size ${uploaded?.size}`);
      assert(uploaded.filename === 'e2e-big.bin', `filename ${uploaded.filename}`);
      assert(uploaded.whirlpool === expectedWhirlpool, 'whirlpool differs from the local file');
      assert(nodeItems(run, 'Upload')[0].pairedItem?.item === 0, 'no pairedItem');
    });
    await check('the download link serves the same bytes', async () => {
      const link = nodeItems(run, 'Get Link')[0]?.json;
      assert(link?.downloadUrl?.startsWith(sandbox.downloadBaseUrl), `link ${link?.downloadUrl}`);
      const res = await fetch(link.downloadUrl);
      const body = Buffer.from(await res.arrayBuffer());
      assert(res.ok && body.equals(bigBytes), `HTTP ${res.status}, ${body.length} bytes`);
    });
    await check('the folder given by path lists the uploaded file', () => {
      const listed = nodeItems(run, 'List Inbox').map((i) => i.json);
      assert(
        listed.length === 1 && listed[0].url === uploaded.url && listed[0].size === BIG_FILE_BYTES,
        JSON.stringify(listed).slice(0, 300),
      );
    });
    await check('the download node produced the binary in filesystem mode', () => {
      const binary = nodeItems(run, 'Download')[0]?.binary?.data;
      assert(binary?.bytes === BIG_FILE_BYTES || binary?.fileSize, `binary: ${JSON.stringify(binary)}`);
      assert(String(binary.id ?? '').startsWith('filesystem'), `binary id ${binary.id}`);
      assert(binary.fileName === 'e2e-big.bin', `file name ${binary.fileName}`);
    });
    await check('the sandbox holds the file in Archive, with its description, and nothing in Inbox', () => {
      const state = sandbox.state();
      const folders = Object.fromEntries(state.folders.map((f) => [f.name, f]));
      assert(
        folders.E2E && folders.Inbox?.parentId === folders.E2E.id && folders.Archive?.parentId === folders.E2E.id,
        `folders: ${JSON.stringify(state.folders)}`,
      );
      const files = state.files.filter((f) => f.filename === 'e2e-big.bin');
      assert(files.length === 1, `${files.length} copies`);
      assert(files[0].folderId === folders.Archive.id, `file in folder ${files[0].folderId}`);
      assert(files[0].size === BIG_FILE_BYTES && files[0].whirlpool === expectedWhirlpool, 'stored bytes differ');
      assert(files[0].description === 'uploaded by the n8n e2e test', `description ${files[0].description}`);
    });
    await check('the execution data never contains the API key', () => noKey(JSON.stringify(run), 'the execution data'));
  }
}

/** A nightly backup run twice: "Skip If Identical" uploads nothing the second time, "Replace" keeps one copy each. */
async function nightlyBackupChecks(t) {
  const { sandbox, env, noKey, backupWf, backupsId, mirrorId } = t;
  const folderFiles = (id) => sandbox.state().files.filter((f) => f.folderId === id);
  const uploadsSoFar = () => sandbox.state().counters.requests['upload/get_upload_server.cgi'] ?? 0;
  let backupRunAt = 0;
  let firstBackup = [];
  const backupOk = await check(
    'nightly backup, first run: "Skip If Identical" uploads the 3 files, "Replace" leaves one copy each',
    async () => {
      const r = await n8n(['execute', `--id=${backupWf.id}`, '--rawOutput'], env, { timeoutMs: 180_000 });
      backupRunAt = Date.now();
      noKey(r.stdout + r.stderr, "n8n's output");
      assert(r.code === 0, `exit ${r.code}: ${(r.stderr || r.stdout).slice(-800)}`);
      const out = parseRawOutput(r.stdout);
      const backup = nodeItems(out, 'Backup')
        .map((i) => `${i.json.filename}:${i.json.action}`)
        .sort();
      assert(JSON.stringify(backup) === JSON.stringify(['a.txt:uploaded', 'b.txt:uploaded', 'c.txt:uploaded']), `Backup: ${backup}`);
      const mirror = nodeItems(out, 'Mirror')
        .map((i) => `${i.json.filename}:${i.json.action}`)
        .sort();
      assert(JSON.stringify(mirror) === JSON.stringify(['a.txt:replaced', 'b.txt:uploaded', 'c.txt:uploaded']), `Mirror: ${mirror}`);
      firstBackup = folderFiles(backupsId)
        .map((f) => f.url)
        .sort();
      assert(firstBackup.length === 3, `${firstBackup.length} files in /Backups`);
      const mirrored = folderFiles(mirrorId)
        .map((f) => `${f.filename} ${f.size}`)
        .sort();
      assert(JSON.stringify(mirrored) === JSON.stringify(['a.txt 14', 'b.txt 5', 'c.txt 7']), `/Mirror holds ${mirrored}`);
    },
  );
  if (backupOk) {
    await check(
      'nightly backup, second run: "Skip If Identical" uploads nothing; "Replace" still leaves exactly one copy each',
      async () => {
        // Both folders were listed by the first run; 1fichier allows one listing per folder per 30 s.
        await sleep(Math.max(0, 31_000 - (Date.now() - backupRunAt)));
        const mirrorBefore = folderFiles(mirrorId).map((f) => f.url);
        const uploads = uploadsSoFar();
        const r = await n8n(['execute', `--id=${backupWf.id}`, '--rawOutput'], env, { timeoutMs: 180_000 });
        noKey(r.stdout + r.stderr, "n8n's output");
        assert(r.code === 0, `exit ${r.code}: ${(r.stderr || r.stdout).slice(-800)}`);
        const out = parseRawOutput(r.stdout);
        const backup = nodeItems(out, 'Backup').map((i) => i.json.action);
        assert(backup.length === 3 && backup.every((a) => a === 'skipped'), `Backup: ${backup}`);
        assert(
          JSON.stringify(
            folderFiles(backupsId)
              .map((f) => f.url)
              .sort(),
          ) === JSON.stringify(firstBackup),
          '/Backups changed',
        );
        // The three uploads of this run are the Mirror's replacements; the backup stored nothing.
        assert(uploadsSoFar() - uploads === 3, `${uploadsSoFar() - uploads} uploads in the second run`);
        const mirrored = folderFiles(mirrorId);
        assert(mirrored.length === 3 && new Set(mirrored.map((f) => f.filename)).size === 3, `/Mirror: ${mirrored.map((f) => f.filename)}`);
        assert(
          mirrored.every((f) => !mirrorBefore.includes(f.url)),
          'an old copy is still in /Mirror',
        );
        const removed = nodeItems(out, 'Mirror').flatMap((i) => i.json.removedUrls ?? []);
        assert(JSON.stringify(removed.sort()) === JSON.stringify([...mirrorBefore].sort()), `removedUrls ${removed}`);
      },
    );
  }
}

/** Files named as people name them (apostrophes, accents, the characters 1fichier reserves, edge spaces). */
async function everydayNamesChecks(t) {
  const { namedFiles, sandbox, env, noKey, core, namesWf } = t;
  let names;
  const namesOk = await check(
    'n8n execute uploads, links and downloads files with everyday names (\' " \\ < > $, edge spaces)',
    async () => {
      const r = await n8n(['execute', `--id=${namesWf.id}`, '--rawOutput'], env, { timeoutMs: 300_000 });
      noKey(r.stdout + r.stderr, "n8n's output");
      assert(r.code === 0, `exit ${r.code}: ${(r.stderr || r.stdout).slice(-800)}`);
      names = parseRawOutput(r.stdout);
      assert(!names.data.resultData.error, `execution error: ${JSON.stringify(names.data.resultData.error)?.slice(0, 400)}`);
    },
  );
  if (namesOk) {
    const uploads = nodeItems(names, 'Upload').map((i) => i.json);
    await check('the upload output names each file as it is named on disk', () => {
      const got = uploads.map((u) => u.filename).sort();
      assert(JSON.stringify(got) === JSON.stringify([...EVERYDAY_NAMES].sort()), `names: ${JSON.stringify(got)}`);
    });
    await check("the sandbox stores them once each, with rclone's look-alikes and the right bytes", async () => {
      const folder = sandbox.state().folders.find((f) => f.name === 'Noms');
      const stored = sandbox.state().files.filter((f) => f.folderId === folder?.id);
      assert(
        JSON.stringify(stored.map((f) => f.filename).sort()) === JSON.stringify([...STORED_NAMES].sort()),
        `stored: ${JSON.stringify(stored.map((f) => f.filename))}`,
      );
      for (const [i, name] of EVERYDAY_NAMES.entries()) {
        const file = stored.find((f) => f.filename === STORED_NAMES[i]);
        assert(file?.whirlpool === (await core.whirlpoolHex(namedFiles.get(name))), `${name}: stored bytes differ`);
      }
    });
    await check('each link serves the bytes of its file', async () => {
      for (const [i, item] of nodeItems(names, 'Get Link').entries()) {
        const name = uploads[i].filename;
        const res = await fetch(item.json.downloadUrl);
        const body = Buffer.from(await res.arrayBuffer());
        assert(res.ok && body.equals(namedFiles.get(name)), `${name}: HTTP ${res.status}, ${body.length} bytes`);
      }
    });
    await check('each download comes back under its own name, with its size', () => {
      for (const [i, item] of nodeItems(names, 'Download').entries()) {
        const name = uploads[i].filename;
        assert(item.json.filename === name && item.binary?.data?.fileName === name, `${name}: ${JSON.stringify(item.json)}`);
        assert(item.json.size === namedFiles.get(name).length, `${name}: size ${item.json.size}`);
      }
    });
  }
}

/** Errors: continue on fail, a failing execution, and the data-centre refusal with its hint. */
async function errorChecks(t) {
  const { sandbox, env, noKey, errorsWf, missingFolderWf, failingWf, cdnWf } = t;
  await check(
    `an Upload into folder ${MISSING_FOLDER_ID}, which does not exist, fails its item saying so, and leaves no stray file`,
    async () => {
      const r = await n8n(['execute', `--id=${missingFolderWf.id}`, '--rawOutput'], env);
      noKey(r.stdout + r.stderr, "n8n's output");
      assert(r.code === 0, `exit ${r.code}: ${(r.stderr || r.stdout).slice(-600)}`);
      const item = nodeItems(parseRawOutput(r.stdout), 'Upload')[0]?.json;
      assert(new RegExp(`Folder ${MISSING_FOLDER_ID} does not exist`).test(item?.error ?? ''), `Upload: ${JSON.stringify(item)}`);
      const stray = sandbox.state().files.filter((f) => f.filename === 'for-a-missing-folder.txt');
      assert(stray.length === 0, `${stray.length} copies stored (in folder ${stray[0]?.folderId})`);
      return item.error;
    },
  );
  await check('continue on fail: API and parameter errors become items with a hint, paired with their input', async () => {
    const r = await n8n(['execute', `--id=${errorsWf.id}`, '--rawOutput'], env);
    noKey(r.stdout + r.stderr, "n8n's output");
    assert(r.code === 0, `exit ${r.code}: ${(r.stderr || r.stdout).slice(-600)}`);
    const out = parseRawOutput(r.stdout);
    const missing = nodeItems(out, 'Missing File')[0];
    assert(
      missing?.json?.error && missing.json.hint && missing.json.kind === 'not_found',
      `Missing File: ${JSON.stringify(missing?.json)}`,
    );
    assert(missing.pairedItem?.item === 0, 'no pairedItem on the error item');
    const bad = nodeItems(out, 'Bad Folder')[0];
    assert(
      bad?.json?.error === '"abc" is not a folder ID' && /whole number/.test(bad.json.hint),
      `Bad Folder: ${JSON.stringify(bad?.json)}`,
    );
  });

  await check('without continue on fail, an API error fails the execution (exit 1) with the hint, without the key', async () => {
    const r = await n8n(['execute', `--id=${failingWf.id}`, '--rawOutput'], env);
    noKey(r.stdout + r.stderr, "n8n's output");
    assert(r.code === 1, `exit ${r.code}`);
    assert(/NodeApiError|not found|Not found/i.test(r.stdout + r.stderr), `output: ${(r.stdout + r.stderr).slice(-400)}`);
  });

  await check(
    'a data-centre refusal of get_token ("must have CDN") gives an item whose hint names "Use CDN Credits", after one call',
    async () => {
      const tokens = () => sandbox.state().counters.requests['download/get_token.cgi'] ?? 0;
      const before = tokens();
      sandbox.setFaults({ tokenCdnRequired: 1 });
      const r = await n8n(['execute', `--id=${cdnWf.id}`, '--rawOutput'], env);
      noKey(r.stdout + r.stderr, "n8n's output");
      assert(r.code === 0, `exit ${r.code}: ${(r.stderr || r.stdout).slice(-600)}`);
      const item = nodeItems(parseRawOutput(r.stdout), 'Download')[0];
      assert(
        item?.json?.kind === 'cdn_required' && /"Use CDN Credits"/.test(item.json.hint) && /must have CDN/.test(item.json.error),
        `Download: ${JSON.stringify(item?.json)}`,
      );
      assert(tokens() - before === 1, `${tokens() - before} get_token calls`);
    },
  );
}

/** The trigger in `n8n start`: a file there at activation stays, a new one starts the workflow (which deletes it). */
async function triggerChecks(t) {
  const { work, sandbox, env, core, client, triggerWf } = t;
  // Trigger: a file already in the folder at activation is remembered, a file added later starts the
  // workflow (which deletes it). The trigger's first poll happens when n8n activates the workflow.
  let oldFile;
  let inboxId;
  await check('set up the watched folder with an existing file', async () => {
    // Taken from the workflow's output rather than listed again, to leave the listing budget to n8n.
    inboxId = t.mainOk ? nodeItems(t.run, 'Create Inbox')[0]?.json?.folderId : await client.resolveFolderPath('/E2E/Inbox');
    if (!t.mainOk) t.lastListingAt = Date.now();
    [oldFile] = await client.upload([core.bytesSource('already-there.txt', new TextEncoder().encode('old file'))], { folderId: inboxId });
    assert(oldFile?.url, 'upload failed');
  });
  await check('publish the trigger workflow', async () => {
    const r = await n8n(['publish:workflow', `--id=${triggerWf.id}`], env);
    assert(r.code === 0, `exit ${r.code}: ${(r.stderr || r.stdout).slice(-400)}`);
  });
  const triggerOk = await check('n8n start activates the trigger workflow', async () => {
    // A copy: the sandbox's counters object keeps changing.
    // The activation poll lists root, E2E and Inbox: let their 30 s windows pass first.
    await sleep(Math.max(0, 31_000 - (Date.now() - t.lastListingAt)));
    const before = { ...sandbox.state().counters.requests };
    t.n8nServer = await startN8n(env, join(work, 'n8n-start.log'));
    // The activation poll resolves /E2E/Inbox (root, then E2E) and lists Inbox: three folder/ls calls.
    // The new file must arrive after that poll, or it would count as already there.
    const listings = () => sandbox.state().counters.requests['folder/ls.cgi'] ?? 0;
    await until('the trigger to list the watched folder', () => listings() >= (before['folder/ls.cgi'] ?? 0) + 3, { timeoutMs: 60_000 });
    await sleep(2000);
  });
  if (!triggerOk) return;
  // The new file must arrive after the activation poll (checked above), or it would count as already there.
  let newFile;
  let addedAt = 0;
  const added = await check('add a new file to the watched folder', async () => {
    [newFile] = await client.upload([core.bytesSource('arrived-later.txt', new TextEncoder().encode('new file'))], {
      folderId: inboxId,
    });
    addedAt = Date.now();
  });

  if (added) {
    await check('the new file started the workflow, which deleted it; the older file stays', async () => {
      const urls = await until(
        'the new file to leave the watched folder',
        () => {
          const now = sandbox.state().files.map((f) => f.url);
          return !now.includes(newFile.url) && now;
        },
        { timeoutMs: 150_000 - (Date.now() - addedAt), intervalMs: 1000 },
      );
      assert(urls.includes(oldFile.url), 'the file present at activation was deleted too');
    });
  }
}

/** The editor's side of the running n8n: owner set-up, credential tests, the folder picker, the node panel in a browser. */
async function editorChecks(t) {
  const { work, sandbox, key, noKey, failingWf } = t;
  // The editor's side, through n8n's REST API as the editor calls it. These run after the trigger
  // check: n8n's credential test calls the API outside the node's limiter.
  let cookie = '';
  await check('owner set-up in the running n8n (REST)', async () => {
    const res = await fetch(`${t.n8nServer.url}/rest/owner/setup`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ ...OWNER, firstName: 'E2E', lastName: 'Test' }),
    });
    cookie = (res.headers.getSetCookie?.() ?? []).map((c) => c.split(';')[0]).find((c) => c.startsWith('n8n-auth=')) ?? '';
    assert(res.ok && cookie, `HTTP ${res.status}: ${(await res.text()).slice(0, 200)}`);
  });
  const rest = async (path, body) => {
    const res = await fetch(`${t.n8nServer.url}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', cookie },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(90_000),
    });
    const text = await res.text();
    noKey(text, `the answer of ${path}`);
    assert(res.ok, `${path}: HTTP ${res.status}: ${text.slice(0, 300)}`);
    return JSON.parse(text).data;
  };
  // 1fichier refuses a wrong key with HTTP 403 "No such user #93", and the sandbox a path outside its API
  // with 403 "Unknown endpoint #712": n8n must show the credential's own words, not "Forbidden".
  const testCredential = (data) =>
    rest('/rest/credentials/test', { credentials: { id: CRED.id, name: CRED.name, type: 'oneFichierApi', data } });
  await check('the credential test succeeds with the key', async () => {
    const ok = await testCredential({ apiKey: key, baseUrl: sandbox.apiBaseUrl });
    assert(ok?.status === 'OK', `with the key: ${JSON.stringify(ok)}`);
  });
  await check('a wrong key fails the credential test with what to fix (copy the key again)', async () => {
    const bad = await testCredential({ apiKey: 'WrongKey0123456789abcdef', baseUrl: sandbox.apiBaseUrl });
    assert(
      bad?.status === 'Error' && /does not know this API key \(No such user #93\)/.test(bad.message) && /"API Key"/.test(bad.message),
      `with a wrong key: ${JSON.stringify(bad)}`,
    );
  });
  await check('a base URL without /v1 fails the credential test saying it must end with /v1', async () => {
    const bad = await testCredential({ apiKey: key, baseUrl: sandbox.apiBaseUrl.replace(/\/v1$/, '') });
    assert(bad?.status === 'Error' && /must end with \/v1/.test(bad.message), `without /v1: ${JSON.stringify(bad)}`);
  });
  await check('an unreachable base URL fails the credential test naming the network problem, not the key', async () => {
    const closedPort = await freePort();
    const bad = await testCredential({ apiKey: key, baseUrl: `http://127.0.0.1:${closedPort}/v1` });
    assert(
      bad?.status === 'Error' && /ECONNREFUSED|connection refused|cannot reach/i.test(bad.message) && !/API key/i.test(bad.message),
      `unreachable: ${JSON.stringify(bad)}`,
    );
    return bad.message;
  });
  // The folder picker as the editor calls it: the names of the rows it lists for a typed text.
  const pickerRows = async (filter) => {
    const found = await rest('/rest/dynamic-node-parameters/resource-locator-results', {
      path: 'folder',
      methodName: 'searchFolders',
      filter,
      nodeTypeAndVersion: { name: 'CUSTOM.oneFichier', version: 1 },
      currentNodeParameters: { resource: 'folder', operation: 'list' },
      credentials: { oneFichierApi: CRED },
    });
    return (found?.results ?? []).map((r) => r.name);
  };
  await check('the folder picker searches as you type (E2E/ lists its sub-folders)', async () => {
    const names = await pickerRows('E2E/');
    assert(JSON.stringify(names) === JSON.stringify(['/E2E/Archive', '/E2E/Inbox']), `rows: ${JSON.stringify(names)}`);
  });
  // Listings take one IP-wide turn every 3.3 s (packages/core/src/limits.ts), so one keystroke's
  // 5 s search may stop early and say so; typing again goes on from the cached listings, as a user would.
  await check('the folder picker finds a sub-folder by name (Inb finds /E2E/Inbox, typing again if it says so)', async () => {
    let names = [];
    for (let attempt = 1; attempt <= 4; attempt++) {
      names = await pickerRows('Inb');
      if (names.includes('/E2E/Inbox')) return `found on search ${attempt}`;
      assert(
        names.some((n) => n.startsWith('Some folders were not searched yet')),
        `rows: ${JSON.stringify(names)}`,
      );
    }
    assert(false, `not found in 4 searches; rows: ${JSON.stringify(names)}`);
  });
  await check('the node panel ("What happens next?") describes the 1fichier node by its actions, in a real browser', async () => {
    const entries = await nodePanelEntries(repoRoot, {
      workflowUrl: `${t.n8nServer.url}/workflow/${failingWf.id}`,
      email: OWNER.email,
      password: OWNER.password,
      search: '1fichier',
      screenshot: join(work, 'n8n-node-panel.png'),
    });
    const ours = entries.filter((e) => e.name === '1fichier');
    assert(ours.length === 1, `entries: ${JSON.stringify(entries)}`);
    assert(/upload/i.test(ours[0].description) && /folders/i.test(ours[0].description), `description: ${ours[0].description}`);
    return ours[0].description;
  });
  await check("n8n's log holds no API key", () => noKey(readFileSync(join(work, 'n8n-start.log'), 'utf8'), "n8n's log"));
}

async function main() {
  const t = { work: mkdtempSync(join(tmpdir(), 'e2e-n8n-1fichier-')) };
  try {
    const ready = await group('set-up: n8n, the sandbox, the credential and the workflows', () => setUp(t));
    if (ready) {
      await group('files and folders in one workflow', () => mainWorkflowChecks(t));
      await group('nightly backup', () => nightlyBackupChecks(t));
      await group('everyday file names', () => everydayNamesChecks(t));
      await group('errors a workflow can act on', () => errorChecks(t));
      // Its own sandbox and n8n executions (grouping.mjs): 100 items through upload, link, move and delete.
      await group('100 items grouped into few requests', () => {
        const work = join(t.work, 'grouping');
        mkdirSync(work, { recursive: true });
        return groupingChecks({ check, work });
      });
      await group('the trigger in n8n start', () => triggerChecks(t));
      // The editor's checks use the n8n that the trigger group started.
      if (t.n8nServer) await group('the editor (REST and a real browser)', () => editorChecks(t));
    }
  } finally {
    await stopProcess(t.n8nServer?.child);
    await t.sandbox?.stop();
    if (!keep) rmSync(t.work, { recursive: true, force: true });
    else process.stdout.write(`[e2e-n8n] kept ${t.work}\n`);
  }
  finish();
}

main().catch((err) => finish(1, { crash: err }));
