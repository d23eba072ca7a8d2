/**
 * Reading a document the way every request does: one line at a time (links and paths never span lines), with
 * the link under the cursor placed in the whole document.
 */
import type { Position, Range } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { type FileUrlMatch } from '@onefichier/core';
import { SERVER_LANGUAGES } from '@onefichier/core/lsp-contract';
import { linkAt } from './links';

const SUPPORTED_LANGUAGES = new Set(SERVER_LANGUAGES);

/** Whether the server reads this document (the language ids the editor contract lists). */
export function isSupported(document: TextDocument): boolean {
  return SUPPORTED_LANGUAGES.has(document.languageId);
}

/** One line without its line break. */
export function lineText(document: TextDocument, line: number): string {
  return document.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } }).replace(/\r?\n$/, '');
}

/** The link under `position`, with offsets in the whole document. */
export function linkUnder(document: TextDocument, position: Position): FileUrlMatch | undefined {
  const link = linkAt(lineText(document, position.line), position.character);
  if (!link) return undefined;
  const lineStart = document.offsetAt({ line: position.line, character: 0 });
  return { ...link, start: link.start + lineStart, end: link.end + lineStart };
}

export function toRange(document: TextDocument, start: number, end: number): Range {
  return { start: document.positionAt(start), end: document.positionAt(end) };
}

/** Whether a command's argument is an LSP range (it comes from the client, unchecked). */
export function isRange(value: unknown): value is Range {
  const r = value as Range | undefined;
  const isPosition = (p: unknown): boolean =>
    typeof p === 'object' &&
    p !== null &&
    Number.isInteger((p as { line: unknown }).line) &&
    Number.isInteger((p as { character: unknown }).character);
  return typeof r === 'object' && r !== null && isPosition(r.start) && isPosition(r.end);
}
