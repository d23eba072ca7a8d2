/**
 * The bundled server (`node dist/server.js --stdio`, as an editor starts it) driven over the protocol
 * against the sandbox, with the sandbox's real rate limits: initialize, didOpen, hover, publishDiagnostics,
 * codeAction and the executeCommand flows.
 */
import * as fsSync from 'fs';
import { promises as fs } from 'fs';
import * as http from 'http';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { FolderFileIndex, bytesSource, uploadWithConflictPolicy } from '@onefichier/core';
import { SERVER_COMMANDS } from '@onefichier/core/lsp-contract';
import { FileReplacedLinks, createNodeClient, defaultReplacedLinksPath } from '@onefichier/core/node';
import { Sandbox, startSandbox } from '@onefichier/sandbox';
import { LspTestClient, eventually } from './lsp-client';

/**
 * The servers started here, and this file's own clients, share one pace ledger of their own (as the processes
 * of one machine do), apart from the user's.
 */
const PACE = { ONEFICHIER_PACE_DIR: fsSync.mkdtempSync(path.join(os.tmpdir(), 'lsp-sandbox-pace-')) };
process.env.ONEFICHIER_PACE_DIR = PACE.ONEFICHIER_PACE_DIR;

const KEY = 'LspSandboxOwnerKey0123456789abcd';
const OTHER_KEY = 'LspSandboxOtherKey0123456789abcd';

function get(url: string): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

function hoverText(hover: { contents: unknown } | null): string {
  return (hover?.contents as { value?: string } | undefined)?.value ?? '';
}

describe('bundled language server against the sandbox', () => {
  let sandbox: Sandbox;
  let dir: string;
  let ownUrl: string;
  let goneUrl: string;
  let othersUrl: string;
  let client: LspTestClient | undefined;

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'lsp-sandbox-'));
    sandbox = await startSandbox({ dataDir: path.join(dir, 'data'), reset: true, premiumKeys: [KEY, OTHER_KEY] });
    const owner = createNodeClient({ apiKey: KEY, baseUrl: sandbox.apiBaseUrl });
    const other = createNodeClient({ apiKey: OTHER_KEY, baseUrl: sandbox.apiBaseUrl });
    const uploadOne = async (client: typeof owner, name: string, text: string): Promise<string> => {
      const [uploaded] = await client.upload([bytesSource(name, new TextEncoder().encode(text))]);
      if (!uploaded) throw new Error(`seeding: no link for ${name}`);
      return uploaded.url;
    };
    ownUrl = await uploadOne(owner, 'quarterly report.pdf', '%PDF-1.7 quarterly numbers');
    goneUrl = await uploadOne(owner, 'old.zip', 'old bytes');
    await owner.removeFiles([goneUrl]);
    othersUrl = await uploadOne(other, 'theirs.bin', 'not yours');
  }, 60_000);

  afterAll(async () => {
    await sandbox?.stop();
    await fs.rm(dir, { recursive: true, force: true });
  });

  afterEach(async () => {
    await client?.dispose();
    client = undefined;
  });

  it("hovers with the file's details and flags only the removed file, within the rate limits", async () => {
    client = LspTestClient.spawnBundled({ ...PACE, ONEFICHIER_API_KEY: KEY });
    const init = await client.initialize({ options: { apiBaseUrl: sandbox.apiBaseUrl }, clientName: 'Neovim' });
    expect(init.serverInfo?.name).toBe('onefichier-language-server');
    // The version is package.json's, bundled at build time (src/version.ts).
    expect(init.serverInfo?.version).toBe(JSON.parse(fsSync.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')).version);
    const uri = pathToFileURL(path.join(dir, 'mirrors.md')).href;
    const otherDomain = othersUrl.replace('https://1fichier.com/', 'https://megadl.fr/');
    const text = `# Mirrors\n\n- [report](${ownUrl})\n- old: ${goneUrl}&af=42\n- theirs: ${otherDomain}\n`;
    await client.open(uri, 'markdown', text);

    const diagnostics = await client.waitForDiagnostics(uri, (d) => d.length > 0, 30_000);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ source: '1fichier', code: 'file-not-found', range: { start: { line: 3, character: 7 } } });
    expect(diagnostics[0]!.message).toBe(
      'This 1fichier file no longer exists (it may have been deleted). Remove the link or replace it with a new upload.',
    );

    const own = hoverText(await client.hover(uri, { line: 2, character: 20 }));
    expect(own).toContain('**quarterly report\\.pdf**');
    expect(own).toContain('Size: 26 bytes');
    expect(own).toMatch(/Uploaded: \d{4}-\d{2}-\d{2} \d{2}:\d{2}\n/);
    expect(own).toContain('Password: none');

    // Paced by the core: no flood lock, one file/info call per file whatever the hovers did, and one
    // get_token call per link file/info refused.
    await eventually(() => sandbox.state().counters.requests['download/get_token.cgi'] === 2, 20_000, 'the third link checked');
    await new Promise((r) => setTimeout(r, 300));
    let state = sandbox.state();
    expect(state.floods).toBe(0);
    expect(state.counters.requests['file/info.cgi']).toBe(3);
    expect(state.counters.requests['download/get_token.cgi']).toBe(2);

    // Someone else's public file: name and size from its download headers, on hover only.
    const theirs = hoverText(await client.hover(uri, { line: 4, character: 15 }));
    expect(theirs).toContain('**theirs\\.bin**');
    expect(theirs).toContain('Size: 9 bytes');
    expect(theirs).toContain('on megadl.fr: a public file, not in your account');
    state = sandbox.state();
    expect(state.counters.requests['download/get_token.cgi']).toBe(3);
    expect(state.floods).toBe(0);
    expect(client.rawTraffic.join('') + client.stderr.join('')).not.toContain(KEY);
  }, 60_000);

  it('offers the current link of a file the toolkit replaced as the quick fix of its dead link', async () => {
    // A nightly backup replaced one file twice, through the core with the machine's record of replaced links
    // (as the extension does): the first link is dead, and its current link is the newest upload's.
    const owner = createNodeClient({ apiKey: KEY, baseUrl: sandbox.apiBaseUrl });
    const folderFiles = new FolderFileIndex(owner);
    const record = new FileReplacedLinks(defaultReplacedLinksPath(PACE));
    const put = (text: string, ifExists: 'keepBoth' | 'replace') =>
      uploadWithConflictPolicy(owner, folderFiles, bytesSource('nightly dump.sql', new TextEncoder().encode(text)), {
        folderId: 0,
        ifExists,
        replacedLinks: record,
      });
    const first = (await put('monday', 'keepBoth')).file.url;
    await put('tuesday', 'replace');
    const newest = (await put('wednesday', 'replace')).file.url;

    client = LspTestClient.spawnBundled({ ...PACE, ONEFICHIER_API_KEY: KEY });
    await client.initialize({ options: { apiBaseUrl: sandbox.apiBaseUrl }, clientName: 'Visual Studio Code' });
    const uri = pathToFileURL(path.join(dir, 'backups.md')).href;
    await client.open(uri, 'markdown', `Last dump: ${first}\nOther: ${goneUrl}\n`);
    const diagnostics = await client.waitForDiagnostics(uri, (d) => d.length === 2, 30_000);

    const actions = await client.codeActions(uri, { start: { line: 0, character: 15 }, end: { line: 0, character: 15 } });
    expect(actions).toEqual([
      expect.objectContaining({
        title: '1fichier: Replace with the current link of nightly dump.sql',
        kind: 'quickfix',
        isPreferred: true,
        edit: { changes: { [uri]: [{ range: diagnostics[0]!.range, newText: newest }] } },
      }),
    ]);
    // A dead link the toolkit did not replace has no current link to offer.
    expect(await client.codeActions(uri, { start: { line: 1, character: 10 }, end: { line: 1, character: 10 } })).toEqual([]);
  }, 60_000);

  it('gives a working direct download link through its own command', async () => {
    client = LspTestClient.spawnBundled({ ...PACE, ONEFICHIER_API_KEY: KEY });
    await client.initialize({ options: { apiBaseUrl: sandbox.apiBaseUrl }, clientName: 'Helix' });
    const uri = pathToFileURL(path.join(dir, 'links.txt')).href;
    await client.open(uri, 'plaintext', `download: ${ownUrl}\n`);
    const actions = await client.codeActions(uri, { start: { line: 0, character: 15 }, end: { line: 0, character: 15 } });
    expect(actions.map((a) => a.command?.command)).toEqual([SERVER_COMMANDS.getDirectLink]);
    const direct = await client.executeCommand<string>(SERVER_COMMANDS.getDirectLink, actions[0]!.command!.arguments!);
    expect(direct.startsWith(sandbox.downloadBaseUrl)).toBe(true);
    const download = await get(direct);
    expect(download.status).toBe(200);
    expect(download.body.toString()).toBe('%PDF-1.7 quarterly numbers');
    await eventually(() => client!.messages.some((m) => m.message.includes(direct)), 5000, 'the link shown to the user');
  }, 60_000);

  it('uploads a file named in the document and replaces the path with a link that then hovers', async () => {
    const docDir = await fs.realpath(dir).then((real) => path.join(real, 'project'));
    await fs.mkdir(path.join(docDir, 'assets'), { recursive: true });
    await fs.writeFile(path.join(docDir, 'assets', 'diagram v2.png'), Buffer.alloc(300_000, 7));
    client = LspTestClient.spawnBundled({ ...PACE, ONEFICHIER_API_KEY: KEY });
    await client.initialize({
      options: { apiBaseUrl: sandbox.apiBaseUrl },
      clientName: 'Visual Studio Code',
      versionedEdits: true,
      workspaceFolders: [docDir],
    });
    // The user answers the prompt with "Upload and replace".
    client.answerPrompt = (prompt) => prompt.actions?.[0]?.title ?? null;
    const uri = pathToFileURL(path.join(docDir, 'README.md')).href;
    const text = '# Project\n\n![diagram](<assets/diagram v2.png>)\n';
    await client.open(uri, 'markdown', text);

    const actions = await client.codeActions(uri, { start: { line: 2, character: 20 }, end: { line: 2, character: 20 } });
    expect(actions).toHaveLength(1);
    expect(actions[0]!.title).toBe('1fichier: Upload diagram v2.png (300 kB) and replace with link');
    const result = await client.executeCommand<{ url: string; filename: string; size: number; replaced: boolean }>(
      SERVER_COMMANDS.uploadAndReplace,
      actions[0]!.command!.arguments!,
    );
    expect(client.prompts).toHaveLength(1);
    expect(client.prompts[0]!.message).toContain(path.join(docDir, 'assets', 'diagram v2.png'));
    expect(result).toMatchObject({ filename: 'diagram v2.png', size: 300_000, replaced: true });
    expect(result.url).toMatch(/^https:\/\/1fichier\.com\/\?[a-z0-9]{5,20}$/);
    // A versioned edit (the editor refuses it if the document changed), inside the angle brackets:
    // exactly the path, so the Markdown stays valid.
    expect(client.appliedEdits[0]!.edit.documentChanges).toEqual([
      {
        textDocument: { uri, version: 1 },
        edits: [{ range: { start: { line: 2, character: 12 }, end: { line: 2, character: 33 } }, newText: result.url }],
      },
    ]);
    // The file is in the owner's account with the right bytes.
    const stored = sandbox.state().files.find((f) => f.url === result.url);
    expect(stored).toMatchObject({ filename: 'diagram v2.png', size: 300_000 });
    // Progress went through window/workDoneProgress: begin ... end.
    const kinds = client.progress.map((p) => p.value.kind);
    expect(kinds[0]).toBe('begin');
    expect(kinds[kinds.length - 1]).toBe('end');

    // The editor applies the edit; the new link hovers with the uploaded file's name.
    await client.change(uri, `# Project\n\n![diagram](<${result.url}>)\n`);
    const hover = hoverText(await client.hover(uri, { line: 2, character: 20 }));
    expect(hover).toContain('**diagram v2\\.png**');
  }, 60_000);

  it("uploads everyday names with rclone's look-alikes, and shows every name as given, spoofing controls made visible", async () => {
    const docDir = await fs.realpath(dir).then((real) => path.join(real, 'names'));
    await fs.mkdir(docDir, { recursive: true });
    const name = "facture d'août $ 2026.pdf";
    await fs.writeFile(path.join(docDir, name), '%PDF août');
    const spoofUrl = await sandbox.uploadAsIs(KEY, 'report\u202Efdp.exe', new TextEncoder().encode('MZ'));
    client = LspTestClient.spawnBundled({ ONEFICHIER_API_KEY: KEY });
    await client.initialize({ options: { apiBaseUrl: sandbox.apiBaseUrl }, clientName: 'Neovim', workspaceFolders: [docDir] });
    client.answerPrompt = (prompt) => prompt.actions?.[0]?.title ?? null;
    const uri = pathToFileURL(path.join(docDir, 'README.md')).href;
    await client.open(uri, 'markdown', `see [invoice](<${name}>)\nand ${spoofUrl}\n`);
    const [action] = await client.codeActions(uri, { start: { line: 0, character: 20 }, end: { line: 0, character: 20 } });
    expect(action!.title).toBe(`1fichier: Upload ${name} (10 bytes) and replace with link`);
    const result = await client.executeCommand<{ url: string; filename: string }>(
      SERVER_COMMANDS.uploadAndReplace,
      action!.command!.arguments!,
    );
    expect(result.filename).toBe(name);
    expect(sandbox.state().files.find((f) => f.url === result.url)?.filename).toBe('facture d＇août ＄ 2026.pdf');
    const hover = hoverText(await client.hover(uri, { line: 1, character: 8 }));
    expect(hover).toMatch(/report\\?\[U\\?\+202E\\?\]fdp\\?\.exe/);
    expect(hover).not.toContain('\u202E');
  }, 60_000);

  it('hovers show control characters in names as [U+XXXX], and an HTML entity in a name as text', async () => {
    // Stored by other clients with rclone's control pictures (␍ ␊ ␛), which decoding turns into CR, LF and ESC.
    const pictures = await sandbox.uploadAsIs(KEY, 'notes\u240d\u240a- Password: none\u241b[8m.txt', new TextEncoder().encode('n'));
    const entity = await sandbox.uploadAsIs(KEY, 'bill&#x202E;fdp.exe', new TextEncoder().encode('MZ'));
    const theirs = await sandbox.uploadAsIs(OTHER_KEY, 'their\u240dnote.txt', new TextEncoder().encode('t'));
    client = LspTestClient.spawnBundled({ ...PACE, ONEFICHIER_API_KEY: KEY });
    await client.initialize({ options: { apiBaseUrl: sandbox.apiBaseUrl }, clientName: 'Neovim' });
    const uri = pathToFileURL(path.join(dir, 'controls.md')).href;
    await client.open(uri, 'markdown', `${pictures}\n${entity}\n${theirs}\n`);
    const named = hoverText(await client.hover(uri, { line: 0, character: 10 }));
    expect(named.split('\n')[0]).toMatch(
      /^\*\*notes\\\[U\\\+000D\\\]\\\[U\\\+000A\\\]\\- Password: none\\\[U\\\+001B\\\]\\\[8m\\\.txt\*\*$/,
    );
    // An unescaped & would let markdown turn &#x202E; back into the right-to-left override.
    expect(hoverText(await client.hover(uri, { line: 1, character: 10 }))).toContain('**bill\\&\\#x202E;fdp\\.exe**');
    const public_ = hoverText(await client.hover(uri, { line: 2, character: 10 }));
    expect(public_).toContain('**their\\[U\\+000D\\]note\\.txt**');
    for (const text of [named, public_]) expect(text.replace(/\n/g, '')).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
  }, 60_000);

  it('with reservedNames "refuse", such a name is not uploaded, and the message says why', async () => {
    const docDir = await fs.realpath(dir).then((real) => path.join(real, 'refuse'));
    await fs.mkdir(docDir, { recursive: true });
    await fs.writeFile(path.join(docDir, "l'équipe.txt"), 'team');
    client = LspTestClient.spawnBundled({ ONEFICHIER_API_KEY: KEY });
    await client.initialize({
      options: { apiBaseUrl: sandbox.apiBaseUrl, reservedNames: 'refuse' },
      clientName: 'Neovim',
      workspaceFolders: [docDir],
    });
    client.answerPrompt = (prompt) => prompt.actions?.[0]?.title ?? null;
    const uri = pathToFileURL(path.join(docDir, 'README.md')).href;
    await client.open(uri, 'markdown', "see [team](<l'équipe.txt>)\n");
    const [action] = await client.codeActions(uri, { start: { line: 0, character: 20 }, end: { line: 0, character: 20 } });
    const before = sandbox.state().files.length;
    const err = await client.executeCommand(SERVER_COMMANDS.uploadAndReplace, action!.command!.arguments!).catch((e: Error) => e);
    expect(String((err as Error).message)).toMatch(/character ' which 1fichier reserves/);
    expect(sandbox.state().files.length).toBe(before);
  }, 60_000);

  it('with a refused key: says so once, flags nothing, never echoes the key', async () => {
    const wrongKey = 'WrongKeyWrongKeyWrongKey12345678';
    client = LspTestClient.spawnBundled({ ...PACE, ONEFICHIER_API_KEY: wrongKey });
    await client.initialize({ options: { apiBaseUrl: sandbox.apiBaseUrl } });
    const uri = pathToFileURL(path.join(dir, 'bad.md')).href;
    await client.open(uri, 'markdown', `${ownUrl}\n${goneUrl}\n${othersUrl}\n`);
    await eventually(() => client!.messages.some((m) => /No such user #93/.test(m.message)), 20_000, 'the refused key warning');
    await client.save(uri);
    await new Promise((r) => setTimeout(r, 500));
    expect(client.messages.filter((m) => /No such user/.test(m.message))).toHaveLength(1);
    expect(client.latestDiagnostics(uri)).toEqual([]);
    expect(client.rawTraffic.join('') + client.stderr.join('')).not.toContain(wrongKey);
  }, 60_000);

  it('without a key (nor ONEFICHIER_API_KEY): hovers offline and makes no call', async () => {
    const before = sandbox.state().counters.requests['file/info.cgi'] ?? 0;
    client = LspTestClient.spawnBundled({ ...PACE, ONEFICHIER_API_BASE_URL: sandbox.apiBaseUrl });
    await client.initialize();
    const uri = pathToFileURL(path.join(dir, 'nokey.json')).href;
    await client.open(uri, 'json', `{"file": "${ownUrl}"}`);
    const hover = hoverText(await client.hover(uri, { line: 0, character: 15 }));
    expect(hover).toContain(`1fichier link \`${ownUrl.split('?')[1]}\``);
    expect(hover).toContain('ONEFICHIER_API_KEY');
    await eventually(() => client!.diagnostics.has(uri), 5000, 'empty diagnostics');
    expect(client.latestDiagnostics(uri)).toEqual([]);
    expect(sandbox.state().counters.requests['file/info.cgi'] ?? 0).toBe(before);
  }, 60_000);

  it('tells a hovering user when 1fichier has locked the IP for flooding', async () => {
    // One call every 10 s, lock after the burst: the second call of the check gets "Flood detected #374".
    sandbox.setLimits({ ratePerSecond: 0.1, burst: 1, lockMs: 120_000 });
    try {
      // Its own pace ledger: the lock it provokes (and the pace learnt from it) must not hold the next servers.
      client = LspTestClient.spawnBundled({
        ONEFICHIER_PACE_DIR: fsSync.mkdtempSync(path.join(os.tmpdir(), 'lsp-flood-pace-')),
        ONEFICHIER_API_KEY: KEY,
      });
      await client.initialize({ options: { apiBaseUrl: sandbox.apiBaseUrl } });
      const uri = pathToFileURL(path.join(dir, 'flood.md')).href;
      const links = ['aaaaa11111', 'bbbbb22222', 'ccccc33333'].map((id) => `https://1fichier.com/?${id}`);
      await client.open(uri, 'markdown', links.join('\n'));
      await eventually(() => sandbox.state().floods > 0, 20_000, 'a flood lock');
      const hover = hoverText(await client.hover(uri, { line: 2, character: 10 }));
      expect(hover).toMatch(/1fichier asked to slow down \(flood lock\): calls are paused for about \d+ s/);
      // Nothing is claimed about the links meanwhile.
      expect(client.latestDiagnostics(uri) ?? []).toEqual([]);
    } finally {
      sandbox.setLimits({ ratePerSecond: 3, burst: 3, lockMs: 60_000 });
    }
  }, 60_000);

  it('takes the key from ONEFICHIER_API_KEY and the address from ONEFICHIER_API_BASE_URL', async () => {
    client = LspTestClient.spawnBundled({ ...PACE, ONEFICHIER_API_KEY: KEY, ONEFICHIER_API_BASE_URL: sandbox.apiBaseUrl });
    await client.initialize();
    const uri = pathToFileURL(path.join(dir, 'env.yaml')).href;
    await client.open(uri, 'yaml', `files:\n  - ${ownUrl}\n`);
    expect(hoverText(await client.hover(uri, { line: 1, character: 10 }))).toContain('quarterly report');
  }, 60_000);
  it('never carries the key in an LSP message, in either direction, under a verbose trace', async () => {
    const project = path.join(await fs.realpath(dir), 'traced');
    await fs.mkdir(project, { recursive: true });
    await fs.writeFile(path.join(project, 'notes.txt'), 'traced upload');
    client = LspTestClient.spawnBundled({ ...PACE, ONEFICHIER_API_KEY: KEY });
    await client.initialize({
      options: { apiBaseUrl: sandbox.apiBaseUrl },
      clientName: 'Neovim',
      trace: 'verbose',
      workspaceFolders: [project],
    });
    await client.connection.sendNotification('$/setTrace', { value: 'verbose' });
    client.answerPrompt = (prompt) => prompt.actions?.[0]?.title ?? null;
    const uri = pathToFileURL(path.join(project, 'README.md')).href;
    await client.open(uri, 'markdown', `report: ${ownUrl}\nold: ${goneUrl}\nnotes: notes.txt\n`);
    // The key works (file details, a direct link, an upload), so it reached the server.
    expect(hoverText(await client.hover(uri, { line: 0, character: 12 }))).toContain('quarterly report');
    await client.waitForDiagnostics(uri, (d) => d.length === 1, 30_000);
    const actions = await client.codeActions(uri, { start: { line: 0, character: 12 }, end: { line: 0, character: 12 } });
    await client.executeCommand(SERVER_COMMANDS.getDirectLink, actions[0]!.command!.arguments!);
    const upload = await client.codeActions(uri, { start: { line: 2, character: 9 }, end: { line: 2, character: 9 } });
    expect(await client.executeCommand(SERVER_COMMANDS.uploadAndReplace, upload[0]!.command!.arguments!)).toMatchObject({ replaced: true });
    // A verbose trace logs every message in both directions: all recorded here, none holds the key.
    expect(client.sentTraffic.join('')).toContain('initializationOptions');
    expect(client.rawTraffic.join('')).toContain('window/showMessageRequest');
    expect(client.sentTraffic.join('')).not.toContain(KEY);
    expect(client.rawTraffic.join('')).not.toContain(KEY);
    expect(client.stderr.join('')).not.toContain(KEY);
  }, 60_000);
});
