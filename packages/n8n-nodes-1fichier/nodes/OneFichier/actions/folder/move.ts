import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import { folderLocator, getFolderId } from '../../helpers/locators';
import { item } from '../../helpers/output';
import type { ClientHandle } from '../../transport';

const properties: INodeProperties[] = [
  folderLocator('folder', 'Folder', 'The folder to move'),
  folderLocator('destination', 'Destination Folder', 'The folder to move it into'),
];

export const description = updateDisplayOptions({ show: { resource: ['folder'], operation: ['move'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number, handle: ClientHandle): Promise<INodeExecutionData[]> {
  const folderId = await getFolderId(this, handle.client, 'folder', itemIndex);
  const destinationId = await getFolderId(this, handle.client, 'destination', itemIndex);
  if (folderId === 0) {
    throw new NodeOperationError(this.getNode(), 'The root folder cannot be moved', { itemIndex, description: 'Pick another folder.' });
  }
  if (folderId === destinationId) {
    throw new NodeOperationError(this.getNode(), 'A folder cannot be moved into itself', {
      itemIndex,
      description: 'Pick a different destination folder.',
    });
  }
  const result = await handle.client.moveFolder(folderId, destinationId);
  return [item({ folderId, destinationId, ...result }, itemIndex)];
}
