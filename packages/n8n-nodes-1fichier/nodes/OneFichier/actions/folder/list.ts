import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { folderLocator, getFolderId } from '../../helpers/locators';
import { fileJson, folderJson, item } from '../../helpers/output';
import { resultLimit, returnAllAndLimit } from '../../helpers/paging';
import type { ClientHandle } from '../../transport';
import { cancelSignal } from '../types';

const properties: INodeProperties[] = [
  folderLocator('folder', 'Folder', 'The folder whose content to list'),
  {
    displayName: 'Include Files',
    name: 'includeFiles',
    type: 'boolean',
    default: false,
    description: "Whether to return the folder's files too (in the same call), after its sub-folders",
  },
  ...returnAllAndLimit,
];

export const description = updateDisplayOptions({ show: { resource: ['folder'], operation: ['list'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number, handle: ClientHandle): Promise<INodeExecutionData[]> {
  const folderId = await getFolderId(this, handle.client, 'folder', itemIndex);
  const includeFiles = this.getNodeParameter('includeFiles', itemIndex, false) as boolean;
  const limit = resultLimit.call(this, itemIndex);
  const signal = cancelSignal(this);
  const listing = await handle.client.listFolder(folderId, { includeFiles, ...(signal ? { signal } : {}) });
  const entries = [
    ...listing.subFolders.map((f) => ({ type: 'folder', parentId: folderId, ...folderJson(f) })),
    ...(includeFiles ? (listing.items ?? []).map((f) => ({ type: 'file', folderId, ...fileJson(f) })) : []),
  ];
  return entries.slice(0, limit).map((entry) => item(entry, itemIndex));
}
