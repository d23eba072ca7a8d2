/** Editor tabs of stored files: a deleted file's read-only tab is closed, not left showing a file that is gone. */
import * as vscode from 'vscode';
import { fileUrlOf } from './uri';

/** Closes every tab that shows one of these files (by file URL, whatever editor shows it). */
export async function closeTabsOf(urls: Iterable<string>): Promise<void> {
  const gone = new Set(urls);
  if (gone.size === 0) return;
  const tabs = vscode.window.tabGroups.all
    .flatMap((group) => group.tabs)
    .filter((tab) => {
      const uri = (tab.input as { uri?: unknown } | undefined)?.uri;
      const url = uri instanceof vscode.Uri ? fileUrlOf(uri) : undefined;
      return url !== undefined && gone.has(url);
    });
  // The tabs are read-only views of the service's copy: nothing unsaved can be lost.
  if (tabs.length > 0) await vscode.window.tabGroups.close(tabs, true);
}
