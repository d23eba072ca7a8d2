/**
 * The server's words in the client's language: the locale comes from `InitializeParams.locale` (VS Code's
 * language client sends `vscode.env.language`; Neovim sends what `vim.lsp.start` is given, see the README),
 * and the translations from l10n/bundle.l10n.<language>.json, bundled into the server. The key of each
 * sentence is its English text, as in the extension's bundles (packages/vscode-1fichier/l10n/), and the
 * same test checks both (test/tooling/l10n.test.ts). Sizes and dates follow the locale through the core.
 */
import { formatSize, formatSizeExact, sizeUnitsFor } from '@onefichier/core';
import french from '../l10n/bundle.l10n.fr.json';

const BUNDLES: Readonly<Record<string, Record<string, string>>> = { fr: french };

let language = 'en';
let bundle: Record<string, string> = {};

/** Takes the client's locale ("fr", "fr-FR", "en-us"); a language without a bundle reads English. */
export function setLocale(locale: string | undefined): void {
  language = locale?.toLowerCase() || 'en';
  bundle = BUNDLES[language.split(/[-_]/)[0] ?? ''] ?? {};
}

/** The client's locale, for Intl (dates). */
export function currentLocale(): string {
  return language;
}

/** `vscode.l10n.t`'s contract: the English message is the key; `{0}`, `{1}` are filled from `args`. */
export const l10n = {
  t(message: string, ...args: (string | number)[]): string {
    const template = bundle[message] ?? message;
    return template.replace(/\{(\d+)\}/g, (whole, i: string) => {
      const value = args[Number(i)];
      return value === undefined ? whole : String(value);
    });
  },
};

/** `1.5 GB`, or `1,5 Go` in French. */
export function localSize(bytes: number): string {
  return formatSize(bytes, sizeUnitsFor(language));
}

/** `12.3 MB (12,345,678 bytes)`, or `12,3 Mo (12 345 678 octets)` in French. */
export function localSizeExact(bytes: number): string {
  return formatSizeExact(bytes, sizeUnitsFor(language));
}
