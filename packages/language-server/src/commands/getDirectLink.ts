/**
 * `onefichier.lsp.getDirectLink [url, { show? }]`: a download URL that works for about 5 minutes, returned,
 * and shown through `window/showMessage` when asked (the code action "Show direct download link" asks).
 */
import { ErrorCodes, ResponseError } from 'vscode-languageserver/node';
import { parseFileUrl } from '@onefichier/core';
import { SERVER_COMMANDS } from '@onefichier/core/lsp-contract';
import type { EditorOutput } from '../editor';
import { withHint } from '../error-text';
import { l10n } from '../l10n';
import type { LinkApi } from '../link-status';
import { requireApi } from './require-api';

const MESSAGES = {
  badLink: `1fichier: ${SERVER_COMMANDS.getDirectLink} needs a 1fichier file link as its first argument, such as https://1fichier.com/?abcde12345.`,
  failed: (url: string, error: unknown) => l10n.t('1fichier: no direct link for {0}: {1}', url, withHint(error)),
  link: (url: string) => l10n.t('1fichier direct download link (valid about 5 minutes): {0}', url),
};

/** The part of the server's state the command uses. */
export interface DirectLinkState {
  readonly api: Pick<LinkApi, 'getDownloadToken'> | undefined;
  readonly clientName: string | undefined;
}

export async function getDirectLink(state: DirectLinkState, output: Pick<EditorOutput, 'show'>, args: unknown[]): Promise<string> {
  const link = parseFileUrl(args[0]);
  if (!link) throw new ResponseError(ErrorCodes.InvalidParams, MESSAGES.badLink);
  const options = (typeof args[1] === 'object' && args[1] !== null ? args[1] : {}) as { show?: unknown };
  const client = requireApi(state);
  let token;
  try {
    token = await client.getDownloadToken({ url: link.canonicalUrl });
  } catch (error) {
    const text = MESSAGES.failed(link.canonicalUrl, error);
    if (options.show === true) output.show('error', text);
    throw new ResponseError(ErrorCodes.InternalError, text);
  }
  if (options.show === true) output.show('info', MESSAGES.link(token.url));
  return token.url;
}
