/** Every command of the extension, one module each. */
import type { CommandModule } from '../services';
import { clearApiKey } from './clearApiKey';
import { confirmApiHost } from './confirmApiHost';
import { copy } from './copy';
import { copyDirectLink } from './copyDirectLink';
import { copyLink } from './copyLink';
import { deleteItems } from './delete';
import { downloadFile } from './downloadFile';
import { downloadFolder } from './downloadFolder';
import { loadMore } from './loadMore';
import { move } from './move';
import { newFolder } from './newFolder';
import { openFile } from './openFile';
import { refresh } from './refresh';
import { remoteUpload } from './remoteUpload';
import { rename } from './rename';
import { revealInTree } from './revealInTree';
import { setApiKey } from './setApiKey';
import { setDescription } from './setDescription';
import { setPassword } from './setPassword';
import { shareFolder } from './shareFolder';
import { showAccount } from './showAccount';
import { showLog } from './showLog';
import { syncFolder } from './syncFolder';
import { uploadActiveFile } from './uploadActiveFile';
import { uploadFiles } from './uploadFiles';
import { uploadHere } from './uploadHere';
import { uploadPick } from './uploadPick';

export const commands: readonly CommandModule[] = [
  setApiKey,
  clearApiKey,
  confirmApiHost,
  refresh,
  loadMore,
  showLog,
  showAccount,
  uploadFiles,
  uploadActiveFile,
  uploadHere,
  uploadPick,
  syncFolder,
  remoteUpload,
  newFolder,
  copyLink,
  copyDirectLink,
  downloadFile,
  downloadFolder,
  openFile,
  rename,
  move,
  copy,
  deleteItems,
  setPassword,
  setDescription,
  shareFolder,
  revealInTree,
];
