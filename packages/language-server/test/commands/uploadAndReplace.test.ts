/**
 * The upload command without an LSP client: a fake prompt window, progress and edit, a fake upload, and real
 * files in a temp workspace (which files may be published is upload-policy's rule, used as is).
 */
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { ErrorCodes, LSPErrorCodes, type ApplyWorkspaceEditParams, type MessageActionItem } from 'vscode-languageserver/node';
import { type UploadOptions, type UploadSource, type UploadedFile } from '@onefichier/core';
import { PROMPT_CANCEL } from '@onefichier/core/lsp-contract';
import { uploadAndReplace, type UploadEditor, type UploadState } from '../../src/commands/uploadAndReplace';
import { failure, RecordingEditor, cancellation, openDocuments, textDocument } from '../feature-fakes';

const UPLOADED = 'https://1fichier.com/?uploaded01';

let workspace: string;
let file: string;
let uri: string;
beforeAll(async () => {
  workspace = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'ls-upload-')));
  file = path.join(workspace, 'notes.txt');
  await fs.writeFile(file, 'hello world');
  uri = pathToFileURL(path.join(workspace, 'README.md')).href;
});
afterAll(() => fs.rm(workspace, { recursive: true, force: true }));

/** `./notes.txt` written at characters 7-18 of the first line. */
const RANGE = { start: { line: 0, character: 7 }, end: { line: 0, character: 18 } };

class FakeEditor extends RecordingEditor implements UploadEditor {
  readonly prompts: { message: string; actions: string[] }[] = [];
  readonly progress: string[] = [];
  readonly edits: ApplyWorkspaceEditParams[] = [];
  /** The button the fake user presses (undefined: the prompt is dismissed). */
  answer: string | undefined;
  applied = true;
  readonly window: UploadEditor['window'];
  constructor() {
    super();
    const prompt = async (message: string, ...actions: MessageActionItem[]): Promise<MessageActionItem | undefined> => {
      this.prompts.push({ message, actions: actions.map((a) => a.title) });
      const pressed =
        this.answer === 'publish' ? actions.find((a) => a.title !== PROMPT_CANCEL) : actions.find((a) => a.title === this.answer);
      return pressed;
    };
    const reporter = {
      begin: (title: string) => this.progress.push(`begin ${title}`),
      report: (percent: number, message: string) => this.progress.push(`${percent}% ${message}`),
      done: () => this.progress.push('done'),
    };
    this.window = {
      showInformationMessage: prompt,
      showWarningMessage: prompt,
      attachWorkDoneProgress: () => reporter,
      createWorkDoneProgress: async () => ({ ...reporter, token: cancellation().token }),
    } as unknown as UploadEditor['window'];
  }
  async applyEdit(params: ApplyWorkspaceEditParams): Promise<{ applied: boolean }> {
    this.edits.push(params);
    return { applied: this.applied };
  }
}

interface Fakes {
  state: UploadState & { uploads: string[]; invalidated: string[]; documents: ReturnType<typeof openDocuments> };
  editor: FakeEditor;
  openFile: (absolutePath: string, name: string) => Promise<UploadSource>;
  opened: string[];
}

function fakes(text = 'attach ./notes.txt here', upload?: (options?: UploadOptions) => Promise<UploadedFile[]>): Fakes {
  const uploads: string[] = [];
  const invalidated: string[] = [];
  const opened: string[] = [];
  const state = {
    uploads,
    invalidated,
    documents: openDocuments(textDocument(uri, text)),
    api: {
      upload: async (sources: UploadSource[], options?: UploadOptions): Promise<UploadedFile[]> => {
        uploads.push(...sources.map((s) => s.name));
        if (upload) return upload(options);
        options?.onProgress?.({ bytesSent: 11, totalBytes: 11 } as never);
        return [{ url: UPLOADED, filename: 'notes.txt', size: 11, whirlpool: '', folderId: 0, removeUrl: '' }];
      },
    },
    links: { invalidate: (url: string) => invalidated.push(url) },
    settings: { apiBaseUrl: 'http://127.0.0.1:9/v1' },
    clientName: undefined,
    clientSupportsProgress: true,
    clientSupportsVersionedEdits: false,
    workspaceFolders: [workspace],
    homeDir: workspace,
  };
  return {
    state,
    editor: new FakeEditor(),
    opened,
    openFile: async (absolutePath, name) => {
      opened.push(absolutePath);
      return { name, size: 11, open: async function* () {} } as unknown as UploadSource;
    },
  };
}

describe('uploadAndReplace', () => {
  it('after a yes: uploads the file, shows progress, swaps the path for the link and forgets the link in the cache', async () => {
    const { state, editor, openFile, opened } = fakes();
    editor.answer = 'publish';
    const result = await uploadAndReplace(state, editor, openFile, [uri, RANGE, file], undefined, cancellation().token);
    expect(result).toEqual({ url: UPLOADED, filename: 'notes.txt', size: 11, replaced: true });
    expect(editor.prompts).toHaveLength(1);
    expect(editor.prompts[0]?.message).toContain(file);
    // Where the file goes, with the API address when it is not the default.
    expect(editor.prompts[0]?.message).toContain('the root folder of your 1fichier account (through the API at http://127.0.0.1:9/v1)');
    expect(opened).toEqual([file]);
    expect(state.uploads).toEqual(['notes.txt']);
    expect(editor.progress[0]).toBe('begin Uploading notes.txt to 1fichier');
    expect(editor.progress.slice(1)).toEqual([expect.stringMatching(/^100% /), 'done']);
    expect(editor.edits).toEqual([
      { label: 'Replace notes.txt with its 1fichier link', edit: { changes: { [uri]: [{ range: RANGE, newText: UPLOADED }] } } },
    ]);
    expect(state.invalidated).toEqual([UPLOADED]);
  });

  it('sends a versioned edit to an editor that supports them, so it refuses the edit if the document changed', async () => {
    const { state, editor, openFile } = fakes();
    editor.answer = 'publish';
    await uploadAndReplace(
      { ...state, clientSupportsVersionedEdits: true },
      editor,
      openFile,
      [uri, RANGE, file],
      'token-1',
      cancellation().token,
    );
    expect(editor.edits[0]?.edit).toEqual({
      documentChanges: [{ textDocument: { uri, version: 1 }, edits: [{ range: RANGE, newText: UPLOADED }] }],
    });
  });

  it('declined or dismissed: uploads nothing, edits nothing, answers null', async () => {
    for (const answer of [PROMPT_CANCEL, undefined]) {
      const { state, editor, openFile } = fakes();
      editor.answer = answer;
      expect(await uploadAndReplace(state, editor, openFile, [uri, RANGE, file], undefined, cancellation().token)).toBeNull();
      expect(state.uploads).toEqual([]);
      expect(editor.edits).toEqual([]);
      expect(editor.logs).toEqual([expect.stringContaining('declined; nothing was published')]);
    }
  });

  it('refuses when the text at the range is not that path any more, before asking', async () => {
    const { state, editor, openFile } = fakes('attach ./other.txt here');
    const error = await failure(uploadAndReplace(state, editor, openFile, [uri, RANGE, file], undefined, cancellation().token));
    expect(error.code).toBe(LSPErrorCodes.ContentModified);
    expect(editor.prompts).toEqual([]);
  });

  it('refuses arguments that are not [documentUri, range, absolutePath], and a document that is not open', async () => {
    const { state, editor, openFile } = fakes();
    for (const args of [[], [uri, RANGE, 'notes.txt'], [uri, { start: 1 }, file]]) {
      const error = await failure(uploadAndReplace(state, editor, openFile, args, undefined, cancellation().token));
      expect(error.code).toBe(ErrorCodes.InvalidParams);
      expect(error.message).toContain('needs [documentUri, range, absolutePath]');
    }
    const closed = await failure(
      uploadAndReplace(state, editor, openFile, ['file:///nowhere.md', RANGE, file], undefined, cancellation().token),
    );
    expect(closed.message).toContain('is not open; open it and run the action again');
  });

  it('uploaded while the path was edited: keeps the document and says where the file went', async () => {
    const { state, editor, openFile } = fakes('attach ./notes.txt here', async () => {
      state.documents.docs.set(uri, textDocument(uri, 'attach something else', 'markdown', 2));
      return [{ url: UPLOADED, filename: 'notes.txt', size: 11, whirlpool: '', folderId: 0, removeUrl: '' }];
    });
    editor.answer = 'publish';
    const result = await uploadAndReplace(state, editor, openFile, [uri, RANGE, file], undefined, cancellation().token);
    expect(result?.replaced).toBe(false);
    expect(editor.edits).toEqual([]);
    expect(editor.shown).toEqual([
      { kind: 'warning', text: expect.stringContaining(`uploaded notes.txt as ${UPLOADED}, but the path in the document changed`) },
    ]);
  });

  it('cancelled during the upload: aborts it and replaces nothing', async () => {
    const { token, cancel } = cancellation();
    let signal: AbortSignal | undefined;
    const { state, editor, openFile } = fakes('attach ./notes.txt here', async (options) => {
      signal = options?.signal;
      cancel();
      throw new Error('aborted');
    });
    editor.answer = 'publish';
    const error = await failure(uploadAndReplace(state, editor, openFile, [uri, RANGE, file], undefined, token));
    expect(error.code).toBe(LSPErrorCodes.RequestCancelled);
    expect(signal?.aborted).toBe(true);
    expect(editor.progress.at(-1)).toBe('done');
    expect(editor.edits).toEqual([]);
  });
});
