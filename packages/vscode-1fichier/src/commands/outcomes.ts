/**
 * Commands that act on several items get one outcome per item from the core (packages/core/src/groups/):
 * what succeeded is done and shown, and what failed is named here, in one message with each item's reason.
 */
import * as vscode from 'vscode';
import { isOneFichierError } from '@onefichier/core';
import { describeError, UserError } from '../errors';
import { plural } from '../locale';

/** An item that failed: the name the user knows it by and its own error. */
export interface FailedItem {
  name: string;
  error: unknown;
}

/** What the user was doing, for the sentence that names the items left as they were. */
type ManyItemsAction = 'delete' | 'move' | 'copy';

/**
 * Throws when items failed: when they all failed for one same reason (no key, the network, a flood lock), that
 * error itself, so its notification offers its own buttons; otherwise one message naming each item and why.
 */
export function throwIfAnyFailed(action: ManyItemsAction, failed: readonly FailedItem[], total: number): void {
  const first = failed[0];
  if (!first) return;
  if (failed.length === total && failed.every((f) => f.error === first.error)) throw first.error;
  if (failed.some((f) => isCancelled(f.error))) throw failed.find((f) => isCancelled(f.error))?.error;
  const list = new Intl.ListFormat(vscode.env.language, { type: 'conjunction' }).format(
    failed.map((f) => vscode.l10n.t('{0} ({1})', f.name, describeError(f.error).message)),
  );
  const n = failed.length;
  const sentences = {
    delete: () =>
      plural(n, {
        one: vscode.l10n.t('{0} of {1} items was not deleted: {2}.', n, total, list),
        other: vscode.l10n.t('{0} of {1} items were not deleted: {2}.', n, total, list),
      }),
    move: () =>
      plural(n, {
        one: vscode.l10n.t('{0} of {1} items was not moved: {2}.', n, total, list),
        other: vscode.l10n.t('{0} of {1} items were not moved: {2}.', n, total, list),
      }),
    copy: () =>
      plural(n, {
        one: vscode.l10n.t('{0} of {1} files was not copied: {2}.', n, total, list),
        other: vscode.l10n.t('{0} of {1} files were not copied: {2}.', n, total, list),
      }),
  };
  throw new UserError(
    sentences[action](),
    vscode.l10n.t('The other items are done. Refresh the 1fichier view to see where each one is, then try the rest again.'),
  );
}

function isCancelled(e: unknown): boolean {
  return isOneFichierError(e) && e.kind === 'cancelled';
}
