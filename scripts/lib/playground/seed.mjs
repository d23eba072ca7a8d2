// Fills a fresh sandbox with a few folders and files, through the project's own core client, so the
// VS Code tree and n8n's folder pickers show something on the first start. Runs only on an empty data
// folder (never against the real service), so what a user uploaded is never touched.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { step } from '../tools.mjs';

/** Folder path → files in it. Small texts: seeding takes a few seconds at the client's default pace. */
const SEED = [
  { folder: [], files: { 'welcome.txt': 'Welcome to the 1fichier playground! Everything here lives in the local sandbox.\n' } },
  { folder: ['Documents'], files: { 'report-2026-Q3.txt': 'Quarterly report\n================\nRevenue: up.\nCosts: down.\n' } },
  { folder: ['Documents', 'Invoices'], files: { 'invoice-0042.txt': 'Invoice #0042\nTotal due: 120.00 EUR\n' } },
  { folder: ['Photos'], files: {} },
];

/** @returns {Promise<string[]>} what was created, for the summary */
export async function seedSandbox({ repoRoot, apiBaseUrl, apiKey }) {
  const coreDir = join(repoRoot, 'packages', 'core');
  const require = createRequire(join(coreDir, 'package.json'));
  // The built core (CommonJS): the same client the n8n node and the extension bundle.
  const { bytesSource } = require(join(coreDir, 'dist', 'index.js'));
  const { createNodeClient } = require(join(coreDir, 'dist', 'node', 'index.js'));
  const client = createNodeClient({ apiKey, baseUrl: apiBaseUrl });
  return step('seed the fresh sandbox with example folders and files', async () => {
    try {
      return await seed(client, bytesSource);
    } catch (err) {
      throw new Error(
        `${err.message}${err.hint ? ` (${err.hint})` : ''}. The sandbox may be half seeded: run pnpm start --reset to start again from an empty one.`,
      );
    }
  });
}

async function seed(client, bytesSource) {
  const created = [];
  const folderIds = new Map([['', 0]]);
  for (const { folder, files } of SEED) {
    const path = folder.join('/');
    if (!folderIds.has(path)) {
      const parentId = folderIds.get(folder.slice(0, -1).join('/'));
      const { folderId } = await client.createFolder(folder[folder.length - 1], parentId);
      folderIds.set(path, folderId);
      created.push(`/${path}/`);
    }
    for (const [name, text] of Object.entries(files)) {
      await client.upload([bytesSource(name, new TextEncoder().encode(text))], { folderId: folderIds.get(path) });
      created.push(`/${path ? `${path}/` : ''}${name}`);
    }
  }
  return created;
}
