// The credential and the example workflow the playground imports into n8n: upload a file, get its
// download link, list the folder. Everything works in the account's root folder, which exists on the
// sandbox and on every real account alike.

/** n8n ids are 16 letters or digits; fixed ones make a re-import update the same records. */
export const CREDENTIAL_ID = 'onefichierCred01';
export const EXAMPLE_WORKFLOW_ID = 'onefichierDemo01';
const EXAMPLE_WORKFLOW_NAME = '1fichier example: upload a file, get its link, list the folder';

/** The 1fichier node as n8n names it when loaded through N8N_CUSTOM_EXTENSIONS. */
const NODE_TYPE = 'CUSTOM.oneFichier';
const ROOT = { __rl: true, mode: 'list', value: '0', cachedResultName: '/ (Root)' };

function credentialName(apiBaseUrl) {
  return /^https:\/\/api\.1fichier\.com\b/.test(apiBaseUrl) ? '1fichier (real service)' : '1fichier sandbox';
}

/**
 * n8n cannot see the calls of VS Code and the language server (a verified node uses n8n's helpers only),
 * which share the machine's pace through the core's ledger: n8n counts them as one more process sharing
 * the key, and so takes half of the IP's pace.
 */
const PLAYGROUND_PROCESSES_SHARING_KEY = 2;

export function exampleCredential({ apiKey, apiBaseUrl }) {
  return {
    id: CREDENTIAL_ID,
    name: credentialName(apiBaseUrl),
    type: 'oneFichierApi',
    data: { apiKey, baseUrl: apiBaseUrl, processesSharingKey: PLAYGROUND_PROCESSES_SHARING_KEY },
  };
}

/**
 * On the sandbox, what its links are (scripts/lib/playground/summary.mjs says why): in the note, and on the
 * two nodes whose file URL has n8n's open-link button.
 */
const SANDBOX_LINKS_NOTE =
  "\n\n**Links:** `https://1fichier.com/?…` links from the sandbox (the `url` of the upload, and n8n's open-link " +
  "button next to a file URL) open the real 1fichier site, where the sandbox's files do not exist. The `downloadUrl` " +
  'of *Get its download link* is served by the sandbox: open it to get the file.';
const SANDBOX_NODE_NOTE = "Sandbox: this file's https://1fichier.com link opens the real site, where it does not exist; use downloadUrl.";

export function exampleWorkflow({ apiBaseUrl }) {
  const sandbox = credentialName(apiBaseUrl) === '1fichier sandbox';
  const linkNote = sandbox ? { notes: SANDBOX_NODE_NOTE, notesInFlow: true } : {};
  const credentials = { oneFichierApi: { id: CREDENTIAL_ID, name: credentialName(apiBaseUrl) } };
  const nodes = [
    {
      id: 'a1f1c0de-0000-4000-8000-000000000001',
      name: 'When clicking "Execute workflow"',
      type: 'n8n-nodes-base.manualTrigger',
      typeVersion: 1,
      position: [0, 0],
      parameters: {},
    },
    {
      id: 'a1f1c0de-0000-4000-8000-000000000002',
      name: 'Write a greeting',
      type: 'n8n-nodes-base.set',
      typeVersion: 3.4,
      position: [220, 0],
      parameters: {
        assignments: {
          assignments: [
            { id: 'greeting', name: 'text', type: 'string', value: '=Hello from n8n! This file was uploaded at {{ $now.toISO() }}.' },
          ],
        },
        options: {},
      },
    },
    {
      id: 'a1f1c0de-0000-4000-8000-000000000003',
      name: 'Turn it into a file',
      type: 'n8n-nodes-base.convertToFile',
      typeVersion: 1.1,
      position: [440, 0],
      parameters: {
        operation: 'toText',
        sourceProperty: 'text',
        binaryPropertyName: 'data',
        options: { fileName: "=hello-from-n8n-{{ $now.toFormat('yyyyLLdd-HHmmss') }}.txt" },
      },
    },
    {
      id: 'a1f1c0de-0000-4000-8000-000000000004',
      name: 'Upload to 1fichier',
      type: NODE_TYPE,
      typeVersion: 1,
      position: [660, 0],
      parameters: { resource: 'file', operation: 'upload', binaryPropertyName: 'data', folder: ROOT, fileName: '', options: {} },
      credentials,
      ...linkNote,
    },
    {
      id: 'a1f1c0de-0000-4000-8000-000000000005',
      name: 'Get its download link',
      type: NODE_TYPE,
      typeVersion: 1,
      position: [880, 0],
      parameters: { resource: 'file', operation: 'getLink', file: { __rl: true, mode: 'url', value: '={{ $json.url }}' }, options: {} },
      credentials,
      ...linkNote,
    },
    {
      id: 'a1f1c0de-0000-4000-8000-000000000006',
      name: 'List the folder',
      type: NODE_TYPE,
      typeVersion: 1,
      position: [1100, 0],
      // Once per run, not once per item: 1fichier allows one listing per folder every 30 s.
      executeOnce: true,
      parameters: { resource: 'file', operation: 'list', wholeAccount: false, folder: ROOT, returnAll: true, filters: {} },
      credentials,
    },
    {
      id: 'a1f1c0de-0000-4000-8000-000000000007',
      name: 'Note',
      type: 'n8n-nodes-base.stickyNote',
      typeVersion: 1,
      position: [160, sandbox ? -270 : -230],
      parameters: {
        width: 760,
        height: sandbox ? 230 : 140,
        content:
          '## 1fichier example\nClick **Execute workflow** below. It writes a small text file, uploads it to the root folder of ' +
          `the ${sandbox ? 'local sandbox' : '**real** 1fichier account'}, asks for a direct download link and lists the folder.\n\n` +
          'Open a node to see its output. The credential **' +
          credentialName(apiBaseUrl) +
          '** was set up by `pnpm start`.' +
          (sandbox ? SANDBOX_LINKS_NOTE : ''),
      },
    },
  ];
  const chain = nodes.filter((n) => n.type !== 'n8n-nodes-base.stickyNote').map((n) => n.name);
  return chainedWorkflow(EXAMPLE_WORKFLOW_ID, EXAMPLE_WORKFLOW_NAME, nodes, chain);
}

/** A workflow whose nodes named in `chain` run one after the other. */
function chainedWorkflow(id, name, nodes, chain) {
  const connections = {};
  for (let i = 0; i < chain.length - 1; i++) connections[chain[i]] = { main: [[{ node: chain[i + 1], type: 'main', index: 0 }]] };
  return { id, name, active: false, nodes, connections, settings: { executionOrder: 'v1' }, pinData: {}, tags: [] };
}

/** The second example: the nightly backup of a local folder (README.md, "The playground": a backup in one click). */
export const BACKUP_WORKFLOW_ID = 'onefichierBack01';
const BACKUP_WORKFLOW_NAME = '1fichier example: nightly backup of a folder';
export const BACKUP_TRIGGER = 'Every night at 2:00';
export const BACKUP_UPLOAD_NODE = 'Back up to /Backups/nightly';
/** Where the backup goes on 1fichier: By Path, created on the first run ("Create Missing Folders"). */
const BACKUP_REMOTE_PATH = '/Backups/nightly';

/**
 * The files the playground puts in the folder n8n may read (N8N_RESTRICT_FILE_ACCESS_TO), accented names
 * included; a file the user changed or added there is kept.
 */
export const BACKUP_FILES = {
  'Résumé été.txt': 'Résumé de l’été : tout va bien.\n',
  'db-dump.sql': '-- a small database dump\nCREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT);\n',
  'photos café.csv': 'file,taken\ncafé.jpg,2026-07-14\n',
};

export function backupWorkflow({ apiBaseUrl, filesDir }) {
  const credentials = { oneFichierApi: { id: CREDENTIAL_ID, name: credentialName(apiBaseUrl) } };
  const nodes = [
    {
      id: 'b1f1c0de-0000-4000-8000-000000000001',
      name: BACKUP_TRIGGER,
      type: 'n8n-nodes-base.scheduleTrigger',
      typeVersion: 1.2,
      position: [0, 0],
      parameters: { rule: { interval: [{ field: 'days', triggerAtHour: 2 }] } },
    },
    {
      id: 'b1f1c0de-0000-4000-8000-000000000002',
      name: 'Read the files to back up',
      type: 'n8n-nodes-base.readWriteFile',
      typeVersion: 1,
      position: [220, 0],
      parameters: { operation: 'read', fileSelector: `${filesDir}/*`, options: {} },
    },
    {
      id: 'b1f1c0de-0000-4000-8000-000000000003',
      name: BACKUP_UPLOAD_NODE,
      type: NODE_TYPE,
      // 1.1: "Create Missing Folders" makes /Backups/nightly on the first run.
      typeVersion: 1.1,
      position: [440, 0],
      parameters: {
        resource: 'file',
        operation: 'upload',
        binaryPropertyName: 'data',
        folder: { __rl: true, mode: 'path', value: BACKUP_REMOTE_PATH },
        createFolders: true,
        fileName: '',
        options: { ifExists: 'skipIfIdentical' },
      },
      credentials,
    },
    {
      id: 'b1f1c0de-0000-4000-8000-000000000004',
      name: 'Note',
      type: 'n8n-nodes-base.stickyNote',
      typeVersion: 1,
      position: [0, -260],
      parameters: {
        width: 660,
        height: 220,
        content:
          '## Nightly backup\nEvery night at 2:00 (once the workflow is active), or now with **Execute workflow**: reads the files of ' +
          `\`${filesDir}\` and uploads them to \`${BACKUP_REMOTE_PATH}\`, creating the folder the first time.\n\n` +
          '"If a File With This Name Exists" is **Skip If Identical**: run it twice and the second run skips every file; ' +
          'change one file and only that one is replaced (it gets a new link).\n\n' +
          'n8n may read files only in that folder (`N8N_RESTRICT_FILE_ACCESS_TO`, set by `pnpm start`): put your own files there.',
      },
    },
  ];
  return chainedWorkflow(BACKUP_WORKFLOW_ID, BACKUP_WORKFLOW_NAME, nodes, [
    BACKUP_TRIGGER,
    'Read the files to back up',
    BACKUP_UPLOAD_NODE,
  ]);
}
