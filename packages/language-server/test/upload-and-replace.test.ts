/**
 * "Upload and replace with link" over the protocol: it publishes only what the user meant. A document can
 * name any path (a crafted README in a cloned repository is enough), so the action is offered only for
 * regular files inside the announced workspace folders, always asks first, and publishes nothing when the
 * prompt is dismissed.
 */
import { execFileSync } from 'child_process';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import type { DownloadStream, FileInfo, UploadOptions, UploadSource, UploadedFile } from '@onefichier/core';
import { PROMPT_CANCEL, SERVER_COMMANDS } from '@onefichier/core/lsp-contract';
import { fileSource } from '@onefichier/core/node';
import type { Range } from 'vscode-languageserver/node';
import type { LinkApi } from '../src/link-status';
import type { ServerDependencies } from '../src/server';
import { LspTestClient, PromptRequest } from './lsp-client';

const KEY = 'UploadGuardKey0123456789abcdef';

/** Records uploads; nothing else is called by these tests. */
class UploadRecorder implements LinkApi {
  readonly uploads: { name: string; bytes: string }[] = [];
  async upload(sources: UploadSource[], _options?: UploadOptions): Promise<UploadedFile[]> {
    const out: UploadedFile[] = [];
    for (const source of sources) {
      const chunks: Buffer[] = [];
      for await (const chunk of source.open()) chunks.push(Buffer.from(chunk));
      this.uploads.push({ name: source.name, bytes: Buffer.concat(chunks).toString() });
      const url = `https://1fichier.com/?up${String(this.uploads.length).padStart(8, '0')}`;
      out.push({ url, filename: source.name, size: source.size, whirlpool: '', folderId: 0, removeUrl: '' });
    }
    return out;
  }
  getFileInfo(): Promise<FileInfo> {
    return Promise.reject(new Error('not used'));
  }
  getDownloadToken(): Promise<{ url: string; expiresAt: number }> {
    return Promise.reject(new Error('not used'));
  }
  download(): Promise<DownloadStream> {
    return Promise.reject(new Error('not used'));
  }
}

/** The key comes from the environment, as an editor passes it; `~/` is a fake home folder. */
function deps(api: LinkApi, home: string): ServerDependencies {
  return {
    createApi: (settings) => (settings.apiKey ? api : undefined),
    openFile: (absolutePath, name) => fileSource(absolutePath, { name }),
    env: { ONEFICHIER_API_KEY: KEY, HOME: home },
  };
}

/** Presses the button that is not Cancel. */
const pressPublish = (prompt: PromptRequest): string | null => prompt.actions?.find((a) => a.title !== PROMPT_CANCEL)?.title ?? null;

interface Written {
  uri: string;
  /** Where the path is written in the document. */
  range: Range;
}

describe('upload and replace: only what the user meant', () => {
  let root: string;
  let workspace: string;
  let outsideFile: string;
  let home: string;
  let client: LspTestClient;
  let api: UploadRecorder;

  beforeAll(async () => {
    // realpath: os.tmpdir() may itself be a symlink (macOS), which is not what these tests are about.
    root = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'lsp-guard-')));
    workspace = path.join(root, 'project');
    await fs.mkdir(path.join(workspace, 'docs'), { recursive: true });
    await fs.mkdir(path.join(workspace, '.config'), { recursive: true });
    await fs.writeFile(path.join(workspace, 'docs', 'notes.txt'), 'hello 1fichier');
    await fs.writeFile(path.join(workspace, '.env'), 'DATABASE_PASSWORD=hunter2');
    await fs.writeFile(path.join(workspace, '.config', 'token.txt'), 'token');
    await fs.mkdir(path.join(root, 'outside'));
    outsideFile = path.join(root, 'outside', 'shadow');
    await fs.writeFile(outsideFile, 'root:$6$secret:19000:0:99999:7:::\n');
    await fs.symlink(outsideFile, path.join(workspace, 'docs', 'escape.txt'));
    await fs.symlink(path.join(workspace, 'docs', 'notes.txt'), path.join(workspace, 'docs', 'alias.txt'));
    execFileSync('mkfifo', [path.join(workspace, 'docs', 'pipe.txt')]);
    // `~/...` resolves against the server's HOME: a fake one, so the test never reads the real one.
    home = path.join(root, 'home');
    await fs.mkdir(path.join(home, '.ssh'), { recursive: true });
    await fs.writeFile(path.join(home, '.ssh', 'id_ed25519'), 'PRIVATE KEY');
    await fs.writeFile(path.join(home, 'taxes.pdf'), '%PDF taxes');
  });

  afterAll(() => fs.rm(root, { recursive: true, force: true }));

  beforeEach(async () => {
    api = new UploadRecorder();
    client = LspTestClient.inMemory(deps(api, home));
    await client.initialize({ clientName: 'Neovim', workspaceFolders: [workspace] });
  });
  afterEach(async () => client.dispose());

  /** Opens a Markdown document in the workspace whose second line names `written`. */
  async function documentNaming(written: string, name = 'readme.md'): Promise<Written> {
    const uri = pathToFileURL(path.join(workspace, 'docs', name)).href;
    await client.open(uri, 'markdown', `# Notes\nsee ${written} here\n`);
    return { uri, range: { start: { line: 1, character: 4 }, end: { line: 1, character: 4 + written.length } } };
  }

  function uploadActions(at: Written) {
    return client
      .codeActions(at.uri, { start: at.range.start, end: at.range.start })
      .then((actions) => actions.filter((a) => a.command?.command === SERVER_COMMANDS.uploadAndReplace));
  }

  describe('a regular file inside the workspace', () => {
    it('is offered; the prompt names the file, its full path, its size and where it goes; "yes" uploads and replaces', async () => {
      const at = await documentNaming('notes.txt');
      const [action, ...more] = await uploadActions(at);
      expect(more).toEqual([]);
      expect(action?.title).toBe('1fichier: Upload notes.txt (14 bytes) and replace with link');
      client.answerPrompt = pressPublish;
      const result = await client.executeCommand(SERVER_COMMANDS.uploadAndReplace, action!.command!.arguments!);
      expect(client.prompts).toHaveLength(1);
      const prompt = client.prompts[0]!;
      expect(prompt.message).toContain(path.join(workspace, 'docs', 'notes.txt'));
      expect(prompt.message).toContain('14 bytes');
      expect(prompt.message).toContain('the root folder of your 1fichier account');
      expect(prompt.message).toContain('anyone with the link can download it');
      expect(prompt.actions?.map((a) => a.title)).toEqual(['Upload and replace', PROMPT_CANCEL]);
      expect(result).toMatchObject({ url: 'https://1fichier.com/?up00000001', filename: 'notes.txt', size: 14, replaced: true });
      expect(api.uploads).toEqual([{ name: 'notes.txt', bytes: 'hello 1fichier' }]);
      expect(client.appliedEdits).toHaveLength(1);
    });

    it('"Cancel" or a dismissed prompt uploads nothing and edits nothing', async () => {
      const at = await documentNaming('notes.txt');
      const args = (await uploadActions(at))[0]!.command!.arguments!;
      client.answerPrompt = () => PROMPT_CANCEL;
      expect(await client.executeCommand(SERVER_COMMANDS.uploadAndReplace, args)).toBeNull();
      client.answerPrompt = () => null;
      expect(await client.executeCommand(SERVER_COMMANDS.uploadAndReplace, args)).toBeNull();
      expect(client.prompts).toHaveLength(2);
      expect(api.uploads).toEqual([]);
      expect(client.appliedEdits).toEqual([]);
    });

    it('a name with a bidirectional control is shown with the control visible, in the action and the prompt', async () => {
      await fs.writeFile(path.join(workspace, 'docs', 'report\u202Efdp.txt'), 'text');
      const at = await documentNaming('report\u202Efdp.txt');
      const [action] = await uploadActions(at);
      expect(action?.title).toBe('1fichier: Upload report[U+202E]fdp.txt (4 bytes) and replace with link');
      client.answerPrompt = () => null;
      await client.executeCommand(SERVER_COMMANDS.uploadAndReplace, action!.command!.arguments!);
      expect(client.prompts[0]!.message).toContain('report[U+202E]fdp.txt');
      expect(client.prompts[0]!.message).not.toContain('\u202E');
      expect(api.uploads).toEqual([]);
    });

    it('a name with control characters is shown with them visible, in the action, the prompt and the log', async () => {
      const name = 'title\u001bowned\u0007.txt';
      await fs.writeFile(path.join(workspace, 'docs', name), 'text');
      const at = await documentNaming(name);
      const [action] = await uploadActions(at);
      expect(action?.title).toBe('1fichier: Upload title[U+001B]owned[U+0007].txt (4 bytes) and replace with link');
      client.answerPrompt = () => null;
      await client.executeCommand(SERVER_COMMANDS.uploadAndReplace, action!.command!.arguments!);
      expect(client.prompts[0]!.message).toContain('title[U+001B]owned[U+0007].txt');
      expect(client.logs.find((l) => l.includes('declined'))).toContain('title[U+001B]owned[U+0007].txt');
      expect([client.prompts[0]!.message, ...client.logs].join('')).not.toMatch(/[\u0000-\u001f]/);
      expect(api.uploads).toEqual([]);
    });

    it('is offered for a symlink that stays inside the workspace, published under the name written', async () => {
      const at = await documentNaming('alias.txt');
      const [action] = await uploadActions(at);
      expect(action).toBeDefined();
      client.answerPrompt = pressPublish;
      await client.executeCommand(SERVER_COMMANDS.uploadAndReplace, action!.command!.arguments!);
      expect(api.uploads).toEqual([{ name: 'alias.txt', bytes: 'hello 1fichier' }]);
    });

    it('follows the workspace folders the client announces later', async () => {
      const second = await fs.mkdtemp(path.join(root, 'second-'));
      await fs.writeFile(path.join(second, 'data.csv'), 'a,b\n1,2\n');
      const at = await documentNaming(path.join(second, 'data.csv'));
      expect(await uploadActions(at)).toEqual([]);
      await client.changeWorkspaceFolders([second], []);
      expect(await uploadActions(at)).toHaveLength(1);
      await client.changeWorkspaceFolders([], [second]);
      expect(await uploadActions(at)).toEqual([]);
    });
  });

  it('offers nothing when the client announced no workspace folder', async () => {
    const bare = LspTestClient.inMemory(deps(api, home));
    try {
      await bare.initialize({ clientName: 'Neovim' });
      const uri = pathToFileURL(path.join(workspace, 'docs', 'single.md')).href;
      await bare.open(uri, 'markdown', 'see notes.txt here\n');
      expect(await bare.codeActions(uri, { start: { line: 0, character: 6 }, end: { line: 0, character: 6 } })).toEqual([]);
    } finally {
      await bare.dispose();
    }
  });

  describe('anything else is never offered, and runs only after a warning that names it', () => {
    const cases: { what: string; written: () => string; fullPath: () => string; reason: () => string; bytes: string }[] = [
      {
        what: 'an absolute path outside the workspace (/etc/shadow-like)',
        written: () => outsideFile,
        fullPath: () => outsideFile,
        reason: () => 'outside the workspace folders',
        bytes: 'root:$6$secret:19000:0:99999:7:::\n',
      },
      {
        what: 'a ~/ path',
        written: () => '~/taxes.pdf',
        fullPath: () => path.join(home, 'taxes.pdf'),
        reason: () => 'outside the workspace folders',
        bytes: '%PDF taxes',
      },
      {
        what: 'a ~/ dot-file',
        written: () => '~/.ssh/id_ed25519',
        fullPath: () => path.join(home, '.ssh', 'id_ed25519'),
        reason: () => 'outside the workspace folders',
        bytes: 'PRIVATE KEY',
      },
      {
        what: 'a ../../.. path that climbs out',
        written: () => '../../outside/shadow',
        fullPath: () => outsideFile,
        reason: () => 'outside the workspace folders',
        bytes: 'root:$6$secret:19000:0:99999:7:::\n',
      },
      {
        what: 'a dot-file inside the workspace',
        written: () => '../.env',
        fullPath: () => path.join(workspace, '.env'),
        reason: () => 'hidden',
        bytes: 'DATABASE_PASSWORD=hunter2',
      },
      {
        what: 'a file in a dot-folder inside the workspace',
        written: () => '../.config/token.txt',
        fullPath: () => path.join(workspace, '.config', 'token.txt'),
        reason: () => 'hidden',
        bytes: 'token',
      },
      {
        what: 'a symlink in the workspace that points outside it',
        written: () => 'escape.txt',
        fullPath: () => path.join(workspace, 'docs', 'escape.txt'),
        reason: () => `a link to ${outsideFile}, outside the workspace folders`,
        bytes: 'root:$6$secret:19000:0:99999:7:::\n',
      },
    ];

    for (const c of cases) {
      it(`${c.what}: not offered; run directly, it warns with the full path and size, and a dismissal publishes nothing`, async () => {
        const at = await documentNaming(c.written());
        expect(await uploadActions(at)).toEqual([]);
        const args = [at.uri, at.range, c.fullPath()];
        expect(await client.executeCommand(SERVER_COMMANDS.uploadAndReplace, args)).toBeNull();
        expect(client.prompts).toHaveLength(1);
        const prompt = client.prompts[0]!;
        expect(prompt.type).toBe(2); // a warning
        expect(prompt.message).toContain(c.fullPath());
        expect(prompt.message).toContain(`${Buffer.byteLength(c.bytes)} bytes`);
        expect(prompt.message).toContain(c.reason());
        expect(prompt.actions?.map((a) => a.title)).toEqual(['Upload anyway', PROMPT_CANCEL]);
        expect(api.uploads).toEqual([]);
        expect(client.appliedEdits).toEqual([]);
      });
    }

    it('the explicit confirmation does publish it, under the name written', async () => {
      const at = await documentNaming(outsideFile);
      client.answerPrompt = pressPublish;
      const result = await client.executeCommand(SERVER_COMMANDS.uploadAndReplace, [at.uri, at.range, outsideFile]);
      expect(result).toMatchObject({ filename: 'shadow', replaced: true });
      expect(api.uploads).toEqual([{ name: 'shadow', bytes: 'root:$6$secret:19000:0:99999:7:::\n' }]);
    });
  });

  describe('never uploaded, whatever the answer', () => {
    it('/proc/self/environ: not offered, and refused without a prompt', async () => {
      const at = await documentNaming('/proc/self/environ');
      expect(await uploadActions(at)).toEqual([]);
      client.answerPrompt = pressPublish;
      await expect(client.executeCommand(SERVER_COMMANDS.uploadAndReplace, [at.uri, at.range, '/proc/self/environ'])).rejects.toThrow(
        /\/proc\/self\/environ is a system file \(under \/proc\); it is never uploaded/,
      );
      expect(client.prompts).toEqual([]);
      expect(api.uploads).toEqual([]);
    });

    it('a FIFO in the workspace: not offered, and refused without a prompt', async () => {
      const at = await documentNaming('pipe.txt');
      expect(await uploadActions(at)).toEqual([]);
      client.answerPrompt = pressPublish;
      await expect(
        client.executeCommand(SERVER_COMMANDS.uploadAndReplace, [at.uri, at.range, path.join(workspace, 'docs', 'pipe.txt')]),
      ).rejects.toThrow(/is not a regular file/);
      expect(client.prompts).toEqual([]);
      expect(api.uploads).toEqual([]);
    });
  });

  it('refuses a file that changed while the prompt was open', async () => {
    const file = path.join(workspace, 'docs', 'draft.txt');
    await fs.writeFile(file, 'first draft');
    const at = await documentNaming('draft.txt');
    const args = (await uploadActions(at))[0]!.command!.arguments!;
    client.answerPrompt = (prompt) => {
      // The user switches the file for another one before answering.
      execFileSync('sh', ['-c', 'rm "$1" && ln -s "$2" "$1"', 'sh', file, outsideFile]);
      return pressPublish(prompt);
    };
    await expect(client.executeCommand(SERVER_COMMANDS.uploadAndReplace, args)).rejects.toThrow(/changed while you were deciding/);
    expect(api.uploads).toEqual([]);
    expect(client.appliedEdits).toEqual([]);
  });
});
