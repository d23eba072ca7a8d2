/**
 * A sync plan shown before anything happens: a quick pick whose first entries run or cancel it, followed by
 * every file to upload, replace and remove, the folders to create or remove and what is skipped and why.
 */
import * as vscode from 'vscode';
import type { SyncPlan } from '@onefichier/core';
import { plural, reason, size } from '../locale';

interface PreviewItem extends vscode.QuickPickItem {
  action: 'sync' | 'cancel' | 'none';
}

/** Entries per section before "... and N more" (a quick pick of thousands of rows helps nobody). */
const MAX_ROWS = 500;

/** Whether the plan changes anything on 1fichier. */
export function planHasChanges(plan: SyncPlan): boolean {
  const s = plan.summary;
  return s.upload + s.replace + s.remove + s.createFolders + s.removeFolders > 0;
}

/** Whether the plan removes anything from 1fichier (then Enter must not run it: Cancel comes first). */
function planRemoves(plan: SyncPlan): boolean {
  return plan.summary.remove + plan.summary.removeFolders > 0;
}

/**
 * The plan in one line, as the core's describePlan writes it in English (`3 to upload, 0 to replace; 2
 * unchanged (1.5 MB to send)`), each count a phrase of its own in the display language.
 */
export function planSummary(plan: SyncPlan): string {
  const s = plan.summary;
  const changes = [vscode.l10n.t('{0} to upload', s.upload), vscode.l10n.t('{0} to replace', s.replace)];
  if (plan.deleteExtraneous || s.remove > 0) changes.push(vscode.l10n.t('{0} to remove', s.remove));
  const rest = [
    plural(s.unchanged, {
      one: vscode.l10n.t('{0} unchanged', s.unchanged),
      other: vscode.l10n.t({ message: '{0} unchanged', args: [s.unchanged], comment: 'plural: other' }),
    }),
  ];
  if (s.keptRemote > 0) rest.push(vscode.l10n.t('{0} only on 1fichier (kept)', s.keptRemote));
  if (s.skipped > 0)
    rest.push(
      plural(s.skipped, {
        one: vscode.l10n.t('{0} skipped', s.skipped),
        other: vscode.l10n.t({ message: '{0} skipped', args: [s.skipped], comment: 'plural: other' }),
      }),
    );
  return vscode.l10n.t('{0}; {1} ({2} to send)', changes.join(', '), rest.join(', '), size(s.bytes));
}

function previewItems(plan: SyncPlan, rootPath: string): PreviewItem[] {
  const run: PreviewItem = {
    label: `$(check) ${vscode.l10n.t('Sync now')}`,
    description: planSummary(plan),
    action: 'sync',
    alwaysShow: true,
  };
  const cancel: PreviewItem = { label: `$(close) ${vscode.l10n.t('Cancel')}`, action: 'cancel', alwaysShow: true };
  // A quick pick's first row is the one Enter picks.
  const items: PreviewItem[] = planRemoves(plan) ? [cancel, run] : [run, cancel];
  const section = <T>(title: string, list: readonly T[], row: (x: T) => Omit<PreviewItem, 'action'>) => {
    if (list.length === 0) return;
    items.push({ label: `${title} (${list.length})`, kind: vscode.QuickPickItemKind.Separator, action: 'none' });
    for (const x of list.slice(0, MAX_ROWS)) items.push({ ...row(x), action: 'none' });
    if (list.length > MAX_ROWS) items.push({ label: vscode.l10n.t('... and {0} more', list.length - MAX_ROWS), action: 'none' });
  };
  // A symbolic link is sent as the file it points to: the row names that file, so the user sees what is sent.
  const link = (file: { linkTarget?: string }) => (file.linkTarget ? vscode.l10n.t('; a symbolic link, sends {0}', file.linkTarget) : '');
  section(vscode.l10n.t('To upload'), plan.uploads, (u) => ({
    label: `$(add) ${u.path}`,
    description: `${size(u.file.size)}${link(u.file)}`,
  }));
  section(vscode.l10n.t('To replace'), plan.replacements, (r) => ({
    label: `$(replace) ${r.path}`,
    description:
      r.replaces.length === 1
        ? vscode.l10n.t('{0} (was {1}); its link will change{2}', size(r.file.size), size(r.replaces[0]?.size ?? 0), link(r.file))
        : vscode.l10n.t('{0} (replaces {1} copies); its link will change{2}', size(r.file.size), r.replaces.length, link(r.file)),
  }));
  section(vscode.l10n.t('To remove from 1fichier'), plan.removals, (r) => ({
    label: `$(trash) ${r.path}`,
    description: r.reason === 'duplicate' ? vscode.l10n.t('an extra copy of a file kept here') : vscode.l10n.t('not in the local folder'),
  }));
  section(vscode.l10n.t('New folders'), plan.createFolders, (f) =>
    f.path === ''
      ? { label: `$(new-folder) ${rootPath}`, description: vscode.l10n.t('the folder synced into') }
      : { label: `$(new-folder) ${f.path}` },
  );
  section(vscode.l10n.t('Folders to remove'), plan.removeFolders, (f) => ({ label: `$(trash) ${f.path}/` }));
  // The core's reasons and notes as codes, said in the display language (locale.ts reason).
  section(vscode.l10n.t('Skipped'), plan.skipped, (s) => ({ label: `$(warning) ${s.path}`, description: reason(s.why) }));
  section(vscode.l10n.t('Notes'), plan.notes, (why) => ({ label: `$(info) ${reason(why)}` }));
  return items;
}

/** Shows the plan (`rootPath`: the folder synced into, on 1fichier); true when the user chose to run it. */
export async function confirmPlan(plan: SyncPlan, title: string, rootPath: string): Promise<boolean> {
  const removed = plan.summary.remove + plan.summary.removeFolders;
  const picked = await vscode.window.showQuickPick(previewItems(plan, rootPath), {
    title,
    placeHolder: planRemoves(plan)
      ? plural(removed, {
          one: vscode.l10n.t(
            'This removes {0} item from 1fichier (listed below): choose "Sync now" only if that is what you want',
            removed,
          ),
          other: vscode.l10n.t(
            'This removes {0} items from 1fichier (listed below): choose "Sync now" only if that is what you want',
            removed,
          ),
        })
      : vscode.l10n.t('Check what will change, then choose "Sync now"'),
    matchOnDescription: true,
    ignoreFocusOut: true,
  });
  return picked?.action === 'sync';
}
