/**
 * What a folder job's steps and the core's waits say in a progress notification, in the display language.
 * The core's events carry an English `message` for logs; the notification is built from their fields instead.
 */
import * as vscode from 'vscode';
import type { SyncEvent, WaitEvent } from '@onefichier/core';
import type { FolderDownloadEvent } from '@onefichier/core/node';
import { describeError } from '../errors';
import { size } from '../locale';

export type FolderJobEvent = SyncEvent | FolderDownloadEvent;

export function folderEventText(e: FolderJobEvent): string {
  switch (e.type) {
    case 'listed':
      return e.path === '' ? vscode.l10n.t('Listed the folder on 1fichier') : vscode.l10n.t('Listed {0} on 1fichier', e.path);
    case 'hashing':
      return vscode.l10n.t('Comparing {0} with its copy on 1fichier', e.path);
    case 'folder-created':
      return vscode.l10n.t('Created the folder {0}', e.path || e.name);
    case 'uploading':
      return vscode.l10n.t('Uploading {0}: {1} of {2}', e.path, size(e.bytesDone), size(e.bytesTotal));
    case 'uploaded':
      return vscode.l10n.t('Uploaded {0}', e.path);
    case 'removed':
      return e.reason === 'replaced'
        ? vscode.l10n.t('Removed the old copy of {0}', e.path)
        : e.reason === 'duplicate'
          ? vscode.l10n.t('Removed an extra copy of {0}', e.path)
          : vscode.l10n.t('Removed {0} (not in the local folder)', e.path);
    case 'folder-removed':
      return vscode.l10n.t('Removed the folder {0}', e.path);
    case 'downloading':
      return vscode.l10n.t('Downloading {0}: {1} of {2}', e.path, size(e.bytesDone), size(e.bytesTotal));
    case 'downloaded':
      return vscode.l10n.t('Downloaded {0}', e.path);
    case 'failed':
      return e.path
        ? vscode.l10n.t('{0}: {1}', e.path, describeError(e.error).message)
        : vscode.l10n.t('The folder: {0}', describeError(e.error).message);
  }
}

/** Why the job pauses, by the kind of wait (the endpoint and the service's rule are in the log). */
export function waitText(e: WaitEvent): string {
  const s = Math.ceil(e.ms / 1000);
  switch (e.reason) {
    case 'flood':
      return vscode.l10n.t('waiting {0} s: 1fichier asked this connection to slow down', s);
    case 'budget':
      return vscode.l10n.t('waiting {0} s: 1fichier allows this call only once in a while', s);
    case 'pace':
      return vscode.l10n.t('waiting {0} s: keeping to the pace 1fichier tolerates', s);
    case 'processing':
      return vscode.l10n.t('waiting {0} s: 1fichier is still processing', s);
    case 'backoff':
      return vscode.l10n.t('waiting {0} s before trying again', s);
  }
}
