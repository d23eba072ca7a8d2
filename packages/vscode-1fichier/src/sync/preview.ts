/**
 * A sync plan shown before anything happens: a quick pick whose first entries run or cancel it, followed by
 * every file to upload, replace and remove, the folders to create or remove and what is skipped and why.
 */
import * as vscode from 'vscode';
import { describePlan, formatSize, type SyncPlan } from '@onefichier/core';
import { plural } from '../format';

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

function previewItems(plan: SyncPlan, rootPath: string): PreviewItem[] {
  const run: PreviewItem = { label: '$(check) Sync now', description: describePlan(plan), action: 'sync', alwaysShow: true };
  const cancel: PreviewItem = { label: '$(close) Cancel', action: 'cancel', alwaysShow: true };
  // A quick pick's first row is the one Enter picks.
  const items: PreviewItem[] = planRemoves(plan) ? [cancel, run] : [run, cancel];
  const section = <T>(title: string, list: readonly T[], row: (x: T) => Omit<PreviewItem, 'action'>) => {
    if (list.length === 0) return;
    items.push({ label: `${title} (${list.length})`, kind: vscode.QuickPickItemKind.Separator, action: 'none' });
    for (const x of list.slice(0, MAX_ROWS)) items.push({ ...row(x), action: 'none' });
    if (list.length > MAX_ROWS) items.push({ label: `... and ${list.length - MAX_ROWS} more`, action: 'none' });
  };
  // A symbolic link is sent as the file it points to: the row names that file, so the user sees what is sent.
  const link = (file: { linkTarget?: string }) => (file.linkTarget ? `; a symbolic link, sends ${file.linkTarget}` : '');
  section('To upload', plan.uploads, (u) => ({ label: `$(add) ${u.path}`, description: `${formatSize(u.file.size)}${link(u.file)}` }));
  section('To replace', plan.replacements, (r) => ({
    label: `$(replace) ${r.path}`,
    description:
      r.replaces.length === 1
        ? `${formatSize(r.file.size)} (was ${formatSize(r.replaces[0]?.size ?? 0)}); its link will change${link(r.file)}`
        : `${formatSize(r.file.size)} (replaces ${plural(r.replaces.length, 'copy')}); its link will change${link(r.file)}`,
  }));
  section('To remove from 1fichier', plan.removals, (r) => ({
    label: `$(trash) ${r.path}`,
    description: r.reason === 'duplicate' ? 'an extra copy of a file kept here' : 'not in the local folder',
  }));
  section('New folders', plan.createFolders, (f) =>
    f.path === '' ? { label: `$(new-folder) ${rootPath}`, description: 'the folder synced into' } : { label: `$(new-folder) ${f.path}` },
  );
  section('Folders to remove', plan.removeFolders, (f) => ({ label: `$(trash) ${f.path}/` }));
  section('Skipped', plan.skipped, (s) => ({ label: `$(warning) ${s.path}`, description: s.reason }));
  section('Notes', plan.warnings, (w) => ({ label: `$(info) ${w}` }));
  return items;
}

/** Shows the plan (`rootPath`: the folder synced into, on 1fichier); true when the user chose to run it. */
export async function confirmPlan(plan: SyncPlan, title: string, rootPath: string): Promise<boolean> {
  const removed = plan.summary.remove + plan.summary.removeFolders;
  const picked = await vscode.window.showQuickPick(previewItems(plan, rootPath), {
    title,
    placeHolder: planRemoves(plan)
      ? `This removes ${plural(removed, 'item')} from 1fichier (listed below): choose "Sync now" only if that is what you want`
      : 'Check what will change, then choose "Sync now"',
    matchOnDescription: true,
    ignoreFocusOut: true,
  });
  return picked?.action === 'sync';
}
