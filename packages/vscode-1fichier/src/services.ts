/**
 * What every command module receives: the pieces built at activation (all cheap to build). The upload queue
 * and the tree ask only for the parts they use (UploadServices in upload/start.ts, MoveServices in
 * tree/move.ts), which this bag satisfies.
 */
import type * as vscode from 'vscode';
import type { ApiService } from './api';
import type { KeyStore } from './keyStore';
import type { Logger } from './log';
import type { AccountStatus } from './statusBar';
import type { StorageModel } from './tree/model';
import type { StorageTreeProvider } from './tree/provider';
import type { StorageNode } from './tree/nodes';
import type { UploadQueue } from './upload/queue';

export interface Services {
  context: vscode.ExtensionContext;
  log: Logger;
  keys: KeyStore;
  api: ApiService;
  /** The tree's view: rendering and refresh. */
  tree: StorageTreeProvider;
  /** The tree's listing model: folders, loaded contents, patches after a change (tree.model). */
  storage: StorageModel;
  /** Set once the view is created (always at activation). */
  treeView?: vscode.TreeView<StorageNode>;
  uploads: UploadQueue;
  /** The account in the status bar; set at activation, right after the services. */
  account?: AccountStatus;
}

/** A command: its id and what it does with the services and the arguments VS Code passes. */
export interface CommandModule {
  id: string;
  /** What the user was doing, for error messages ("Upload", "Delete"...). */
  action: string;
  run(services: Services, ...args: unknown[]): Promise<unknown> | unknown;
}
