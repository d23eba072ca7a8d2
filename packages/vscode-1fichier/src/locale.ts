/**
 * What depends on VS Code's display language besides the l10n bundles: sizes in its units (the core's
 * tables: "Mo", "Go" in French), dates through Intl, plural forms by the language's rule (French counts 0
 * as singular), and the core's error texts. The words themselves go through `vscode.l10n.t`.
 */
import * as vscode from 'vscode';
import { formatDateTime, formatSize, formatSizeExact, sizeUnitsFor } from '@onefichier/core';

/** `1.5 GB` in English, `1,5 Go` in French. */
export function size(bytes: number): string {
  return formatSize(bytes, sizeUnitsFor(vscode.env.language));
}

/** `12.3 MB (12,345,678 bytes)`, `12,3 Mo (12 345 678 octets)`. */
export function sizeExact(bytes: number): string {
  return formatSizeExact(bytes, sizeUnitsFor(vscode.env.language));
}

/** An instant as the core writes it for the display language (`2026-12-07 07:50`, `07/12/2026 07:50`). */
export function dateTime(epochMs: number): string {
  return formatDateTime(epochMs, undefined, vscode.env.language);
}

/**
 * The form of a counted sentence for `n`: each form is a whole template already passed through
 * `vscode.l10n.t`, e.g. `plural(n, { one: l10n.t('{0} file', n), other: l10n.t('{0} files', n) })`.
 */
export function plural(n: number, forms: { one: string; other: string }): string {
  return new Intl.PluralRules(vscode.env.language).select(n) === 'one' ? forms.one : forms.other;
}
