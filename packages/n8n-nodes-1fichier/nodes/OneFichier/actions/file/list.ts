import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import { folderLocator, getFolderId } from '../../helpers/locators';
import { fileJson, item } from '../../helpers/output';
import { resultLimit, returnAllAndLimit } from '../../helpers/paging';
import type { ClientHandle } from '../../transport';
import { cancelSignal } from '../types';

const properties: INodeProperties[] = [
  {
    displayName: 'Whole Account',
    name: 'wholeAccount',
    type: 'boolean',
    default: false,
    description:
      'Whether to list the files of every folder at once. 1fichier allows this once per hour per account; a second call within the hour fails with a clear error.',
  },
  {
    ...folderLocator('folder', 'Folder', 'The folder whose files to list'),
    displayOptions: { show: { wholeAccount: [false] } },
  },
  ...returnAllAndLimit,
  {
    displayName: 'Filters',
    name: 'filters',
    type: 'collection',
    placeholder: 'Add filter',
    default: {},
    options: [
      {
        displayName: 'Uploaded After',
        name: 'sentAfter',
        type: 'dateTime',
        default: '',
        description: 'Only files uploaded after this moment',
      },
      {
        displayName: 'Uploaded Before',
        name: 'sentBefore',
        type: 'dateTime',
        default: '',
        description: 'Only files uploaded before this moment',
      },
    ],
  },
];

export const description = updateDisplayOptions({ show: { resource: ['file'], operation: ['list'] } }, properties);

function toDate(ctx: IExecuteFunctions, value: unknown, label: string, itemIndex: number): Date | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const date = new Date(String(value));
  if (Number.isNaN(date.getTime())) {
    throw new NodeOperationError(ctx.getNode(), `"${String(value)}" in ${label} is not a date`, {
      itemIndex,
      description: 'Use an ISO date such as 2026-01-31T12:00:00Z, or pick it in the date field.',
    });
  }
  return date;
}

export async function execute(this: IExecuteFunctions, itemIndex: number, handle: ClientHandle): Promise<INodeExecutionData[]> {
  const wholeAccount = this.getNodeParameter('wholeAccount', itemIndex, false) as boolean;
  const folderId = wholeAccount ? ('all' as const) : await getFolderId(this, handle.client, 'folder', itemIndex);
  const limit = resultLimit.call(this, itemIndex);
  const filters = this.getNodeParameter('filters', itemIndex, {}) as { sentAfter?: string; sentBefore?: string };
  const sentAfter = toDate(this, filters.sentAfter, 'Uploaded After', itemIndex);
  const sentBefore = toDate(this, filters.sentBefore, 'Uploaded Before', itemIndex);
  const signal = cancelSignal(this);
  const listing = await handle.client.listFiles({
    folderId,
    ...(sentAfter ? { sentAfter } : {}),
    ...(sentBefore ? { sentBefore } : {}),
    ...(signal ? { signal } : {}),
  });
  return listing.items.slice(0, limit).map((file) => item(fileJson(file), itemIndex));
}
