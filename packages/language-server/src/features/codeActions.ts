/**
 * Code actions. On a link: the client's own link commands, or the server's "Show direct download link"; on a
 * dead link, the quick fix to the file's current link when the toolkit replaced it. On a local path: "Upload
 * and replace with link", offered only for a plain file of the workspace (upload-policy.ts).
 */
import * as path from 'path';
import { CodeActionKind, type CodeAction, type CodeActionParams, type Range } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { showControls, type FileUrlMatch, type ReplacedLinkStore } from '@onefichier/core';
import { CLIENT_LINK_COMMANDS, SERVER_COMMANDS } from '@onefichier/core/lsp-contract';
import { isSupported, lineText, linkUnder, toRange } from '../document-text';
import type { LinkStatusCache } from '../link-status';
import { l10n, localSize as formatSize } from '../l10n';
import { localFileAt } from '../paths';
import { inspectUploadCandidate } from '../upload-policy';
import { DIAGNOSTIC_CODE_MISSING } from './diagnostics';

/** The code actions on a link that call the client's own commands, in the order shown. */
const CLIENT_COMMAND_ACTIONS: { command: string; readonly title: string }[] = [
  {
    command: CLIENT_LINK_COMMANDS.copyDirectLink,
    get title() {
      return l10n.t('Copy direct download link');
    },
  },
  {
    command: CLIENT_LINK_COMMANDS.downloadFile,
    get title() {
      return l10n.t('Download file');
    },
  },
  {
    command: CLIENT_LINK_COMMANDS.revealInTree,
    get title() {
      return l10n.t('Reveal in 1fichier view');
    },
  },
];

const MESSAGES = {
  action: (title: string) => l10n.t('1fichier: {0}', title),
  get showDirectLink() {
    return l10n.t('Show direct download link');
  },
  replaceWithCurrent: (filename: string) => l10n.t('1fichier: Replace with the current link of {0}', filename),
  upload: (name: string, size: string) => l10n.t('1fichier: Upload {0} ({1}) and replace with link', name, size),
  get uploadCommand() {
    return l10n.t('Upload to 1fichier and replace with link');
  },
};

/** The part of the server's state code actions use. */
export interface CodeActionState {
  readonly documents: { get(uri: string): TextDocument | undefined };
  readonly links: Pick<LinkStatusCache, 'lastKnown'>;
  readonly replacedLinks: Pick<ReplacedLinkStore, 'find'> | undefined;
  /** Commands the client implements among CLIENT_LINK_COMMANDS. */
  readonly clientCommands: ReadonlySet<string>;
  readonly workspaceFolders: readonly string[];
  readonly homeDir: string;
}

export async function codeActions(state: CodeActionState, params: CodeActionParams): Promise<CodeAction[]> {
  const document = state.documents.get(params.textDocument.uri);
  if (!document || !isSupported(document)) return [];
  const only = params.context.only;
  const wanted = (kind: string): boolean => !only || only.some((o) => kind === o || kind.startsWith(`${o}.`));
  const link = linkUnder(document, params.range.start);
  if (link) return wanted(CodeActionKind.QuickFix) ? linkActions(state, document, link, params) : [];
  return wanted(CodeActionKind.RefactorRewrite) ? uploadActions(state, document, params) : [];
}

async function linkActions(
  state: CodeActionState,
  document: TextDocument,
  link: FileUrlMatch,
  params: CodeActionParams,
): Promise<CodeAction[]> {
  // A dead link has nothing to download or reveal; when the toolkit replaced its file, the new link is the fix.
  if (state.links.lastKnown(link.canonicalUrl)?.state === 'missing') return currentLinkActions(state, document, link, params);
  const actions: CodeAction[] = [];
  for (const { command, title } of CLIENT_COMMAND_ACTIONS) {
    if (!state.clientCommands.has(command)) continue;
    actions.push({
      title: MESSAGES.action(title),
      kind: CodeActionKind.QuickFix,
      command: { title, command, arguments: [link.canonicalUrl] },
    });
  }
  // Editors without the extension's commands get the link from the server itself.
  if (!state.clientCommands.has(CLIENT_LINK_COMMANDS.copyDirectLink)) {
    actions.push({
      title: MESSAGES.action(MESSAGES.showDirectLink),
      kind: CodeActionKind.QuickFix,
      command: { title: MESSAGES.showDirectLink, command: SERVER_COMMANDS.getDirectLink, arguments: [link.canonicalUrl, { show: true }] },
    });
  }
  return actions;
}

/** "Replace with the current link of <name>", when the record of replaced links knows where the dead link went. */
async function currentLinkActions(
  state: CodeActionState,
  document: TextDocument,
  link: FileUrlMatch,
  params: CodeActionParams,
): Promise<CodeAction[]> {
  const current = await state.replacedLinks?.find(link.canonicalUrl).catch(() => undefined);
  if (!current || state.links.lastKnown(current.newUrl)?.state === 'missing') return [];
  const fixes = params.context.diagnostics.filter(
    (d) => d.code === DIAGNOSTIC_CODE_MISSING && (d.data as { url?: unknown } | undefined)?.url === link.canonicalUrl,
  );
  return [
    {
      title: MESSAGES.replaceWithCurrent(current.filename),
      kind: CodeActionKind.QuickFix,
      isPreferred: true,
      ...(fixes.length > 0 ? { diagnostics: fixes } : {}),
      edit: { changes: { [document.uri]: [{ range: toRange(document, link.start, link.end), newText: current.newUrl }] } },
    },
  ];
}

async function uploadActions(state: CodeActionState, document: TextDocument, params: CodeActionParams): Promise<CodeAction[]> {
  const line = lineText(document, params.range.start.line);
  const file = await localFileAt(line, params.range.start.character, document.uri, state.homeDir);
  if (!file) return [];
  // Only plain files of the workspace are offered; anything else needs the explicit warning of the command.
  const candidate = await inspectUploadCandidate(file.absolutePath, state.workspaceFolders);
  if (candidate.kind !== 'file' || candidate.concern !== undefined) return [];
  const range: Range = {
    start: { line: params.range.start.line, character: file.start },
    end: { line: params.range.start.line, character: file.end },
  };
  return [
    {
      title: MESSAGES.upload(showControls(path.basename(file.absolutePath)), formatSize(file.size)),
      kind: CodeActionKind.RefactorRewrite,
      command: {
        title: MESSAGES.uploadCommand,
        command: SERVER_COMMANDS.uploadAndReplace,
        arguments: [document.uri, range, file.absolutePath],
      },
    },
  ];
}
