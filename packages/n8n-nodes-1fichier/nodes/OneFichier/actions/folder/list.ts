import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { folderLocator, getFolderId } from '../../helpers/locators';
import { item } from '../../helpers/output';
import type { ClientHandle } from '../../transport';
import { cancelSignal } from '../types';

const properties: INodeProperties[] = [
	folderLocator('folder', 'Folder', 'The folder whose content to list'),
	{
		displayName: 'Include Files',
		name: 'includeFiles',
		type: 'boolean',
		default: false,
		description: 'Whether to return the folder\'s files too (in the same call), after its sub-folders',
	},
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { returnAll: [false] } },
	},
];

export const description = updateDisplayOptions({ show: { resource: ['folder'], operation: ['list'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number, handle: ClientHandle): Promise<INodeExecutionData[]> {
	const folderId = await getFolderId(this, handle.client, 'folder', itemIndex);
	const includeFiles = this.getNodeParameter('includeFiles', itemIndex, false) as boolean;
	const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const limit = returnAll ? Infinity : (this.getNodeParameter('limit', itemIndex, 50) as number);
	const signal = cancelSignal(this);
	const listing = await handle.client.listFolder(folderId, { includeFiles, ...(signal ? { signal } : {}) });
	const entries = [
		...listing.subFolders.map((f) => ({ type: 'folder', parentId: folderId, ...f })),
		...(includeFiles ? (listing.items ?? []).map((f) => ({ type: 'file', folderId, ...f })) : []),
	];
	return entries.slice(0, limit).map((entry) => item(entry, itemIndex));
}
