/**
 * The question asked before "Upload and replace with link" publishes a file: what will be published (name,
 * full path, size) and where it goes, with explicit buttons. It is a `window/showMessageRequest`, standard
 * LSP, so every editor shows it (VS Code: a notification, made modal by the extension; Neovim:
 * `vim.ui.select`); a dismissed prompt answers null, which publishes nothing.
 */
import { showControls } from '@onefichier/core';
import { PROMPT_CANCEL } from '@onefichier/core/lsp-contract';
import type { MessageActionItem } from 'vscode-languageserver/node';
import { l10n, localSizeExact as formatSizeExact } from './l10n';
import type { UploadCandidate } from './upload-policy';

/** The part of `connection.window` the prompt uses. */
export interface PromptWindow {
  showInformationMessage(message: string, ...actions: MessageActionItem[]): Promise<MessageActionItem | undefined>;
  showWarningMessage(message: string, ...actions: MessageActionItem[]): Promise<MessageActionItem | undefined>;
}

/**
 * Asks before publishing `file` under `name`; true only when the user pressed the publish button.
 * `destination` says where the file goes ("the root folder of your 1fichier account").
 */
export async function confirmUpload(
  window: PromptWindow,
  file: Extract<UploadCandidate, { kind: 'file' }>,
  name: string,
  destination: string,
): Promise<boolean> {
  // A control character in a path could make it read as another or break the line: it is shown visibly.
  const what = `${showControls(file.path)} (${formatSizeExact(file.size)})`;
  name = showControls(name);
  const PUBLISH = l10n.t('Upload and replace');
  const PUBLISH_ANYWAY = l10n.t('Upload anyway');
  const where = l10n.t(
    'It will be uploaded to {0}, and anyone with the link can download it; the path in the document is then replaced with the link.',
    destination,
  );
  const answer = file.concern
    ? await window.showWarningMessage(
        file.concern === 'outside'
          ? l10n.t('Careful: {0} is outside the workspace folders. Publish it on 1fichier as "{1}" anyway? {2}', what, name, where)
          : file.concern === 'linkOutside'
            ? l10n.t(
                'Careful: {0} is a link to {1}, outside the workspace folders. Publish it on 1fichier as "{2}" anyway? {3}',
                what,
                showControls(file.realPath),
                name,
                where,
              )
            : l10n.t(
                'Careful: {0} is hidden (its name, or a folder on its path, starts with a dot). Publish it on 1fichier as "{1}" anyway? {2}',
                what,
                name,
                where,
              ),
        { title: PUBLISH_ANYWAY },
        { title: PROMPT_CANCEL },
      )
    : await window.showInformationMessage(
        l10n.t('Publish {0} on 1fichier as "{1}"? {2}', what, name, where),
        { title: PUBLISH },
        { title: PROMPT_CANCEL },
      );
  return answer?.title === (file.concern ? PUBLISH_ANYWAY : PUBLISH);
}
