/**
 * Drag and drop on the storage tree: items dragged inside the tree move to the folder they are dropped on;
 * files dropped from the OS (or from VS Code's explorer) upload into it, folders included.
 */
import * as vscode from 'vscode';
import { reportError } from '../errors';
import { plural } from '../locale';
import type { LocalUploadItem } from '../upload/queue';
import { uploadItems, uploadPaths, type UploadServices } from '../upload/start';
import type { StorageModel } from './model';
import { moveItems, type MoveServices } from './move';
import type { FileNode, FolderNode, StorageNode } from './nodes';
import { isFile, isFolder } from './nodes';

/** What a drop uses of the extension's services: uploads and moves. */
type DropServices = UploadServices &
  MoveServices & { storage: Pick<StorageModel, 'root' | 'folderById' | 'folderOf' | 'removeFiles' | 'addFile' | 'moveFolder'> };

export const TREE_MIME = 'application/vnd.code.tree.onefichier.storage';

export class StorageDragAndDrop implements vscode.TreeDragAndDropController<StorageNode> {
  readonly dragMimeTypes = [TREE_MIME];
  readonly dropMimeTypes = [TREE_MIME, 'text/uri-list', 'files'];

  constructor(private readonly services: DropServices) {}

  handleDrag(source: readonly StorageNode[], data: vscode.DataTransfer): void {
    const items = source.filter((n): n is FileNode | FolderNode => isFile(n) || (isFolder(n) && n.parentId !== null));
    if (items.length > 0) data.set(TREE_MIME, new vscode.DataTransferItem(items));
  }

  async handleDrop(target: StorageNode | undefined, data: vscode.DataTransfer, token: vscode.CancellationToken): Promise<void> {
    const dest = this.destination(target);
    try {
      const inTree = data.get(TREE_MIME);
      if (inTree) {
        await this.move(inTree.value as (FileNode | FolderNode)[], dest);
        return;
      }
      const paths = await this.localPaths(data);
      if (token.isCancellationRequested) return;
      if (paths.length > 0) {
        await uploadPaths(this.services, paths, dest);
        return;
      }
      // A browser (code-server) hands over file contents without a path.
      const items = await this.droppedFiles(data);
      if (items.length > 0)
        await uploadItems(
          this.services,
          items,
          dest,
          // A name or a count, read inside "Uploading {0} to 1fichier {1}" (upload/run.ts).
          items.length === 1
            ? (items[0]?.source.name ?? '')
            : plural(items.length, { one: vscode.l10n.t('{0} file', items.length), other: vscode.l10n.t('{0} files', items.length) }),
        );
    } catch (e) {
      reportError(this.services.log, 'Drop', e);
    }
  }

  private destination(target: StorageNode | undefined): FolderNode {
    if (isFolder(target)) return target;
    if (target && 'folderId' in target) return this.services.storage.folderById(target.folderId) ?? this.services.storage.root;
    return this.services.storage.root;
  }

  private async move(items: (FileNode | FolderNode)[], dest: FolderNode): Promise<void> {
    if (items.length === 0) return;
    const confirm = vscode.workspace.getConfiguration('onefichier').get<boolean>('confirmDragAndDropMove', true);
    if (confirm) {
      const label = items.length === 1 ? (items[0]?.type === 'file' ? items[0].file.filename : (items[0] as FolderNode).name) : undefined;
      const move = vscode.l10n.t('Move');
      const choice = await vscode.window.showInformationMessage(
        label !== undefined
          ? vscode.l10n.t('Move {0} to {1}?', label, dest.path)
          : vscode.l10n.t('Move {0} items to {1}?', items.length, dest.path),
        { modal: true },
        move,
        vscode.l10n.t("Move, Don't Ask Again"),
      );
      if (!choice) return;
      if (choice !== move)
        await vscode.workspace.getConfiguration('onefichier').update('confirmDragAndDropMove', false, vscode.ConfigurationTarget.Global);
    }
    await moveItems(this.services, items, dest);
  }

  /** Local paths from `text/uri-list` (files of this machine only). */
  private async localPaths(data: vscode.DataTransfer): Promise<string[]> {
    const list = await data.get('text/uri-list')?.asString();
    if (!list) return [];
    return (
      list
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter((l) => l && !l.startsWith('#'))
        .map((l) => vscode.Uri.parse(l))
        // In a remote window (code-server, SSH) the workbench names files vscode-remote://host/path; this
        // extension host runs on that host, so the path is local to it.
        .filter((u) => u.scheme === 'file' || u.scheme === 'vscode-remote')
        .map((u) => (u.scheme === 'file' ? u.fsPath : u.path))
    );
  }

  /** Files dropped with their bytes only (web): uploaded from memory. */
  private async droppedFiles(data: vscode.DataTransfer): Promise<LocalUploadItem[]> {
    const items: LocalUploadItem[] = [];
    for (const [, item] of data) {
      const file = item.asFile();
      if (!file) continue;
      if (file.uri?.scheme === 'file') continue; // handled through its path
      const bytes = await file.data();
      items.push({
        source: {
          name: file.name,
          size: bytes.byteLength,
          reopenable: true,
          open: () =>
            (async function* () {
              yield bytes;
            })(),
        },
        relativeDir: [],
        localPath: file.name,
      });
    }
    return items;
  }
}
