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

function previewItems(plan: SyncPlan): PreviewItem[] {
  const items: PreviewItem[] = [
    { label: '$(check) Sync now', description: describePlan(plan), action: 'sync', alwaysShow: true },
    { label: '$(close) Cancel', action: 'cancel', alwaysShow: true },
  ];
  const section = <T>(title: string, list: readonly T[], row: (x: T) => Omit<PreviewItem, 'action'>) => {
    if (list.length === 0) return;
    items.push({ label: `${title} (${list.length})`, kind: vscode.QuickPickItemKind.Separator, action: 'none' });
    for (const x of list.slice(0, MAX_ROWS)) items.push({ ...row(x), action: 'none' });
    if (list.length > MAX_ROWS) items.push({ label: `... and ${list.length - MAX_ROWS} more`, action: 'none' });
  };
  section('To upload', plan.uploads, (u) => ({ label: `$(add) ${u.path}`, description: formatSize(u.file.size) }));
  section('To replace', plan.replacements, (r) => ({
    label: `$(replace) ${r.path}`,
    description:
      r.replaces.length === 1
        ? `${formatSize(r.file.size)} (was ${formatSize(r.replaces[0]?.size ?? 0)})`
        : `${formatSize(r.file.size)} (replaces ${plural(r.replaces.length, 'copy')})`,
  }));
  section('To remove from 1fichier', plan.removals, (r) => ({
    label: `$(trash) ${r.path}`,
    description: r.reason === 'duplicate' ? 'an extra copy of a file kept here' : 'not in the local folder',
  }));
  section('New folders', plan.createFolders, (f) => ({ label: `$(new-folder) ${f.path || '(the folder itself)'}` }));
  section('Folders to remove', plan.removeFolders, (f) => ({ label: `$(trash) ${f.path}/` }));
  section('Skipped', plan.skipped, (s) => ({ label: `$(warning) ${s.path}`, description: s.reason }));
  section('Notes', plan.warnings, (w) => ({ label: `$(info) ${w}` }));
  return items;
}

/** Shows the plan; true when the user chose to run it. */
export async function confirmPlan(plan: SyncPlan, title: string): Promise<boolean> {
  const picked = await vscode.window.showQuickPick(previewItems(plan), {
    title,
    placeHolder: 'Check what will change, then choose "Sync now"',
    matchOnDescription: true,
    ignoreFocusOut: true,
  });
  return picked?.action === 'sync';
}
