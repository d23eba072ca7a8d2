/**
 * The hover on a link: the file's details from the link cache, asked in one call, and the Markdown that
 * shows them (`hoverMarkdown`, pure).
 */
import { MarkupKind, type CancellationToken, type Hover, type HoverParams } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { parisToEpochMs, type FileUrlMatch } from '@onefichier/core';
import { isSupported, linkUnder, toRange } from '../document-text';
import { escapeMarkdown, formatDate } from '../format';
import { l10n, localSizeExact as formatSizeExact } from '../l10n';
import type { HoverFacts, LinkStatusCache } from '../link-status';
import { howToSetKey } from '../settings';

/** How long a hover waits for file details by default before answering with what it has. */
const DEFAULT_HOVER_WAIT_MS = 4000;

// Getters: each text is read in the client's language when the hover is made (l10n.ts).
const MESSAGES = {
  link: (link: FileUrlMatch) =>
    link.domain !== '1fichier.com'
      ? l10n.t('1fichier link {0} on {1}', `\`${link.id}\``, link.domain)
      : l10n.t('1fichier link {0}', `\`${link.id}\``),
  needsKey: (clientName: string | undefined) => l10n.t('File details need an API key. {0}', howToSetKey(clientName)),
  paused: (seconds: number) =>
    l10n.t(
      '1fichier asked to slow down (flood lock): calls are paused for about {0} s, then the details come. Hover again later.',
      seconds,
    ),
  get fetching() {
    return l10n.t("Fetching the file's details… (calls to 1fichier are paced; hover again in a moment)");
  },
  get size() {
    return l10n.t('Size');
  },
  get uploaded() {
    return l10n.t('Uploaded');
  },
  get password() {
    return l10n.t('Password');
  },
  get passwordProtected() {
    return l10n.t('protected');
  },
  get passwordNone() {
    return l10n.t('none');
  },
  get folder() {
    return l10n.t('Folder');
  },
  get removed() {
    return l10n.t('removed from 1fichier');
  },
  get publicFile() {
    return l10n.t('a public file, not in your account');
  },
  get notInAccount() {
    return l10n.t('Not in your account: 1fichier only gives the name, size and date of your own files.');
  },
  exists: (passwordProtected: boolean) =>
    passwordProtected ? l10n.t('The file exists and is protected by a password.') : l10n.t('The file exists.'),
  failed: (message: string, hint: string | undefined) =>
    hint
      ? l10n.t("Could not get the file's details: {0}  \n{1}", escapeMarkdown(message), escapeMarkdown(hint))
      : l10n.t("Could not get the file's details: {0}", escapeMarkdown(message)),
};

/** What the hover shows about `link`, given what the cache knows; `clientName` picks how to set a key. */
export function hoverMarkdown(link: FileUrlMatch, facts: HoverFacts, clientName: string | undefined): string {
  const title = MESSAGES.link(link);
  if (facts.state === 'no_key') return [`**${title}**`, '', MESSAGES.needsKey(clientName)].join('\n');
  if (facts.state === 'pending') {
    const pausedFor = Math.ceil(facts.pausedForMs / 1000);
    return [`**${title}**`, '', pausedFor > 0 ? MESSAGES.paused(pausedFor) : MESSAGES.fetching].join('\n');
  }
  const { status, publicDetails } = facts;
  const lines: string[] = [];
  if (status.state === 'found') {
    const file = status.file;
    lines.push(`**${escapeMarkdown(file.filename)}**`, '');
    lines.push(`- ${l10n.t('{0}: {1}', MESSAGES.size, formatSizeExact(file.size))}`);
    const uploaded = parisToEpochMs(file.date);
    if (uploaded !== undefined) lines.push(`- ${l10n.t('{0}: {1}', MESSAGES.uploaded, formatDate(new Date(uploaded)))}`);
    lines.push(`- ${l10n.t('{0}: {1}', MESSAGES.password, file.passwordProtected ? MESSAGES.passwordProtected : MESSAGES.passwordNone)}`);
    if (file.path) lines.push(`- ${l10n.t('{0}: {1}', MESSAGES.folder, escapeMarkdown(file.path))}`);
    lines.push('', `_${title}_`);
  } else if (status.state === 'missing') {
    // The editor shows the link's diagnostic beside this hover: it says what happened and what to do once.
    lines.push(l10n.t('{0}: {1}', `**${title}**`, MESSAGES.removed));
  } else if (status.state === 'not_in_account' && publicDetails?.filename) {
    lines.push(`**${escapeMarkdown(publicDetails.filename)}**`, '');
    if (publicDetails.size !== undefined) lines.push(`- ${l10n.t('{0}: {1}', MESSAGES.size, formatSizeExact(publicDetails.size))}`);
    lines.push(`- ${l10n.t('{0}: {1}', MESSAGES.password, MESSAGES.passwordNone)}`);
    lines.push('', `_${l10n.t('{0}: {1}', title, MESSAGES.publicFile)}_`);
  } else if (status.state === 'not_in_account') {
    lines.push(
      `**${title}**`,
      '',
      `${MESSAGES.notInAccount}${status.existenceConfirmed ? ` ${MESSAGES.exists(status.passwordProtected)}` : ''}`,
    );
  } else {
    lines.push(`**${title}**`, '', MESSAGES.failed(status.message, status.hint));
  }
  return lines.join('\n');
}

/** The part of the server's state a hover uses. */
export interface HoverState {
  readonly documents: { get(uri: string): TextDocument | undefined };
  readonly links: Pick<LinkStatusCache, 'hoverFacts'>;
  readonly clientName: string | undefined;
}

/** The hover for the link under the cursor, or null (no link, or the editor cancelled the request). */
export async function hover(
  state: HoverState,
  params: HoverParams,
  cancel: CancellationToken,
  waitMs = DEFAULT_HOVER_WAIT_MS,
): Promise<Hover | null> {
  const document = state.documents.get(params.textDocument.uri);
  if (!document || !isSupported(document)) return null;
  const link = linkUnder(document, params.position);
  if (!link) return null;
  const abort = new AbortController();
  if (cancel.isCancellationRequested) abort.abort();
  const listener = cancel.onCancellationRequested(() => abort.abort());
  let facts: HoverFacts;
  try {
    facts = await state.links.hoverFacts(link.canonicalUrl, waitMs, abort.signal);
  } finally {
    listener.dispose();
  }
  if (cancel.isCancellationRequested) return null;
  return {
    contents: { kind: MarkupKind.Markdown, value: hoverMarkdown(link, facts, state.clientName) },
    range: toRange(document, link.start, link.end),
  };
}
