/** The core client a command needs, or the error that says how to set a key. */
import { ErrorCodes, ResponseError } from 'vscode-languageserver/node';
import { l10n } from '../l10n';
import { howToSetKey } from '../settings';

const MESSAGES = {
  noKey: (clientName: string | undefined) => l10n.t('1fichier: no API key is set. {0}', howToSetKey(clientName)),
};

export function requireApi<Api>(state: { readonly api: Api | undefined; readonly clientName: string | undefined }): Api {
  if (!state.api) throw new ResponseError(ErrorCodes.InvalidRequest, MESSAGES.noKey(state.clientName));
  return state.api;
}
