/**
 * `onefichier.lsp.uploadAndReplace [documentUri, range, absolutePath]`: asks first (upload-prompt.ts), checks
 * the file again after the answer, uploads it with progress and cancellation, and swaps the path written in
 * the document for the file's link when it is still there.
 */
import * as path from 'path';
import {
  ErrorCodes,
  LSPErrorCodes,
  ResponseError,
  type ApplyWorkspaceEditParams,
  type CancellationToken,
  type RemoteWindow,
  type WorkDoneProgressReporter,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { DEFAULT_BASE_URL, type UploadSource } from '@onefichier/core';
import { SERVER_COMMANDS } from '@onefichier/core/lsp-contract';
import { isRange } from '../document-text';
import type { EditorOutput } from '../editor';
import { withHint } from '../error-text';
import type { LinkApi, LinkStatusCache } from '../link-status';
import { resolveWrittenPath } from '../paths';
import { l10n, localSize as formatSize } from '../l10n';
import { inspectUploadCandidate } from '../upload-policy';
import { confirmUpload, type PromptWindow } from '../upload-prompt';
import { requireApi } from './require-api';

const MESSAGES = {
  badArguments: `1fichier: ${SERVER_COMMANDS.uploadAndReplace} needs [documentUri, range, absolutePath] (the code action supplies them).`,
  notOpen: (uri: string) => l10n.t('1fichier: the document {0} is not open; open it and run the action again.', uri),
  pathGone: (written: string, absolutePath: string) =>
    l10n.t('1fichier: the text at that place is "{0}", not the path {1} any more; run the action again.', written, absolutePath),
  refused: (reason: string) => l10n.t('1fichier: {0}', reason),
  destination: (apiBaseUrl: string) =>
    apiBaseUrl !== DEFAULT_BASE_URL
      ? l10n.t('the root folder of your 1fichier account (through the API at {0})', apiBaseUrl)
      : l10n.t('the root folder of your 1fichier account'),
  promptFailed: (absolutePath: string, error: unknown) =>
    l10n.t('1fichier: could not ask before uploading {0} ({1}); nothing was uploaded.', absolutePath, withHint(error)),
  declined: (absolutePath: string) => l10n.t('1fichier: upload of {0} declined; nothing was published.', absolutePath),
  changedMeanwhile: (absolutePath: string) =>
    l10n.t(
      '1fichier: {0} changed while you were deciding; nothing was uploaded. Run the action again to see what it is now.',
      absolutePath,
    ),
  progressTitle: (name: string) => l10n.t('Uploading {0} to 1fichier', name),
  progress: (sent: number, total: number) => l10n.t('{0} of {1}', formatSize(sent), formatSize(total)),
  cancelled: (name: string) => l10n.t('1fichier: upload of {0} cancelled; nothing was replaced.', name),
  failed: (name: string, error: unknown) => l10n.t('1fichier: upload of {0} failed: {1}', name, withHint(error)),
  noLink: (name: string) => l10n.t("1fichier: the upload of {0} returned no link; check the account's root folder.", name),
  editLabel: (name: string) => l10n.t('Replace {0} with its 1fichier link', name),
  notReplaced: (name: string, url: string) =>
    l10n.t('1fichier: uploaded {0} as {1}, but the path in the document changed meanwhile, so it was not replaced.', name, url),
};

/** The part of the server's state the command uses. */
export interface UploadState {
  readonly documents: { get(uri: string): TextDocument | undefined };
  readonly api: Pick<LinkApi, 'upload'> | undefined;
  readonly links: Pick<LinkStatusCache, 'invalidate'>;
  readonly settings: { readonly apiBaseUrl: string };
  readonly clientName: string | undefined;
  readonly clientSupportsProgress: boolean;
  readonly clientSupportsVersionedEdits: boolean;
  readonly workspaceFolders: readonly string[];
  readonly homeDir: string;
}

/** What the command asks of the editor: the prompt, progress, the edit, messages. */
export interface UploadEditor extends EditorOutput {
  readonly window: PromptWindow & Pick<RemoteWindow, 'attachWorkDoneProgress' | 'createWorkDoneProgress'>;
  applyEdit(params: ApplyWorkspaceEditParams): Promise<{ applied: boolean }>;
}

/** A re-openable upload source reading a file from disk, named `name` (rejects a missing, empty or special file). */
export type OpenFile = (absolutePath: string, name: string) => Promise<UploadSource>;

export interface UploadResult {
  url: string;
  filename: string;
  size: number;
  replaced: boolean;
}

export async function uploadAndReplace(
  state: UploadState,
  editor: UploadEditor,
  openFile: OpenFile,
  args: unknown[],
  workDoneToken: string | number | undefined,
  requestToken: CancellationToken,
): Promise<UploadResult | null> {
  const [uri, range, givenPath] = args;
  if (typeof uri !== 'string' || !isRange(range) || typeof givenPath !== 'string' || !path.isAbsolute(givenPath)) {
    throw new ResponseError(ErrorCodes.InvalidParams, MESSAGES.badArguments);
  }
  const absolutePath = path.normalize(givenPath);
  const document = state.documents.get(uri);
  if (!document) throw new ResponseError(ErrorCodes.InvalidParams, MESSAGES.notOpen(uri));
  const written = document.getText(range);
  if (resolveWrittenPath(written, uri, state.homeDir) !== absolutePath) {
    throw new ResponseError(LSPErrorCodes.ContentModified, MESSAGES.pathGone(written, absolutePath));
  }
  const client = requireApi(state);
  const file = await inspectUploadCandidate(absolutePath, state.workspaceFolders);
  if (file.kind === 'refused') throw new ResponseError(ErrorCodes.InvalidParams, MESSAGES.refused(file.reason));
  const name = path.basename(absolutePath);

  // Nothing is published without a yes, also inside the workspace: the link is public.
  let confirmed: boolean;
  try {
    confirmed = await confirmUpload(editor.window, file, name, MESSAGES.destination(state.settings.apiBaseUrl));
  } catch (error) {
    throw new ResponseError(ErrorCodes.InternalError, MESSAGES.promptFailed(absolutePath, error));
  }
  if (!confirmed) {
    editor.log(MESSAGES.declined(absolutePath));
    return null;
  }
  // The file read must be the one the user saw in the prompt.
  const again = await inspectUploadCandidate(absolutePath, state.workspaceFolders);
  if (again.kind !== 'file' || again.identity !== file.identity || again.concern !== file.concern) {
    throw new ResponseError(LSPErrorCodes.ContentModified, MESSAGES.changedMeanwhile(absolutePath));
  }
  const abort = new AbortController();
  requestToken.onCancellationRequested(() => abort.abort());
  let progress: WorkDoneProgressReporter | undefined;
  if (workDoneToken !== undefined) {
    progress = editor.window.attachWorkDoneProgress(workDoneToken);
  } else if (state.clientSupportsProgress) {
    try {
      const created = await editor.window.createWorkDoneProgress();
      created.token.onCancellationRequested(() => abort.abort());
      progress = created;
    } catch {
      // The client refused a progress token: upload without showing progress.
    }
  }
  progress?.begin(MESSAGES.progressTitle(name), 0, formatSize(file.size), true);
  let lastPercent = -1;
  let uploaded;
  try {
    [uploaded] = await client.upload([await openFile(file.realPath, name)], {
      signal: abort.signal,
      onProgress: (p) => {
        const percent = p.totalBytes > 0 ? Math.floor((p.bytesSent / p.totalBytes) * 100) : 0;
        if (percent === lastPercent) return;
        lastPercent = percent;
        progress?.report(percent, MESSAGES.progress(p.bytesSent, p.totalBytes));
      },
    });
  } catch (error) {
    progress?.done();
    if (abort.signal.aborted) throw new ResponseError(LSPErrorCodes.RequestCancelled, MESSAGES.cancelled(name));
    const text = MESSAGES.failed(name, error);
    editor.show('error', text);
    throw new ResponseError(ErrorCodes.InternalError, text);
  }
  progress?.done();
  if (!uploaded) throw new ResponseError(ErrorCodes.InternalError, MESSAGES.noLink(name));

  // The document may have been edited during a long upload: only replace the path if it is still there.
  const current = state.documents.get(uri);
  let replaced = false;
  if (current && current.getText(range) === written) {
    const textEdit = { range, newText: uploaded.url };
    // With versions, the editor itself refuses the edit if the document changed after this check.
    const result = await editor.applyEdit({
      label: MESSAGES.editLabel(name),
      edit: state.clientSupportsVersionedEdits
        ? { documentChanges: [{ textDocument: { uri, version: current.version }, edits: [textEdit] }] }
        : { changes: { [uri]: [textEdit] } },
    });
    replaced = result.applied;
  }
  if (!replaced) editor.show('warning', MESSAGES.notReplaced(name, uploaded.url));
  state.links.invalidate(uploaded.url);
  return { url: uploaded.url, filename: uploaded.filename, size: uploaded.size, replaced };
}
