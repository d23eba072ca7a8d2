import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { copyEach } from '@onefichier/core';
import { byKey, eachAlone, prepareEach, record, type GroupResults } from '../../helpers/grouping';
import { fileLocator, folderLocator, getFileUrl, getFolderId } from '../../helpers/locators';
import { item } from '../../helpers/output';
import { givenName, nameOptionsCollection, namePolicyOf } from '../../helpers/options';
import type { ClientHandle } from '../../transport';
import { cancelSignal } from '../types';

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

/**
 * Copies the items going to one folder (with one name policy) in one file/cp request. An item with a New Name
 * goes alone: the service names only a single copy per request.
 */
export async function executeGroup(this: IExecuteFunctions, itemIndexes: number[], handle: ClientHandle): Promise<GroupResults> {
  const results: GroupResults = new Map();
  const renaming = itemIndexes.filter((i) => givenName(this.getNodeParameter('newName', i, '')) !== '');
  await eachAlone(results, renaming, (i) => execute.call(this, i, handle));
  const prepared = await prepareEach(
    itemIndexes.filter((i) => !renaming.includes(i)),
    results,
    async (itemIndex) => ({
      url: await getFileUrl(this, handle.client, itemIndex),
      destinationId: await getFolderId(this, handle.client, 'destination', itemIndex),
      ...namePolicyOf(this, itemIndex),
    }),
  );
  const signal = cancelSignal(this);
  for (const members of byKey(prepared, (v) => `${v.destinationId}/${v.reservedNames}`)) {
    const { destinationId, reservedNames } = members[0]!.value;
    const outcomes = await copyEach(
      handle.client,
      members.map((m) => m.value.url),
      destinationId,
      { reservedNames, ...(signal ? { signal } : {}) },
    );
    record(results, members, outcomes, (copied, m) => [
      item({ url: copied.toUrl, fromUrl: copied.fromUrl, folderId: destinationId }, m.itemIndex),
    ]);
  }
  return results;
}
