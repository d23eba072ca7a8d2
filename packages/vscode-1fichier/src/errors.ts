/**
 * How failures reach the user: a notification with what went wrong and what to do (the core's hint), and
 * the details in the output channel. Both go through `redact`, so the API key never shows.
 */
import * as vscode from 'vscode';
// The core's errors come from its copy in dist/backend.js (loaded lazily); isOneFichierError knows them
// across bundles, where `instanceof` would not.
import { DEFAULT_BASE_URL, isOneFichierError, localizedErrorText, type OneFichierError } from '@onefichier/core';
import { readableMessage, vscodeHint } from './hints';
import { redact, type Logger } from './log';

/** A problem the extension found itself (bad input, nothing selected), with the fix in its hint. */
export class UserError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
    readonly actions: readonly string[] = [],
  ) {
    super(message);
    this.name = 'UserError';
  }
}

/** Thrown when an API call needs a key and none is set; offers the Set API Key command. */
export class MissingApiKeyError extends UserError {
  constructor() {
    super(
      vscode.l10n.t('No 1fichier API key is set.'),
      vscode.l10n.t('Run "1fichier: Set API Key" (the key is on 1fichier.com > Parameters > API key).'),
      [buttons().setKey],
    );
  }
}

/**
 * Thrown instead of sending the key to an API host other than the real service's that the user has not
 * confirmed (src/apiHosts.ts); offers the command that asks.
 */
export class ApiHostNotConfirmedError extends UserError {
  constructor(readonly host: string) {
    super(
      vscode.l10n.t(
        'Your API key was not sent to {0}: the setting onefichier.apiBaseUrl points there and you have not confirmed that host.',
        host,
      ),
      vscode.l10n.t(
        'Run "1fichier: Confirm API Host" if it is your own server (a local sandbox), or set onefichier.apiBaseUrl in your user settings back to {0}.',
        DEFAULT_BASE_URL,
      ),
      [buttons().confirmHost],
    );
    this.name = 'ApiHostNotConfirmedError';
  }
}

function isCancellation(e: unknown): boolean {
  if (isOneFichierError(e)) return e.kind === 'cancelled';
  return e instanceof vscode.CancellationError || (e instanceof Error && (e.name === 'AbortError' || e.name === 'Canceled'));
}

/** The notification buttons, in the display language (read when shown: the label is what the click returns). */
function buttons() {
  return {
    setKey: vscode.l10n.t('Set API Key'),
    confirmHost: vscode.l10n.t('Confirm API Host'),
    showLog: vscode.l10n.t('Show Log'),
    /** Opens the settings at onefichier.apiBaseUrl, the address a network failure could not reach. */
    openSettings: vscode.l10n.t('Open Settings'),
  };
}

/**
 * "Upload failed" as one sentence per action in the display language; an action without its own sentence
 * (a folder's listing, named by its path) reads "<action> failed".
 */
function failedTitle(action: string): string {
  const titles: Record<string, () => string> = {
    Upload: () => vscode.l10n.t('Upload failed'),
    Download: () => vscode.l10n.t('Download failed'),
    Copy: () => vscode.l10n.t('Copy failed'),
    Sync: () => vscode.l10n.t('Sync failed'),
    'Set description': () => vscode.l10n.t('Set description failed'),
    'Copy link': () => vscode.l10n.t('Copy link failed'),
    Delete: () => vscode.l10n.t('Delete failed'),
    'Show account': () => vscode.l10n.t('Show account failed'),
    'Load more': () => vscode.l10n.t('Load more failed'),
    Refresh: () => vscode.l10n.t('Refresh failed'),
    'Remote upload': () => vscode.l10n.t('Remote upload failed'),
    'Set password': () => vscode.l10n.t('Set password failed'),
    'Show log': () => vscode.l10n.t('Show log failed'),
    'Share folder': () => vscode.l10n.t('Share folder failed'),
    'Copy direct download link': () => vscode.l10n.t('Copy direct download link failed'),
    'Clear API key': () => vscode.l10n.t('Clear API key failed'),
    Rename: () => vscode.l10n.t('Rename failed'),
    'Set API key': () => vscode.l10n.t('Set API key failed'),
    Open: () => vscode.l10n.t('Open failed'),
    'Reveal in the 1fichier view': () => vscode.l10n.t('Reveal in the 1fichier view failed'),
    'Confirm API host': () => vscode.l10n.t('Confirm API host failed'),
    'New folder': () => vscode.l10n.t('New folder failed'),
    Move: () => vscode.l10n.t('Move failed'),
  };
  return titles[action]?.() ?? vscode.l10n.t('{0} failed', action);
}

/** The setting that answers an error, which its notification's Open Settings button shows (src/hints.ts names it). */
function settingToOpen(e: OneFichierError): string | undefined {
  if (e.kind === 'network') return 'onefichier.apiBaseUrl';
  if (e.kind === 'cdn_required') return 'onefichier.useCdnCredits';
  return undefined;
}

/** The sentence shown to the user for an error: message, then what to do (src/hints.ts). */
export function describeError(e: unknown): { message: string; hint?: string; actions: string[] } {
  if (isOneFichierError(e)) {
    const b = buttons();
    const actions = e.kind === 'auth' || e.kind === 'not_premium' ? [b.setKey] : settingToOpen(e) ? [b.openSettings] : [];
    // In a language with a catalog in the core (errorTexts.ts), its text and hint; in English, the error's own.
    const local = localizedErrorText(e, vscode.env.language);
    if (local) return { message: redact(local.text), hint: redact(local.hint), actions };
    let hint = vscodeHint(e);
    if (e.kind === 'rate_limited' && e.retryAfterMs) hint = `${hint} (about ${Math.ceil(e.retryAfterMs / 1000)} s)`;
    return { message: redact(readableMessage(e)), hint: redact(hint), actions };
  }
  if (e instanceof UserError) return { message: redact(e.message), ...(e.hint ? { hint: redact(e.hint) } : {}), actions: [...e.actions] };
  const message = e instanceof Error ? e.message : String(e);
  return { message: redact(message), actions: [] };
}

/**
 * An error of the core as one log line: the core's message as it is (the endpoint and the service's words),
 * then the facts in brackets (kind, HTTP status, code, retry delay, details).
 */
function logDetails(e: OneFichierError): string {
  const facts = [
    e.kind,
    ...(e.httpStatus !== undefined ? [`HTTP ${e.httpStatus}`] : []),
    ...(e.code !== undefined ? [`code ${e.code}`] : []),
    ...(e.retryAfterMs !== undefined ? [`retry after ${Math.ceil(e.retryAfterMs / 1000)} s`] : []),
    ...Object.entries(e.details ?? {}).map(([k, v]) => `${k} ${typeof v === 'string' ? v : JSON.stringify(v)}`),
  ];
  return `${e.message} [${facts.join(', ')}].`;
}

/**
 * Shows `<title>: message. hint` with buttons (the title reads "<action> failed" unless given), and logs the
 * details. Cancellations are logged only.
 * Resolves when the notification is shown (the button handlers run on their own).
 */
export function reportError(log: Logger, action: string, e: unknown, title = failedTitle(action)): void {
  if (isCancellation(e)) {
    log.info(`${action}: cancelled`);
    return;
  }
  const { message, hint, actions } = describeError(e);
  const details = isOneFichierError(e) ? logDetails(e) : e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  log.error(`${action} failed: ${details}${hint ? ` What to do: ${hint}` : ''}`);
  const network = isOneFichierError(e) && e.kind === 'network';
  // One notice while the API cannot be reached: every folder that fails to load would add its own.
  if (network && unreachable) return;
  if (network) unreachable = true;
  const text = hint ? vscode.l10n.t('{0}: {1} {2}', title, message, hint) : vscode.l10n.t('{0}: {1}', title, message);
  const b = buttons();
  void vscode.window.showErrorMessage(text, ...actions, b.showLog).then((choice) => {
    if (choice === b.setKey) void vscode.commands.executeCommand('onefichier.setApiKey');
    else if (choice === b.confirmHost) void vscode.commands.executeCommand('onefichier.confirmApiHost');
    else if (choice === b.openSettings && isOneFichierError(e))
      void vscode.commands.executeCommand('workbench.action.openSettings', settingToOpen(e));
    else if (choice === b.showLog) log.show();
  });
}

/** A network failure was shown and no call has succeeded since. */
let unreachable = false;

/**
 * A call succeeded: after a network failure, says so in the status bar and the log, and lets the next
 * failure show its notice again. (VS Code gives an extension no way to close a notification it showed.)
 */
export function reachedAgain(log: Logger): void {
  if (!unreachable) return;
  unreachable = false;
  const text = vscode.l10n.t('1fichier: the API answers again.');
  log.info(text);
  void vscode.window.setStatusBarMessage(text, 10_000);
}
