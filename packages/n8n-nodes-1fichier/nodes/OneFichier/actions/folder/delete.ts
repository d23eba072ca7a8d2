import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import { folderLocator, getFolderId } from '../../helpers/locators';
import { item } from '../../helpers/output';
import type { ClientHandle } from '../../transport';

const properties: INodeProperties[] = [
  folderLocator('folder', 'Folder', 'The folder to delete'),
  {
    displayName: 'Recursive',
    name: 'recursive',
    type: 'boolean',
    default: false,
    description: "Whether to delete the folder's files and sub-folders first. Without it, deleting a folder that is not empty fails.",
  },
];

export const description = updateDisplayOptions({ show: { resource: ['folder'], operation: ['delete'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number, handle: ClientHandle): Promise<INodeExecutionData[]> {
  const folderId = await getFolderId(this, handle.client, 'folder', itemIndex);
  if (folderId === 0) {
    throw new NodeOperationError(this.getNode(), 'The root folder cannot be deleted', {
      itemIndex,
      description: 'Pick the folder to delete; to empty the root, delete its files and sub-folders one by one.',
    });
  }
  const recursive = this.getNodeParameter('recursive', itemIndex, false) as boolean;
  if (recursive) {
    const summary = await handle.client.removeFolderRecursive(folderId);
    return [item({ folderId, deleted: true, recursive: true, ...(summary && typeof summary === 'object' ? summary : {}) }, itemIndex)];
  }
  await handle.client.removeFolder(folderId);
  return [item({ folderId, deleted: true, recursive: false }, itemIndex)];
}
