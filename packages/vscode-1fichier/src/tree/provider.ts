/**
 * The storage tree's view: turns the listing model (model.ts, no VS Code in it) into tree items, and shows
 * a folder that failed to load as an inline message. Loading, patching and the listing budget are the
 * model's.
 */
import * as vscode from 'vscode';
import { ApiHostNotConfirmedError, describeError } from '../errors';
import { formatDate } from '../format';
import { size, sizeExact } from '../locale';
import { fileUri } from '../fs/uri';
import { StorageModel, type StorageModelDeps } from './model';
import type { FileNode, FolderNode, MessageNode, StorageNode } from './nodes';
import { ROOT_ID } from './nodes';

export interface TreeDeps extends Omit<StorageModelDeps, 'onDidChange'> {
  hasKey(): Promise<boolean>;
  openMaxBytes(): number;
  onLoadError(folder: FolderNode, e: unknown): void;
  /** A folder loaded (after a failure, its notice is out of date). */
  onLoaded?(folder: FolderNode): void;
}

export class StorageTreeProvider implements vscode.TreeDataProvider<StorageNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<StorageNode | undefined | void>();
  readonly onDidChangeTreeData = this.changed.event;
  /** Folders that failed to load, shown as a message until refreshed. */
  private readonly errors = new Map<number, MessageNode>();
  readonly model: StorageModel;

  constructor(private readonly deps: TreeDeps) {
    this.model = new StorageModel({ ...deps, onDidChange: (folder) => this.changed.fire(folder) });
  }

  // ------------------------------------------------------------------ TreeDataProvider

  async getChildren(element?: StorageNode): Promise<StorageNode[]> {
    if (element && element.type !== 'folder') return [];
    const folder = element ?? this.model.root;
    if (!element && !(await this.deps.hasKey())) return []; // the welcome view explains what to do
    const error = this.errors.get(folder.id);
    if (error) return [error];
    try {
      const children = await this.model.children(folder);
      this.deps.onLoaded?.(folder);
      return children;
    } catch (e) {
      const { message, hint } = describeError(e);
      const node: MessageNode = {
        type: 'message',
        folderId: folder.id,
        text: vscode.l10n.t('Could not load: {0}', message),
        detail: hint ?? '',
      };
      // Refreshing cannot help here: nothing is sent until the user confirms the host.
      if (e instanceof ApiHostNotConfirmedError)
        node.fix = { command: 'onefichier.confirmApiHost', title: vscode.l10n.t('Confirm API Host') };
      this.errors.set(folder.id, node);
      this.deps.onLoadError(folder, e);
      return [node];
    }
  }

  getParent(element: StorageNode): StorageNode | undefined {
    return this.model.parentOf(element);
  }

  getTreeItem(node: StorageNode): vscode.TreeItem {
    switch (node.type) {
      case 'folder':
        return this.folderItem(node);
      case 'file':
        return this.fileItem(node);
      case 'loadMore': {
        const item = new vscode.TreeItem(vscode.l10n.t('Load more ({0} more)', node.remaining), vscode.TreeItemCollapsibleState.None);
        item.id = `more:${node.folderId}`;
        item.iconPath = new vscode.ThemeIcon('ellipsis');
        item.contextValue = 'loadMore';
        item.command = { command: 'onefichier.loadMore', title: vscode.l10n.t('Load more'), arguments: [node] };
        return item;
      }
      case 'message': {
        const item = new vscode.TreeItem(node.text, vscode.TreeItemCollapsibleState.None);
        item.id = `message:${node.folderId}`;
        item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
        item.tooltip = `${node.text}\n${node.detail}\n${node.fix ? vscode.l10n.t('Click to {0}.', node.fix.title.toLowerCase()) : vscode.l10n.t('Click to try again.')}`;
        item.contextValue = 'message';
        item.command = node.fix ?? {
          command: 'onefichier.refresh',
          title: vscode.l10n.t('Try again'),
          arguments: [this.model.folderById(node.folderId) ?? this.model.root],
        };
        return item;
      }
    }
  }

  private folderItem(node: FolderNode): vscode.TreeItem {
    const item = new vscode.TreeItem(node.name, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = `folder:${node.id}`;
    item.contextValue = 'folder';
    item.iconPath = node.passwordProtected ? new vscode.ThemeIcon('lock') : vscode.ThemeIcon.Folder;
    item.resourceUri = vscode.Uri.from({ scheme: 'onefichier', path: node.path });
    const tooltip = new vscode.MarkdownString(undefined, true);
    tooltip.appendMarkdown(`**${escapeMd(node.name)}**\n\n`);
    tooltip.appendMarkdown(`${vscode.l10n.t('Path: {0}', `\`${escapeCode(node.path)}\``)}  \n${vscode.l10n.t('Folder id: {0}', node.id)}`);
    if (node.createDate)
      tooltip.appendMarkdown(`  \n${vscode.l10n.t('Created: {0}', formatDate(node.createDate, node.createDateUtc, vscode.env.language))}`);
    if (node.passwordProtected) tooltip.appendMarkdown(`  \n$(lock) ${vscode.l10n.t('Password protected')}`);
    item.tooltip = tooltip;
    return item;
  }

  private fileItem(node: FileNode): vscode.TreeItem {
    const f = node.file;
    const item = new vscode.TreeItem(f.filename, vscode.TreeItemCollapsibleState.None);
    item.id = `file:${f.url}`;
    item.contextValue = 'file';
    // ThemeIcon.File with a resourceUri picks the icon theme's icon for the file's type.
    item.iconPath = f.passwordProtected ? new vscode.ThemeIcon('lock') : vscode.ThemeIcon.File;
    item.resourceUri = fileUri(node.folderPath, f.filename, f.url);
    const date = formatDate(f.date, f.dateUtc, vscode.env.language);
    item.description = `${size(f.size)} · ${date}`;
    const tooltip = new vscode.MarkdownString(undefined, true);
    tooltip.appendMarkdown(`**${escapeMd(f.filename)}**\n\n`);
    tooltip.appendMarkdown(`${vscode.l10n.t('Size: {0}', sizeExact(f.size))}  \n`);
    tooltip.appendMarkdown(`${vscode.l10n.t('Uploaded: {0}', date)}  \n`);
    if (f.contentType) tooltip.appendMarkdown(`${vscode.l10n.t('Type: {0}', escapeMd(f.contentType))}  \n`);
    tooltip.appendMarkdown(`${vscode.l10n.t('Link: {0}', `\`${escapeCode(f.url)}\``)}  \n`);
    if (f.checksum) tooltip.appendMarkdown(`Whirlpool: \`${f.checksum.slice(0, 16)}…${f.checksum.slice(-8)}\`  \n`);
    const flags = [
      f.passwordProtected ? `$(lock) ${vscode.l10n.t('password')}` : `$(unlock) ${vscode.l10n.t('no password')}`,
      f.cdn ? '$(zap) CDN' : vscode.l10n.t('no CDN'),
    ];
    if (f.hasAcl) flags.push(`$(shield) ${vscode.l10n.t('access restrictions')}`);
    tooltip.appendMarkdown(flags.join(' · '));
    if (f.size > this.deps.openMaxBytes()) tooltip.appendMarkdown(`\n\n${vscode.l10n.t('Too large to open in the editor: use Download.')}`);
    item.tooltip = tooltip;
    if (f.size <= this.deps.openMaxBytes()) {
      item.command = { command: 'onefichier.openFile', title: vscode.l10n.t('Open (Read-Only)'), arguments: [node] };
    }
    return item;
  }

  // ------------------------------------------------------------------ refresh

  /** Lists the folder again (or everything), dropping its error message; see StorageModel.refresh. */
  refresh(folder?: FolderNode, options: { force?: boolean } = {}): void {
    if (!folder || folder.id === ROOT_ID) this.errors.clear();
    else this.errors.delete(folder.id);
    this.model.refresh(folder, options);
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** Markdown's own characters escaped, `&` too: `&#x1b;` in a name would otherwise render as the character it names. */
function escapeMd(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+\-.!|<>&]/g, '\\$&');
}

function escapeCode(s: string): string {
  return s.replace(/`/g, "'");
}
