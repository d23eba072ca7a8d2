/**
 * The server's behaviour over the protocol, in process, with a fake of the core's client: edge cases the
 * sandbox cannot produce on demand (slow answers, classification, call counting). The same flows against
 * the sandbox through the bundled server are in sandbox.test.ts.
 */
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import {
  OneFichierError,
  type DownloadStream,
  type ErrorKind,
  type FileInfo,
  type UploadOptions,
  type UploadSource,
  type UploadedFile,
} from '@onefichier/core';
import { SERVER_COMMANDS } from '@onefichier/core/lsp-contract';
import { fileSource } from '@onefichier/core/node';
import { CancellationTokenSource } from 'vscode-jsonrpc/node';
import { LinkApi } from '../src/link-status';
import { ServerDependencies } from '../src/server';
import { LspTestClient, PromptRequest, eventually } from './lsp-client';

const SECRET = 'SECRET-key-9f8e7d6c5b4a';

/** The fake user says yes to "Upload and replace" (upload-and-replace.test.ts covers the other answers). */
const pressFirstButton = (prompt: PromptRequest): string | null => prompt.actions?.[0]?.title ?? null;

/** What the core throws (the server recognises the core's errors, not any object with a `kind`). */
class FakeError extends OneFichierError {
  constructor(kind: ErrorKind, message: string, hint?: string) {
    super({ kind, message, hint });
  }
}

function fileInfo(url: string, filename: string, extra: Partial<FileInfo> = {}): FileInfo {
  return {
    url,
    filename,
    size: 12_345_678,
    date: '2021-06-22 14:57:25',
    dateUtc: '2021-06-22T12:57:25.000Z',
    checksum: 'a'.repeat(128),
    contentType: 'application/pdf',
    passwordProtected: false,
    hasAcl: false,
    cdn: false,
    ...extra,
  };
}

/**
 * The fake service: the account's files by canonical URL (or the error file/info.cgi answers for them), and
 * other users' files, which file/info.cgi refuses as "not found" while get_token.cgi serves them.
 */
class FakeApi implements LinkApi {
  readonly infoCalls: string[] = [];
  readonly tokenCalls: string[] = [];
  readonly othersFiles = new Map<string, { password: boolean; filename: string; size: number }>();
  readonly downloads: { url: string; closed: boolean }[] = [];
  readonly uploads: { name: string; size: number; bytes: string }[] = [];
  delayMs = 0;
  /** Set to make every call fail like a refused key. */
  failAll: FakeError | undefined;
  constructor(readonly files: Map<string, FileInfo | FakeError>) {}

  async getFileInfo(url: string): Promise<FileInfo> {
    this.infoCalls.push(url);
    if (this.delayMs) await new Promise((r) => setTimeout(r, this.delayMs));
    if (this.failAll) throw this.failAll;
    const entry = this.files.get(url);
    if (!entry) throw new FakeError('not_found', 'File not found #707');
    if (entry instanceof FakeError) throw entry;
    return entry;
  }

  async getDownloadToken(request: { url: string }): Promise<{ url: string; expiresAt: number }> {
    this.tokenCalls.push(request.url);
    if (this.failAll) throw this.failAll;
    const others = this.othersFiles.get(request.url);
    if (others?.password) throw new FakeError('api', 'This file is protected by a password #727');
    if (!others && !(this.files.get(request.url) && !(this.files.get(request.url) instanceof FakeError))) {
      throw new FakeError('not_found', 'File not found #707');
    }
    return { url: `http://127.0.0.1:1/dl/token-for-${request.url.split('?')[1]}`, expiresAt: Date.now() + 300_000 };
  }

  async download(url: string): Promise<DownloadStream> {
    await this.getDownloadToken({ url });
    const others = this.othersFiles.get(url);
    const record = { url, closed: false };
    this.downloads.push(record);
    async function* body(): AsyncGenerator<Uint8Array> {
      try {
        for (let i = 0; i < 1000; i++) yield new Uint8Array(1024);
      } finally {
        record.closed = true;
      }
    }
    return { filename: others?.filename ?? 'own', size: others?.size ?? 0, stream: body() };
  }

  async upload(sources: UploadSource[], options?: UploadOptions): Promise<UploadedFile[]> {
    if (this.failAll) throw this.failAll;
    const out: UploadedFile[] = [];
    for (const source of sources) {
      const chunks: Buffer[] = [];
      for await (const chunk of source.open()) {
        chunks.push(Buffer.from(chunk));
        options?.onProgress?.({ bytesSent: Buffer.concat(chunks).length, totalBytes: source.size, file: source.name });
      }
      this.uploads.push({ name: source.name, size: source.size, bytes: Buffer.concat(chunks).toString() });
      const url = `https://1fichier.com/?up${String(this.uploads.length).padStart(8, '0')}`;
      this.files.set(url, fileInfo(url, source.name, { size: source.size }));
      out.push({ url, filename: source.name, size: source.size, whirlpool: '', folderId: 0, removeUrl: '' });
    }
    return out;
  }
}

const OWN = 'https://1fichier.com/?ownfile0001';
const GONE = 'https://1fichier.com/?gonefile002';
// Someone else's file, uploaded on another of 1fichier's domains: its links are sent to the API as written
// (packages/core/src/fileUrls.ts), so the fake knows it under that domain only.
const OTHERS = 'https://alterupload.com/?otherfile03';
const LOCKED = 'https://1fichier.com/?lockfile004';
const OTHERS_PROTECTED = 'https://1fichier.com/?otherpass05';

function newFakeApi(): FakeApi {
  const api = new FakeApi(
    new Map<string, FileInfo | FakeError>([
      [OWN, fileInfo(OWN, 'report *final*.pdf', { passwordProtected: true })],
      [LOCKED, new FakeError('locked', 'Owner locked #620', 'The owner account is locked.')],
    ]),
  );
  api.othersFiles.set(OTHERS, { password: false, filename: 'their_notes [v2].txt', size: 2_048_000 });
  api.othersFiles.set(OTHERS_PROTECTED, { password: true, filename: 'secret.7z', size: 10 });
  return api;
}

/** The server's dependencies; the key comes from the environment, as an editor passes it (none with `{}`). */
function deps(
  api: FakeApi,
  env: NodeJS.ProcessEnv = { ONEFICHIER_API_KEY: SECRET },
  extra: Partial<ServerDependencies> = {},
): ServerDependencies {
  return {
    createApi: (settings) => (settings.apiKey ? api : undefined),
    openFile: (absolutePath, name) => fileSource(absolutePath, { name }),
    env,
    ...extra,
  };
}

const DOC = 'file:///work/notes/links.md';
const TEXT = ['# Mirrors', `- [report](${OWN})`, `- gone: ${GONE}&af=1`, `- someone else's: ${OTHERS}`, `- again: ${GONE}`, ''].join('\n');

describe('language server over the protocol (fake API)', () => {
  let client: LspTestClient;
  afterEach(async () => client?.dispose());

  it('announces hover, code actions, its own commands and open/save sync', async () => {
    client = LspTestClient.inMemory(deps(newFakeApi()));
    const result = await client.initialize();
    expect(result.capabilities.hoverProvider).toBe(true);
    expect(result.capabilities.executeCommandProvider?.commands).toEqual([SERVER_COMMANDS.getDirectLink, SERVER_COMMANDS.uploadAndReplace]);
    expect(result.capabilities.textDocumentSync).toMatchObject({ openClose: true, save: { includeText: false } });
    expect(result.capabilities.codeActionProvider).toBeTruthy();
  });

  describe('without a key', () => {
    it('hovers with the link id and domain and says how to set a key, and publishes no diagnostics', async () => {
      const api = newFakeApi();
      client = LspTestClient.inMemory(deps(api, {}));
      await client.initialize({ clientName: 'Neovim' });
      await client.open(DOC, 'markdown', TEXT);
      const hover = await client.hover(DOC, { line: 3, character: 30 });
      const value = (hover?.contents as { value: string }).value;
      expect(value).toContain('`otherfile03` on alterupload.com');
      expect(value).toContain('ONEFICHIER_API_KEY');
      expect(value).toContain('cmd_env');
      const line = TEXT.split('\n')[3]!;
      const start = line.indexOf('https://alterupload.com');
      expect(hover?.range).toEqual({
        start: { line: 3, character: start },
        end: { line: 3, character: start + 'https://alterupload.com/?otherfile03'.length },
      });
      await eventually(() => client.diagnostics.has(DOC), 5000, 'diagnostics');
      expect(client.latestDiagnostics(DOC)).toEqual([]);
      expect(api.infoCalls).toEqual([]);
    });

    it('tells VS Code users to use the Set API Key command', async () => {
      client = LspTestClient.inMemory(deps(newFakeApi(), {}));
      await client.initialize({ clientName: 'Visual Studio Code' });
      await client.open(DOC, 'markdown', TEXT);
      const hover = await client.hover(DOC, { line: 1, character: 20 });
      expect((hover?.contents as { value: string }).value).toContain('1fichier: Set API Key');
    });

    it('answers nothing off a link, and ignores languages it does not read', async () => {
      client = LspTestClient.inMemory(deps(newFakeApi(), {}));
      await client.initialize();
      await client.open(DOC, 'markdown', TEXT);
      expect(await client.hover(DOC, { line: 0, character: 3 })).toBeNull();
      await client.open('file:///work/a.py', 'python', `url = "${OWN}"`);
      expect(await client.hover('file:///work/a.py', { line: 0, character: 12 })).toBeNull();
    });
  });

  describe('with a key', () => {
    it("hovers with name, size, date in the user's zone and the password flag", async () => {
      client = LspTestClient.inMemory(deps(newFakeApi()));
      await client.initialize();
      await client.open(DOC, 'markdown', TEXT);
      const hover = await client.hover(DOC, { line: 1, character: 25 });
      const value = (hover?.contents as { value: string }).value;
      expect(value).toContain('**report \\*final\\*\\.pdf**');
      expect(value).toContain('Size: 12.3 MB (12,345,678 bytes)');
      expect(value).toMatch(/Uploaded: 2021-06-22 \d\d:\d\d\n/);
      expect(value).toContain('Password: protected');
    });

    it("shows a public file's name and size from its download, closing the download after one chunk", async () => {
      const api = newFakeApi();
      client = LspTestClient.inMemory(deps(api));
      await client.initialize();
      await client.open(DOC, 'markdown', TEXT);
      const others = (await client.hover(DOC, { line: 3, character: 30 }))?.contents as { value: string };
      expect(others.value).toContain('**their\\_notes \\[v2\\]\\.txt**');
      expect(others.value).toContain('Size: 2.0 MB (2,048,000 bytes)');
      expect(others.value).toContain('a public file, not in your account');
      expect(api.downloads).toEqual([{ url: OTHERS, closed: true }]);
      // Cached: a second hover starts no second download.
      await client.hover(DOC, { line: 3, character: 30 });
      expect(api.downloads).toHaveLength(1);
      // Diagnostics never start downloads.
      await client.save(DOC);
      await new Promise((r) => setTimeout(r, 100));
      expect(api.downloads).toHaveLength(1);
    });

    it('says "not in your account" for someone else\'s file and "no longer exists" for a removed one', async () => {
      const api = newFakeApi();
      api.download = async () => {
        throw new FakeError('network', 'download host unreachable');
      };
      client = LspTestClient.inMemory(deps(api));
      await client.initialize();
      await client.open(DOC, 'markdown', TEXT);
      const others = (await client.hover(DOC, { line: 3, character: 30 }))?.contents as { value: string };
      expect(others.value).toContain('Not in your account');
      expect(others.value).not.toMatch(/no longer exists/);
      expect(others.value).toContain('The file exists.');
      const gone = (await client.hover(DOC, { line: 2, character: 20 }))?.contents as { value: string };
      // The diagnostic says it, and the editor shows it beside the hover: the hover does not say it again.
      expect(gone.value).toContain('removed from 1fichier');
      expect(gone.value).not.toMatch(/no longer exists|#707/);
      await client.open('file:///work/p.txt', 'plaintext', OTHERS_PROTECTED);
      const protectedOne = (await client.hover('file:///work/p.txt', { line: 0, character: 3 }))?.contents as { value: string };
      expect(protectedOne.value).toContain('The file exists and is protected by a password.');
    });

    it('asks get_token only for links file/info refused, and never claims an unconfirmed file is dead', async () => {
      const api = newFakeApi();
      client = LspTestClient.inMemory(deps(api));
      await client.initialize();
      await client.open(DOC, 'markdown', TEXT);
      await client.waitForDiagnostics(DOC, (d) => d.length === 2);
      expect([...api.tokenCalls].sort()).toEqual([GONE, OTHERS].sort());
      // A subscription problem on get_token leaves the link unflagged ("not in your account").
      const noPremium = newFakeApi();
      noPremium.getDownloadToken = async () => {
        throw new FakeError('not_premium', 'Must be a customer (Premium, Access) #236');
      };
      const second = LspTestClient.inMemory(deps(noPremium));
      await second.initialize();
      await second.open(DOC, 'markdown', TEXT);
      await eventually(() => noPremium.infoCalls.length === 3, 5000, 'three info calls');
      await new Promise((r) => setTimeout(r, 100));
      expect(second.latestDiagnostics(DOC)).toEqual([]);
      const hover = (await second.hover(DOC, { line: 2, character: 20 }))?.contents as { value: string };
      expect(hover.value).toContain('Not in your account');
      expect(hover.value).not.toContain('The file exists');
      await second.dispose();
    });

    it('flags only removed files, once per file, on open, and places them on every occurrence', async () => {
      const api = newFakeApi();
      client = LspTestClient.inMemory(deps(api));
      await client.initialize();
      await client.open(DOC, 'markdown', TEXT);
      const diagnostics = await client.waitForDiagnostics(DOC, (d) => d.length === 2);
      expect(diagnostics.map((d) => d.range.start.line)).toEqual([2, 4]);
      expect(diagnostics[0]).toMatchObject({
        severity: 2,
        source: '1fichier',
        code: 'file-not-found',
        range: { start: { line: 2, character: 8 }, end: { line: 2, character: 46 } },
      });
      expect(diagnostics[0]!.message).toBe(
        'This 1fichier file no longer exists (it may have been deleted). Remove the link or replace it with a new upload.',
      );
      // Nothing to download or reveal on a dead link.
      expect(await client.codeActions(DOC, diagnostics[0]!.range)).toEqual([]);
      // Three distinct files, one call each, although GONE is written twice.
      await eventually(() => api.infoCalls.length === 3, 5000, 'three calls');
      expect([...api.infoCalls].sort()).toEqual([GONE, OTHERS, OWN].sort());
    });

    it('never calls the API while typing; re-places known diagnostics; checks new links on save only', async () => {
      const api = newFakeApi();
      client = LspTestClient.inMemory(deps(api));
      await client.initialize();
      await client.open(DOC, 'markdown', TEXT);
      await client.waitForDiagnostics(DOC, (d) => d.length === 2);
      const callsAfterOpen = api.infoCalls.length;
      const edited = `New first line\n${TEXT}- new: ${LOCKED}\n`;
      for (let i = 0; i < 5; i++) await client.change(DOC, edited);
      // Known diagnostics move down one line without any call.
      await client.waitForDiagnostics(DOC, (d) => d.length === 2 && d[0]!.range.start.line === 3);
      expect(api.infoCalls.length).toBe(callsAfterOpen);
      await client.save(DOC);
      await eventually(() => api.infoCalls.length === callsAfterOpen + 1, 5000, 'one call for the new link');
      expect(api.infoCalls[api.infoCalls.length - 1]).toBe(LOCKED);
      // Saving again within the cache period asks nothing.
      await client.save(DOC);
      await new Promise((r) => setTimeout(r, 300));
      expect(api.infoCalls.length).toBe(callsAfterOpen + 1);
    });

    it('looks up at most maxLookupsPerCheck files per open or save, and the next save continues', async () => {
      const api = newFakeApi();
      client = LspTestClient.inMemory(deps(api, undefined, { maxLookupsPerCheck: 2 }));
      await client.initialize();
      await client.open(DOC, 'markdown', TEXT);
      await eventually(() => client.logs.some((l) => l.includes(': 1 link not checked yet')), 5000, 'the log line');
      expect(api.infoCalls).toHaveLength(2);
      await client.save(DOC);
      await eventually(() => api.infoCalls.length === 3, 5000, 'the third file');
      await client.waitForDiagnostics(DOC, (d) => d.length === 2);
    });

    it('reports a refused key once, flags nothing, and never shows the key', async () => {
      const api = newFakeApi();
      api.failAll = new FakeError('auth', 'No such user #93', 'Check the API key.');
      client = LspTestClient.inMemory(deps(api));
      await client.initialize();
      await client.open(DOC, 'markdown', TEXT);
      await client.open('file:///work/other.md', 'markdown', TEXT);
      await eventually(() => client.messages.length > 0, 5000, 'a warning');
      await new Promise((r) => setTimeout(r, 300));
      const warnings = client.messages.filter((m) => m.message.includes('No such user #93'));
      expect(warnings).toHaveLength(1);
      expect(warnings[0]!.message).toContain('Check the API key.');
      expect(api.infoCalls.length).toBe(1);
      expect(client.latestDiagnostics(DOC)).toEqual([]);
      expect(client.rawTraffic.join('')).not.toContain(SECRET);
    });

    it('answers a hover that waits too long with a "fetching" note, and has the details next time', async () => {
      const api = newFakeApi();
      api.delayMs = 600;
      client = LspTestClient.inMemory(deps(api, undefined, { hoverTimeoutMs: 100 }));
      await client.initialize();
      await client.open('file:///work/h.txt', 'plaintext', `x ${OWN} y`);
      const first = (await client.hover('file:///work/h.txt', { line: 0, character: 5 }))?.contents as { value: string };
      expect(first.value).toContain('Fetching');
      // The call went on in the background: a later hover has the details, from the same single call.
      await eventually(() => api.infoCalls.length === 1, 5000, 'the call');
      let second = '';
      for (let i = 0; i < 50 && !second.includes('report'); i++) {
        await new Promise((r) => setTimeout(r, 100));
        second = ((await client.hover('file:///work/h.txt', { line: 0, character: 5 }))?.contents as { value: string }).value;
      }
      expect(second).toContain('report');
      expect(api.infoCalls).toHaveLength(1);
    });

    it('says so in a hover that cannot wait while 1fichier has locked the IP for flooding', async () => {
      const api = newFakeApi();
      api.delayMs = 1000;
      client = LspTestClient.inMemory(
        deps(api, undefined, {
          hoverTimeoutMs: 100,
          createApi: (settings, hooks) => {
            hooks.floodWait(60_000);
            return settings.apiKey ? api : undefined;
          },
        }),
      );
      await client.initialize();
      await client.open('file:///work/f.txt', 'plaintext', OWN);
      const hover = ((await client.hover('file:///work/f.txt', { line: 0, character: 5 }))?.contents as { value: string }).value;
      expect(hover).toMatch(/flood lock\): calls are paused for about (59|60) s/);
    });

    it('takes the key only from ONEFICHIER_API_KEY; an apiKey in the options or settings is not read, and a warning says what to do', async () => {
      const api = newFakeApi();
      const seenKeys: (string | undefined)[] = [];
      const recordingDeps = (env: NodeJS.ProcessEnv): ServerDependencies =>
        deps(api, env, {
          createApi: (s) => {
            seenKeys.push(s.apiKey);
            return s.apiKey ? api : undefined;
          },
        });
      client = LspTestClient.inMemory(recordingDeps({}));
      await client.initialize({ options: { apiKey: 'key-in-a-trace' } });
      await client.changeConfiguration({ onefichier: { apiKey: 'later-key' } });
      const warned = () => client.messages.filter((m) => m.message.includes('The apiKey option is not read'));
      await eventually(() => warned().length === 2, 5000, 'two warnings');
      expect(warned()[0]!.message).toContain('set the environment variable ONEFICHIER_API_KEY for the server instead');
      // Said once per message that holds a key, not again for later settings without one.
      await client.changeConfiguration({ onefichier: { apiBaseUrl: 'https://api.1fichier.com/v1' } });
      await new Promise((r) => setTimeout(r, 100));
      expect(warned()).toHaveLength(2);
      expect(seenKeys.filter((k) => k !== undefined)).toEqual([]);
      await client.open(DOC, 'markdown', TEXT);
      expect(((await client.hover(DOC, { line: 1, character: 25 }))?.contents as { value: string }).value).toContain('need an API key');
      expect(client.rawTraffic.join('')).not.toMatch(/key-in-a-trace|later-key/);

      const envClient = LspTestClient.inMemory(recordingDeps({ ONEFICHIER_API_KEY: 'env-key' }));
      await envClient.initialize();
      expect(seenKeys).toContain('env-key');
      // Empty or null settings (sent by several clients on start) change nothing.
      await envClient.changeConfiguration(null);
      await envClient.changeConfiguration({});
      await envClient.open(DOC, 'markdown', TEXT);
      expect(((await envClient.hover(DOC, { line: 1, character: 25 }))?.contents as { value: string }).value).toContain('report');
      await envClient.dispose();
    });
  });

  describe('code actions and commands', () => {
    let dir: string;
    beforeAll(async () => {
      dir = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'lsp-actions-')));
      await fs.mkdir(path.join(dir, 'data'));
      await fs.writeFile(path.join(dir, 'data', 'notes.txt'), 'hello 1fichier');
      await fs.writeFile(path.join(dir, 'empty.bin'), '');
    });
    afterAll(() => fs.rm(dir, { recursive: true, force: true }));

    it("offers the VS Code extension's commands on a link in VS Code", async () => {
      client = LspTestClient.inMemory(deps(newFakeApi()));
      await client.initialize({ clientName: 'Visual Studio Code' });
      await client.open(DOC, 'markdown', TEXT);
      const actions = await client.codeActions(DOC, { start: { line: 3, character: 30 }, end: { line: 3, character: 30 } });
      expect(actions.map((a) => [a.title, a.command?.command, a.command?.arguments])).toEqual([
        ['1fichier: Copy direct download link', 'onefichier.copyDirectLink', [OTHERS]],
        ['1fichier: Download file', 'onefichier.downloadFile', [OTHERS]],
        ['1fichier: Reveal in 1fichier view', 'onefichier.revealInTree', [OTHERS]],
      ]);
    });

    it("offers the server's own direct-link command elsewhere, which returns and shows the token URL", async () => {
      client = LspTestClient.inMemory(deps(newFakeApi()));
      await client.initialize({ clientName: 'Neovim' });
      await client.open(DOC, 'markdown', TEXT);
      const actions = await client.codeActions(DOC, { start: { line: 1, character: 20 }, end: { line: 1, character: 20 } });
      expect(actions).toHaveLength(1);
      expect(actions[0]!.command).toMatchObject({ command: SERVER_COMMANDS.getDirectLink, arguments: [OWN, { show: true }] });
      const url = await client.executeCommand<string>(SERVER_COMMANDS.getDirectLink, actions[0]!.command!.arguments!);
      expect(url).toBe('http://127.0.0.1:1/dl/token-for-ownfile0001');
      await eventually(() => client.messages.some((m) => m.message.includes(url)), 5000, 'the link shown');
    });

    it('lets a client name the commands it implements', async () => {
      client = LspTestClient.inMemory(deps(newFakeApi()));
      await client.initialize({ options: { clientCommands: ['onefichier.downloadFile'] }, clientName: 'Visual Studio Code' });
      await client.open(DOC, 'markdown', TEXT);
      const actions = await client.codeActions(DOC, { start: { line: 1, character: 20 }, end: { line: 1, character: 20 } });
      expect(actions.map((a) => a.command?.command)).toEqual(['onefichier.downloadFile', SERVER_COMMANDS.getDirectLink]);
    });

    it("explains get_token's data-centre refusal in the server's words: no CDN option of its own, where to get one", async () => {
      const api = newFakeApi();
      api.failAll = new FakeError(
        'cdn_required',
        '1fichier download/get_token.cgi: Premium status not allowed from professional equipment, must have CDN #736',
        "core's hint: turn on the download's CDN option",
      );
      client = LspTestClient.inMemory(deps(api));
      await client.initialize({ clientName: 'Neovim' });
      const refused = client.executeCommand(SERVER_COMMANDS.getDirectLink, [OWN]);
      await expect(refused).rejects.toThrow(/must have CDN #736 .*from a residential connection.*onefichier\.useCdnCredits/);
      await expect(refused).rejects.not.toThrow(/core's hint/);
    });

    it('explains bad arguments and a missing key', async () => {
      client = LspTestClient.inMemory(deps(newFakeApi(), {}));
      await client.initialize();
      await expect(client.executeCommand(SERVER_COMMANDS.getDirectLink, ['https://example.com/?abcde'])).rejects.toThrow(
        /needs a 1fichier file link/,
      );
      await expect(client.executeCommand(SERVER_COMMANDS.getDirectLink, [OWN])).rejects.toThrow(/no API key is set/);
      await expect(client.executeCommand('onefichier.nope', [])).rejects.toThrow(/unknown command/);
      await expect(client.executeCommand(SERVER_COMMANDS.uploadAndReplace, ['x'])).rejects.toThrow(
        /needs \[documentUri, range, absolutePath\]/,
      );
    });

    it('uploads a local file named in the document and replaces the path with its link, with progress', async () => {
      const api = newFakeApi();
      client = LspTestClient.inMemory(deps(api));
      await client.initialize({ clientName: 'Neovim', workspaceFolders: [dir] });
      client.answerPrompt = pressFirstButton;
      const uri = pathToFileURL(path.join(dir, 'readme.md')).href;
      const text = 'Intro\nSee [the notes](data/notes.txt) for more.\n';
      await client.open(uri, 'markdown', text);
      const actions = await client.codeActions(uri, { start: { line: 1, character: 20 }, end: { line: 1, character: 20 } });
      expect(actions).toHaveLength(1);
      const action = actions[0]!;
      expect(action.title).toBe('1fichier: Upload notes.txt (14 bytes) and replace with link');
      expect(action.command?.arguments).toEqual([
        uri,
        { start: { line: 1, character: 16 }, end: { line: 1, character: 30 } },
        path.join(dir, 'data', 'notes.txt'),
      ]);
      const result = await client.executeCommand<{ url: string; replaced: boolean }>(
        SERVER_COMMANDS.uploadAndReplace,
        action.command!.arguments!,
      );
      expect(result).toMatchObject({ url: 'https://1fichier.com/?up00000001', replaced: true });
      expect(api.uploads).toEqual([{ name: 'notes.txt', size: 14, bytes: 'hello 1fichier' }]);
      expect(client.appliedEdits).toHaveLength(1);
      expect(client.appliedEdits[0]!.edit.changes).toEqual({
        [uri]: [
          { range: { start: { line: 1, character: 16 }, end: { line: 1, character: 30 } }, newText: 'https://1fichier.com/?up00000001' },
        ],
      });
      const kinds = client.progress.map((p) => p.value.kind);
      expect(kinds[0]).toBe('begin');
      expect(kinds[kinds.length - 1]).toBe('end');
      expect(client.progress[0]!.value.title).toBe('Uploading notes.txt to 1fichier');
    });

    it('does not replace a path that was edited during the upload, and refuses empty files', async () => {
      const api = newFakeApi();
      client = LspTestClient.inMemory(deps(api));
      await client.initialize({ clientName: 'Neovim', workspaceFolders: [dir] });
      client.answerPrompt = pressFirstButton;
      const uri = pathToFileURL(path.join(dir, 'list.txt')).href;
      await client.open(uri, 'plaintext', 'file: data/notes.txt\nother: empty.bin\n');
      const range = { start: { line: 0, character: 6 }, end: { line: 0, character: 20 } };
      await client.change(uri, 'file: data/NOTES.txt\nother: empty.bin\n');
      await expect(
        client.executeCommand(SERVER_COMMANDS.uploadAndReplace, [uri, range, path.join(dir, 'data', 'notes.txt')]),
      ).rejects.toThrow(/not the path .* any more/);
      const emptyRange = { start: { line: 1, character: 7 }, end: { line: 1, character: 16 } };
      await expect(client.executeCommand(SERVER_COMMANDS.uploadAndReplace, [uri, emptyRange, path.join(dir, 'empty.bin')])).rejects.toThrow(
        /is empty, and 1fichier does not accept empty/,
      );
      expect(api.uploads).toEqual([]);
      expect(client.appliedEdits).toEqual([]);
    });

    it('cancels an upload when the editor cancels the request, and reports a failed upload with its hint', async () => {
      const api = newFakeApi();
      let sawAbort = false;
      let uploadStarted!: () => void;
      const started = new Promise<void>((r) => (uploadStarted = r));
      api.upload = (_sources, options) =>
        new Promise((_resolve, reject) => {
          uploadStarted();
          options?.signal?.addEventListener('abort', () => {
            sawAbort = true;
            reject(new FakeError('cancelled', 'Cancelled by the caller.'));
          });
        });
      client = LspTestClient.inMemory(deps(api));
      await client.initialize({ clientName: 'Neovim', workDoneProgress: false, workspaceFolders: [dir] });
      client.answerPrompt = pressFirstButton;
      const uri = pathToFileURL(path.join(dir, 'c.md')).href;
      await client.open(uri, 'markdown', 'data/notes.txt\n');
      const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 14 } };
      const source = new CancellationTokenSource();
      const running = client.executeCommand(
        SERVER_COMMANDS.uploadAndReplace,
        [uri, range, path.join(dir, 'data', 'notes.txt')],
        source.token,
      );
      await started; // cancelled while the upload runs, not before it starts
      source.cancel();
      await expect(running).rejects.toThrow(/cancelled; nothing was replaced/);
      expect(sawAbort).toBe(true);
      expect(client.appliedEdits).toEqual([]);

      api.upload = async () => {
        throw new FakeError('file_too_large', 'File too large #718', 'Split the file.');
      };
      await expect(
        client.executeCommand(SERVER_COMMANDS.uploadAndReplace, [uri, range, path.join(dir, 'data', 'notes.txt')]),
      ).rejects.toThrow('1fichier: upload of notes.txt failed: File too large #718 Split the file.');
      await eventually(
        () => client.messages.some((m) => m.type === 1 && m.message.includes('File too large #718')),
        5000,
        'the error shown',
      );
    });

    it('offers no upload on words that are not existing files', async () => {
      client = LspTestClient.inMemory(deps(newFakeApi()));
      await client.initialize({ workspaceFolders: [dir] });
      const uri = pathToFileURL(path.join(dir, 'w.md')).href;
      await client.open(uri, 'markdown', 'just words here, and data/missing.txt, and data/\n');
      for (const character of [2, 30, 45]) {
        expect(await client.codeActions(uri, { start: { line: 0, character }, end: { line: 0, character } })).toEqual([]);
      }
    });
  });
});
