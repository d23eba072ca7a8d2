/** Code actions without an LSP client: open documents, a fake cache and record of replaced links, a real temp workspace. */
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { CodeActionKind, type CodeActionParams, type Diagnostic } from 'vscode-languageserver/node';
import { type ReplacedLink } from '@onefichier/core';
import { CLIENT_LINK_COMMANDS, SERVER_COMMANDS } from '@onefichier/core/lsp-contract';
import { codeActions, type CodeActionState } from '../../src/features/codeActions';
import { DIAGNOSTIC_CODE_MISSING } from '../../src/features/diagnostics';
import type { LinkStatus } from '../../src/link-status';
import { openDocuments, textDocument } from '../feature-fakes';

const LINK = 'https://1fichier.com/?linklink01';
const NEW_LINK = 'https://1fichier.com/?newlink001';
const missing: LinkStatus = { state: 'missing', message: 'File not found #707', checkedAt: 0 };

let workspace: string;
beforeAll(async () => {
  workspace = await fs.mkdtemp(path.join(os.tmpdir(), 'ls-actions-'));
  await fs.writeFile(path.join(workspace, 'report.pdf'), 'twelve bytes');
  await fs.writeFile(path.join(workspace, '.env'), 'SECRET=1');
});
afterAll(() => fs.rm(workspace, { recursive: true, force: true }));

function stateWith(text: string, extra: Partial<CodeActionState> = {}, known: Record<string, LinkStatus> = {}): CodeActionState {
  const uri = pathToFileURL(path.join(workspace, 'README.md')).href;
  return {
    documents: openDocuments(textDocument(uri, text)),
    links: { lastKnown: (url) => known[url] },
    replacedLinks: undefined,
    clientCommands: new Set(),
    workspaceFolders: [workspace],
    homeDir: workspace,
    ...extra,
  };
}

/** The request at `character` of the document's first line. */
function at(character: number, context: Partial<CodeActionParams['context']> = {}): CodeActionParams {
  const uri = pathToFileURL(path.join(workspace, 'README.md')).href;
  return {
    textDocument: { uri },
    range: { start: { line: 0, character }, end: { line: 0, character } },
    context: { diagnostics: [], ...context },
  };
}

describe('codeActions on a link', () => {
  it("offers the client's own link commands, in order, when it has them", async () => {
    const state = stateWith(`see ${LINK}`, { clientCommands: new Set(Object.values(CLIENT_LINK_COMMANDS)) });
    const actions = await codeActions(state, at(6));
    expect(actions.map((a) => [a.title, a.command?.command, a.command?.arguments])).toEqual([
      ['1fichier: Copy direct download link', CLIENT_LINK_COMMANDS.copyDirectLink, [LINK]],
      ['1fichier: Download file', CLIENT_LINK_COMMANDS.downloadFile, [LINK]],
      ['1fichier: Reveal in 1fichier view', CLIENT_LINK_COMMANDS.revealInTree, [LINK]],
    ]);
  });

  it("offers the server's own direct link to an editor without those commands", async () => {
    const state = stateWith(`see ${LINK}`);
    const actions = await codeActions(state, at(6));
    expect(actions).toEqual([
      {
        title: '1fichier: Show direct download link',
        kind: CodeActionKind.QuickFix,
        command: { title: 'Show direct download link', command: SERVER_COMMANDS.getDirectLink, arguments: [LINK, { show: true }] },
      },
    ]);
  });

  it('offers nothing when the editor asks only for refactorings', async () => {
    const state = stateWith(`see ${LINK}`);
    expect(await codeActions(state, at(6, { only: [CodeActionKind.RefactorRewrite] }))).toEqual([]);
  });

  it("on a dead link replaced through the toolkit: the quick fix to the current link, tied to the link's diagnostic", async () => {
    const record = new Map<string, ReplacedLink>([[LINK, { oldUrl: LINK, newUrl: NEW_LINK, filename: 'report v2.pdf' } as ReplacedLink]]);
    const state = stateWith(`see ${LINK}`, { replacedLinks: { find: async (url) => record.get(url) } }, { [LINK]: missing });
    const diagnostic: Diagnostic = {
      range: { start: { line: 0, character: 4 }, end: { line: 0, character: 4 + LINK.length } },
      message: 'gone',
      code: DIAGNOSTIC_CODE_MISSING,
      data: { url: LINK },
    };
    const other: Diagnostic = { ...diagnostic, data: { url: NEW_LINK } };
    const [fix, ...rest] = await codeActions(state, at(6, { diagnostics: [diagnostic, other] }));
    expect(rest).toEqual([]);
    expect(fix).toMatchObject({
      title: '1fichier: Replace with the current link of report v2.pdf',
      kind: CodeActionKind.QuickFix,
      isPreferred: true,
    });
    expect(fix?.diagnostics).toEqual([diagnostic]);
    expect(Object.values(fix?.edit?.changes ?? {})).toEqual([[{ range: diagnostic.range, newText: NEW_LINK }]]);
  });

  it('on a dead link without a record, or whose new link is dead too: nothing', async () => {
    const record = { find: async () => ({ oldUrl: LINK, newUrl: NEW_LINK, filename: 'x' }) as ReplacedLink };
    const noRecord = stateWith(`see ${LINK}`, {}, { [LINK]: missing });
    expect(await codeActions(noRecord, at(6))).toEqual([]);
    const bothDead = stateWith(`see ${LINK}`, { replacedLinks: record }, { [LINK]: missing, [NEW_LINK]: missing });
    expect(await codeActions(bothDead, at(6))).toEqual([]);
  });
});

describe('codeActions on a local path', () => {
  it('offers "Upload and replace" for a plain file of the workspace, with the range of the path written', async () => {
    const state = stateWith('attach ./report.pdf here');
    const [action, ...rest] = await codeActions(state, at(10));
    expect(rest).toEqual([]);
    expect(action?.kind).toBe(CodeActionKind.RefactorRewrite);
    expect(action?.title).toMatch(/^1fichier: Upload report\.pdf \(.+\) and replace with link$/);
    expect(action?.command).toEqual({
      title: 'Upload to 1fichier and replace with link',
      command: SERVER_COMMANDS.uploadAndReplace,
      arguments: [
        pathToFileURL(path.join(workspace, 'README.md')).href,
        { start: { line: 0, character: 7 }, end: { line: 0, character: 19 } },
        path.join(workspace, 'report.pdf'),
      ],
    });
  });

  it('offers nothing for a hidden file, a file outside the workspace, or without a workspace folder', async () => {
    const hidden = stateWith('see ./.env');
    expect(await codeActions(hidden, at(6))).toEqual([]);
    const outside = stateWith(`see ${path.join(workspace, 'report.pdf')}`, { workspaceFolders: [path.join(workspace, 'sub')] });
    expect(await codeActions(outside, at(6))).toEqual([]);
    const noFolder = stateWith('attach ./report.pdf', { workspaceFolders: [] });
    expect(await codeActions(noFolder, at(10))).toEqual([]);
  });

  it('offers nothing when the editor asks only for quick fixes', async () => {
    const state = stateWith('attach ./report.pdf');
    expect(await codeActions(state, at(10, { only: [CodeActionKind.QuickFix] }))).toEqual([]);
  });
});
