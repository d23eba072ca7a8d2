/**
 * What depends on VS Code's display language besides the l10n bundles: sizes in its units (the core's
 * tables: "Mo", "Go" in French), the core's reasons for skipping or refusing something, and plural forms by
 * the language's rule (French counts 0 as singular).
 * Dates take the language in format.ts's formatDate; the words themselves go through `vscode.l10n.t`.
 */
import * as vscode from 'vscode';
import { formatSize, formatSizeExact, reasonText, sizeUnitsFor, type Reason } from '@onefichier/core';

/** `1.5 GB` in English, `1,5 Go` in French. */
export function size(bytes: number): string {
  return formatSize(bytes, sizeUnitsFor(vscode.env.language));
}

/** `12.3 MB (12,345,678 bytes)`, `12,3 Mo (12 345 678 octets)`. */
export function sizeExact(bytes: number): string {
  return formatSizeExact(bytes, sizeUnitsFor(vscode.env.language));
}

/** Why something was skipped or refused (the core's codes, reasons.ts), in the display language. */
export function reason(why: Reason): string {
  return reasonText(why, vscode.env.language);
}

/**
 * The form of a counted sentence for `n`: each form is a whole template already passed through
 * `vscode.l10n.t`, e.g. `plural(n, { one: l10n.t('{0} file', n), other: l10n.t('{0} files', n) })`.
 */
export function plural(n: number, forms: { one: string; other: string }): string {
  return new Intl.PluralRules(vscode.env.language).select(n) === 'one' ? forms.one : forms.other;
}
