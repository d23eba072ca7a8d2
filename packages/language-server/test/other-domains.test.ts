/**
 * A link on another of 1fichier's domains (a file uploaded with `domain: 1` lives on alterupload.com) is
 * checked on that domain: the bundled server sends the link as written (the core's fileUrls.ts), so under
 * the sandbox's domainBound behaviour, where the 1fichier.com form of the link finds nothing, the file is
 * found, hovered and not flagged.
 */
import * as fsSync from 'fs';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { bytesSource } from '@onefichier/core';
import { createNodeClient } from '@onefichier/core/node';
import { Sandbox, startSandbox } from '@onefichier/sandbox';
import { LspTestClient, eventually } from './lsp-client';

const PACE = { ONEFICHIER_PACE_DIR: fsSync.mkdtempSync(path.join(os.tmpdir(), 'lsp-domains-pace-')) };
process.env.ONEFICHIER_PACE_DIR = PACE.ONEFICHIER_PACE_DIR;
const KEY = 'LspDomainsOwnerKey0123456789abcd';

let sandbox: Sandbox;
let dir: string;
let client: LspTestClient | undefined;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'lsp-domains-'));
  sandbox = await startSandbox({ dataDir: path.join(dir, 'data'), reset: true, premiumKeys: [KEY], faults: { domainBound: true } });
});

afterAll(async () => {
  await client?.dispose();
  await sandbox?.stop();
  await fs.rm(dir, { recursive: true, force: true });
});

test('a link on alterupload.com, as pasted (www., &af=), is checked on its own domain: hovered, not flagged', async () => {
  const owner = createNodeClient({ apiKey: KEY, baseUrl: sandbox.apiBaseUrl });
  const [uploaded] = await owner.upload(bytesSource('alter report.pdf', new TextEncoder().encode('%PDF-1.7 alter')), { domain: 1 });
  expect(uploaded!.url).toMatch(/^https:\/\/alterupload\.com\/\?/);
  const infoBefore = sandbox.state().counters.requests['file/info.cgi'] ?? 0;

  client = LspTestClient.spawnBundled({ ...PACE, ONEFICHIER_API_KEY: KEY });
  await client.initialize({ options: { apiBaseUrl: sandbox.apiBaseUrl }, clientName: 'Neovim' });
  const uri = pathToFileURL(path.join(dir, 'links.md')).href;
  const pasted = `${uploaded!.url.replace('https://', 'https://www.')}&af=7`;
  await client.open(uri, 'markdown', `# Links\n\n- report: ${pasted}\n`);

  await eventually(() => (sandbox.state().counters.requests['file/info.cgi'] ?? 0) > infoBefore, 20_000, 'the link checked');
  const hover = await client.hover(uri, { line: 2, character: 20 });
  expect((hover?.contents as { value?: string } | undefined)?.value ?? '').toContain('**alter report\\.pdf**');
  const diagnostics = await client.waitForDiagnostics(uri, () => true, 5_000).catch(() => []);
  expect(diagnostics).toEqual([]);
  // Never asked on the 1fichier.com form, which domainBound would have answered "not found".
  expect(sandbox.state().counters.behaviours.domainBound ?? 0).toBe(0);
}, 60_000);
