import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { copyEach } from '@onefichier/core';
import { toFolderGroup, type GroupResults } from '../../helpers/grouping';
import { fileLocator, folderLocator, getFileUrl, getFolderId } from '../../helpers/locators';
import { item } from '../../helpers/output';
import { givenName, nameOptionsCollection, namePolicyOf } from '../../helpers/options';
import type { ClientHandle } from '../../transport';

const properties: INodeProperties[] = [
  fileLocator(),
  folderLocator('destination', 'Destination Folder', 'The folder the copy goes into'),
  {
    displayName: 'New Name',
    name: 'newName',
    type: 'string',
    default: '',
    description: 'Name of the copy. Leave empty to keep the original name.',
  },
  nameOptionsCollection,
];

export const description = updateDisplayOptions({ show: { resource: ['file'], operation: ['copy'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number, handle: ClientHandle): Promise<INodeExecutionData[]> {
  const url = await getFileUrl(this, handle.client, itemIndex);
  const destinationId = await getFolderId(this, handle.client, 'destination', itemIndex);
  const newName = givenName(this.getNodeParameter('newName', itemIndex, ''));
  const result = await handle.client.copyFiles([url], destinationId, {
    ...namePolicyOf(this, itemIndex),
    ...(newName ? { rename: newName } : {}),
  });
  const copied = result.urls[0];
  return [
    item(
      {
        url: copied?.toUrl ?? '',
        fromUrl: copied?.fromUrl ?? url,
        folderId: destinationId,
        ...(result.filename || newName ? { filename: result.filename ?? newName } : {}),
      },
      itemIndex,
    ),
  ];
}

/** Copies the items going to one folder in one file/cp request (helpers/grouping.ts, toFolderGroup). */
export function executeGroup(this: IExecuteFunctions, itemIndexes: number[], handle: ClientHandle): Promise<GroupResults> {
  return toFolderGroup(
    this,
    itemIndexes,
    handle,
    (i) => execute.call(this, i, handle),
    copyEach,
    (copied, m) => [item({ url: copied.toUrl, fromUrl: copied.fromUrl, folderId: m.value.destinationId }, m.itemIndex)],
  );
}
