/**
 * Dead-link diagnostics. Links are looked up when a document is opened or saved, one call at a time through
 * the cache; typing only re-places the known warnings from the cache, never asking the API.
 */
import { DiagnosticSeverity, type Diagnostic, type PublishDiagnosticsParams } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { findFileUrls } from '@onefichier/core';
import { isSupported, toRange } from '../document-text';
import type { EditorOutput } from '../editor';
import { withHint } from '../error-text';
import { currentLocale, l10n } from '../l10n';
import { isAccountProblem, type LinkStatus, type LinkStatusCache } from '../link-status';

const DIAGNOSTIC_SOURCE = '1fichier';
/** The code of a dead link's diagnostic; its quick fix (codeActions.ts) looks for it. */
export const DIAGNOSTIC_CODE_MISSING = 'file-not-found';
/** How long typing must pause before the known warnings are placed again. */
const REPUBLISH_DELAY_MS = 200;
/** Files one open or save may look up by default (about 5 minutes of paced calls). */
const DEFAULT_MAX_LOOKUPS = 300;

const MESSAGES = {
  // The service's text ("file/info.cgi: File not found #707") is for the log, not for the reader.
  get missing() {
    return l10n.t('This 1fichier file no longer exists (it may have been deleted). Remove the link or replace it with a new upload.');
  },
  accountProblem: (message: string, hint: string | undefined) =>
    hint ? l10n.t('1fichier: links cannot be checked: {0} {1}', message, hint) : l10n.t('1fichier: links cannot be checked: {0}', message),
  notCheckedYet: (uri: string, unknown: number, maxLookups: number) =>
    new Intl.PluralRules(currentLocale()).select(unknown) === 'one'
      ? l10n.t(
          "1fichier: {0}: {1} link not checked yet (at most {2} per open or save, to stay within 1fichier's limits); save again to check more.",
          uri,
          unknown,
          maxLookups,
        )
      : l10n.t(
          "1fichier: {0}: {1} links not checked yet (at most {2} per open or save, to stay within 1fichier's limits); save again to check more.",
          uri,
          unknown,
          maxLookups,
        ),
  checkFailed: (error: unknown) => l10n.t('1fichier: link check failed: {0}', withHint(error)),
};

/** The part of the server's state diagnostics use. */
export interface DiagnosticsState {
  readonly documents: { get(uri: string): TextDocument | undefined };
  readonly links: Pick<LinkStatusCache, 'hasApi' | 'lastKnown' | 'peek' | 'lookup'>;
  readonly checkGeneration: Map<string, number>;
  readonly shownProblems: Set<string>;
  readonly changeTimers: Map<string, NodeJS.Timeout>;
  readonly stopped: boolean;
}

/** Where diagnostics go: the editor's log and messages, and `textDocument/publishDiagnostics`. */
export interface DiagnosticsOutput extends EditorOutput {
  sendDiagnostics(params: PublishDiagnosticsParams): void;
}

/** A warning on each link whose file is known to be gone (the last answer, however old). */
export function diagnosticsFor(document: TextDocument, links: Pick<LinkStatusCache, 'hasApi' | 'lastKnown'>): Diagnostic[] {
  if (!links.hasApi || !isSupported(document)) return [];
  const diagnostics: Diagnostic[] = [];
  for (const link of findFileUrls(document.getText())) {
    if (links.lastKnown(link.canonicalUrl)?.state !== 'missing') continue;
    diagnostics.push({
      range: toRange(document, link.start, link.end),
      severity: DiagnosticSeverity.Warning,
      source: DIAGNOSTIC_SOURCE,
      code: DIAGNOSTIC_CODE_MISSING,
      message: MESSAGES.missing,
      data: { url: link.canonicalUrl },
    });
  }
  return diagnostics;
}

function publishDiagnostics(state: DiagnosticsState, output: DiagnosticsOutput, document: TextDocument): void {
  if (state.stopped) return;
  output.sendDiagnostics({ uri: document.uri, version: document.version, diagnostics: diagnosticsFor(document, state.links) });
}

/** A failure that concerns the account, not the file: say it once and stop checking this document. */
function reportAccountProblem(state: DiagnosticsState, output: EditorOutput, status: LinkStatus): boolean {
  if (!isAccountProblem(status)) return false;
  if (!state.shownProblems.has(status.kind)) {
    state.shownProblems.add(status.kind);
    output.show('warning', MESSAGES.accountProblem(status.message, status.hint));
  }
  return true;
}

/**
 * Checks every link of a document not known yet, one call at a time, then publishes. A newer check of the
 * same document, or its closing, stops this one at its next file.
 */
export async function checkDocument(
  state: DiagnosticsState,
  output: DiagnosticsOutput,
  document: TextDocument,
  maxLookups = DEFAULT_MAX_LOOKUPS,
): Promise<void> {
  if (!isSupported(document)) return;
  const { links, documents } = state;
  const generation = (state.checkGeneration.get(document.uri) ?? 0) + 1;
  state.checkGeneration.set(document.uri, generation);
  const superseded = (): boolean => state.checkGeneration.get(document.uri) !== generation || !documents.get(document.uri);
  publishDiagnostics(state, output, document);
  if (!links.hasApi) return;
  const urls = [...new Set(findFileUrls(document.getText()).map((l) => l.canonicalUrl))];
  let lookups = 0;
  for (const url of urls) {
    if (superseded()) return;
    if (links.peek(url)) continue;
    if (lookups++ >= maxLookups) {
      const unknown = urls.filter((u) => !links.peek(u)).length;
      output.log(MESSAGES.notCheckedYet(document.uri, unknown, maxLookups));
      break;
    }
    const status = await links.lookup(url);
    if (!status) return;
    if (reportAccountProblem(state, output, status)) break;
    // Show a dead link as soon as it is known; a long document should not wait for its last link.
    if (status.state === 'missing' && !superseded()) publishDiagnostics(state, output, documents.get(document.uri) ?? document);
  }
  if (!superseded()) publishDiagnostics(state, output, documents.get(document.uri) ?? document);
}

/** Starts a check in the background; a failure is logged. */
export function runCheck(state: DiagnosticsState, output: DiagnosticsOutput, document: TextDocument, maxLookups?: number): void {
  checkDocument(state, output, document, maxLookups).catch((error: unknown) => output.log(MESSAGES.checkFailed(error)));
}

/** Typing moves links around: once it pauses, the known warnings are placed again from the cache. */
export function documentChanged(state: DiagnosticsState, output: DiagnosticsOutput, uri: string): void {
  clearTimeout(state.changeTimers.get(uri));
  state.changeTimers.set(
    uri,
    setTimeout(() => {
      state.changeTimers.delete(uri);
      const document = state.documents.get(uri);
      if (document) publishDiagnostics(state, output, document);
    }, REPUBLISH_DELAY_MS),
  );
}

/** A closed document: its pending work stops and its warnings are cleared. */
export function documentClosed(state: DiagnosticsState, output: DiagnosticsOutput, uri: string): void {
  clearTimeout(state.changeTimers.get(uri));
  state.changeTimers.delete(uri);
  state.checkGeneration.delete(uri);
  output.sendDiagnostics({ uri, diagnostics: [] });
}
