import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import { folderLocator, getFolderId } from '../../helpers/locators';
import { item } from '../../helpers/output';
import type { ClientHandle } from '../../transport';

const properties: INodeProperties[] = [
  folderLocator('folder', 'Folder', 'The folder to rename'),
  {
    displayName: 'New Name',
    name: 'newName',
    type: 'string',
    default: '',
    required: true,
    placeholder: 'e.g. Archive 2026',
    description: 'The new name of the folder',
  },
];

export const description = updateDisplayOptions({ show: { resource: ['folder'], operation: ['rename'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number, handle: ClientHandle): Promise<INodeExecutionData[]> {
  const folderId = await getFolderId(this, handle.client, 'folder', itemIndex);
  const newName = (this.getNodeParameter('newName', itemIndex, '') as string).trim();
  if (newName === '' || newName.includes('/')) {
    throw new NodeOperationError(this.getNode(), newName === '' ? 'No new name given' : `The folder name "${newName}" contains a slash`, {
      itemIndex,
      description: 'Set "New Name" to a name without slashes.',
    });
  }
  if (folderId === 0) {
    throw new NodeOperationError(this.getNode(), 'The root folder cannot be renamed', { itemIndex, description: 'Pick another folder.' });
  }
  const result = await handle.client.renameFolder(folderId, newName);
  return [item({ folderId, ...result }, itemIndex)];
}
