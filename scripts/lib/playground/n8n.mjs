// Runs the real n8n (pinned, from the tool cache) with the 1fichier node loaded from its built dist, a
// credential pointed at the sandbox (or the real service) and the example workflow, then creates the
// owner account through n8n's REST API so the editor opens on a sign-in page with known details.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { step } from '../tools.mjs';
import { runAsync } from './run-async.mjs';
import { isN8nInstalled, loopbackN8nEnv, n8nBin, node24Bin } from '../n8n.mjs';
import { requestJson } from '../http.mjs';
import { HOST, waitForHttp } from '../wait.mjs';
import { generatePassword, loadOrCreate } from './secrets.mjs';
import {
  BACKUP_FILES,
  BACKUP_WORKFLOW_ID,
  EXAMPLE_WORKFLOW_ID,
  CREDENTIAL_ID,
  backupWorkflow,
  exampleCredential,
  exampleWorkflow,
} from './n8n-example.mjs';

const OWNER_EMAIL = 'playground@example.com';

/** The environment n8n runs with: loopback only, no telemetry, no calls home, our node loaded. */
function n8nEnv({ userFolder, port, nodeDist, filesDir }) {
  return {
    // The task broker listens on the next port, which keeps two playgrounds (or a test run) apart.
    ...loopbackN8nEnv({ userFolder, extensions: nodeDist, port }),
    N8N_PROTOCOL: 'http',
    N8N_EDITOR_BASE_URL: `http://${HOST}:${port}/`,
    N8N_HIRING_BANNER_ENABLED: 'false',
    N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
    // n8n's default is America/New_York; the example's file names carry the time, so use the machine's.
    GENERIC_TIMEZONE: process.env.GENERIC_TIMEZONE || Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC',
    // n8n 2 reads and writes files only under ~/.n8n-files unless told otherwise: the backup example reads
    // this folder, and the banner says where it is (summary.mjs).
    N8N_RESTRICT_FILE_ACCESS_TO: filesDir,
  };
}

/** The folder n8n may read, with the backup example's files; files already there (the user's) are kept. */
function prepareFilesDir(filesDir) {
  mkdirSync(filesDir, { recursive: true });
  for (const [name, content] of Object.entries(BACKUP_FILES)) {
    const file = join(filesDir, name);
    if (!existsSync(file)) writeFileSync(file, content);
  }
}

function sha256(text) {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * Writes the credential and workflow and imports them into n8n's database, unless exactly the same
 * content was imported before (an import costs n8n start-up time: 5 to 10 s each).
 */
async function importExample({ dir, env, apiKey, apiBaseUrl, filesDir }) {
  const importDir = join(dir, 'import');
  mkdirSync(importDir, { recursive: true });
  const credentialsFile = join(importDir, 'credentials.json');
  const workflowFile = join(importDir, 'workflow.json');
  const credentials = JSON.stringify([exampleCredential({ apiKey, apiBaseUrl })], null, 2);
  const workflow = JSON.stringify([exampleWorkflow({ apiBaseUrl }), backupWorkflow({ apiBaseUrl, filesDir })], null, 2);
  const stamp = join(importDir, 'imported.sha256');
  const digest = sha256(`${credentials}\n${workflow}`);
  if (existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === digest) return;
  const node = join(node24Bin(), 'node');
  try {
    // The key sits in this file only while n8n imports it (n8n stores it encrypted in its database).
    writeFileSync(credentialsFile, credentials, { mode: 0o600 });
    writeFileSync(workflowFile, workflow);
    await step('n8n: import the 1fichier credential', () =>
      runAsync(node, [n8nBin(), 'import:credentials', `--input=${credentialsFile}`], {
        env,
        log: join(importDir, 'import-credentials.log'),
      }),
    );
    await step('n8n: import the example workflows', () =>
      runAsync(node, [n8nBin(), 'import:workflow', `--input=${workflowFile}`], { env, log: join(importDir, 'import-workflow.log') }),
    );
  } finally {
    writeFileSync(credentialsFile, '[]\n');
  }
  writeFileSync(stamp, `${digest}\n`);
}

function restJson(url, { method = 'GET', body, cookie } = {}) {
  return requestJson(url, { method, body, headers: cookie ? { cookie } : {} });
}

/** Signs in to n8n; returns the auth cookie or null when n8n refuses the details. */
async function n8nLogin(baseUrl, owner) {
  // n8n 2.x names the field emailOrLdapLoginId; 1.x named it email. Sending both works with either.
  const res = await restJson(`${baseUrl}/rest/login`, {
    method: 'POST',
    body: { emailOrLdapLoginId: owner.email, email: owner.email, password: owner.password },
  });
  if (res.status !== 200) return null;
  const cookie = res.setCookie.map((c) => c.split(';')[0]).find((c) => c.startsWith('n8n-auth='));
  return cookie ?? null;
}

/** Creates the owner account on a fresh n8n, or checks that the stored sign-in details still work. */
async function ensureOwner(baseUrl, ownerFile, userFolder) {
  const owner = loadOrCreate(ownerFile, () => ({
    email: OWNER_EMAIL,
    password: generatePassword(),
    firstName: 'Playground',
    lastName: 'User',
  }));
  const settings = await restJson(`${baseUrl}/rest/settings`);
  const needsSetup = settings.json?.data?.userManagement?.showSetupOnFirstLoad;
  if (needsSetup === true) {
    const res = await restJson(`${baseUrl}/rest/owner/setup`, { method: 'POST', body: owner });
    if (res.status !== 200) throw new Error(`n8n refused to create the owner account (HTTP ${res.status}): ${res.text.slice(0, 300)}`);
    return owner;
  }
  if (!(await n8nLogin(baseUrl, owner))) {
    throw new Error(
      `n8n already has an owner account, but the sign-in details in ${ownerFile} do not work. ` +
        `To start n8n afresh, stop the playground and delete ${userFolder}.`,
    );
  }
  return owner;
}

/**
 * Starts n8n under the supervisor and waits until the editor answers and the owner exists.
 * @returns {Promise<{url:string, workflowUrl:string, backupWorkflowUrl:string, filesDir:string, owner:{email:string,password:string}}>}
 */
export async function startN8n({ supervisor, playgroundDir, port, nodeDist, apiKey, apiBaseUrl }) {
  if (!isN8nInstalled()) throw new Error('n8n is not installed; the installer step should have run first (node scripts/install-n8n.mjs).');
  if (!existsSync(nodeDist)) throw new Error(`the 1fichier node's build is missing at ${nodeDist}`);
  const dir = join(playgroundDir, 'n8n');
  const userFolder = join(dir, 'home');
  mkdirSync(userFolder, { recursive: true });
  const filesDir = join(playgroundDir, 'n8n-files');
  prepareFilesDir(filesDir);
  const env = n8nEnv({ userFolder, port, nodeDist, filesDir });
  await importExample({ dir, env, apiKey, apiBaseUrl, filesDir });

  const url = `http://${HOST}:${port}`;
  const entry = supervisor.start('n8n', join(node24Bin(), 'node'), [n8nBin(), 'start'], {
    env,
    log: join(playgroundDir, 'logs', 'n8n.log'),
    ports: [port, port + 1],
  });
  await step('n8n: start the editor (about 15 s)', () =>
    waitForHttp(`${url}/healthz/readiness`, {
      timeoutMs: 180_000,
      accept: (res) => res.status === 200,
      isAlive: () => !entry.exited,
      what: 'n8n',
    }),
  );
  const owner = await step('n8n: owner account', () => ensureOwner(url, join(dir, 'owner.json'), userFolder));
  return {
    url,
    workflowUrl: `${url}/workflow/${EXAMPLE_WORKFLOW_ID}`,
    backupWorkflowUrl: `${url}/workflow/${BACKUP_WORKFLOW_ID}`,
    filesDir,
    owner,
    credentialId: CREDENTIAL_ID,
  };
}
