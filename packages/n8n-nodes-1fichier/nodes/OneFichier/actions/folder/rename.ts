import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import { folderLocator, getFolderId } from '../../helpers/locators';
import { item } from '../../helpers/output';
import { givenName, nameOptionsCollection, namePolicyOf } from '../../helpers/options';
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
  nameOptionsCollection,
];

export const description = updateDisplayOptions({ show: { resource: ['folder'], operation: ['rename'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number, handle: ClientHandle): Promise<INodeExecutionData[]> {
  const folderId = await getFolderId(this, handle.client, 'folder', itemIndex);
  const newName = givenName(this.getNodeParameter('newName', itemIndex, ''));
  if (newName === '' || newName.includes('/')) {
    throw new NodeOperationError(this.getNode(), newName === '' ? 'No new name given' : `The folder name "${newName}" contains a slash`, {
      itemIndex,
      description: 'Set "New Name" to a name without slashes.',
    });
  }
  if (folderId === 0) {
    throw new NodeOperationError(this.getNode(), 'The root folder cannot be renamed', { itemIndex, description: 'Pick another folder.' });
  }
  // The parent goes with the new name so the folder stays where it is; given by path, it is known already.
  const parentId = await parentOfPath(this, handle, itemIndex);
  const result = await handle.client.renameFolder(folderId, newName, {
    ...namePolicyOf(this, itemIndex),
    ...(parentId !== undefined ? { parentId } : {}),
  });
  return [item({ folderId, ...result }, itemIndex)];
}

/** The parent of a folder given by path ("/A/B" → the id of "/A"); undefined when given by id or from the list. */
async function parentOfPath(ctx: IExecuteFunctions, handle: ClientHandle, itemIndex: number): Promise<number | undefined> {
  const locator = ctx.getNodeParameter('folder', itemIndex) as { mode?: string; value?: unknown } | string;
  if (typeof locator !== 'object' || locator.mode !== 'path') return undefined;
  const segments = String(locator.value ?? '')
    .split('/')
    .filter((s) => s.trim() !== '');
  return handle.client.resolveFolderPath(`/${segments.slice(0, -1).join('/')}`);
}
