import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { moveEach } from '@onefichier/core';
import { toFolderGroup, type GroupResults } from '../../helpers/grouping';
import { fileLocator, folderLocator, getFile, getFolderId } from '../../helpers/locators';
import { item } from '../../helpers/output';
import { givenName, nameOptionsCollection, namePolicyOf } from '../../helpers/options';
import type { ClientHandle } from '../../transport';

const properties: INodeProperties[] = [
  fileLocator(),
  folderLocator('destination', 'Destination Folder', 'The folder to move the file into'),
  {
    displayName: 'New Name',
    name: 'newName',
    type: 'string',
    default: '',
    description: 'Rename the file while moving it. Leave empty to keep its name.',
  },
  nameOptionsCollection,
];

export const description = updateDisplayOptions({ show: { resource: ['file'], operation: ['move'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number, handle: ClientHandle): Promise<INodeExecutionData[]> {
  const { url, listed, folderId } = await getFile(this, handle.client, itemIndex);
  const destinationId = await getFolderId(this, handle.client, 'destination', itemIndex);
  const newName = givenName(this.getNodeParameter('newName', itemIndex, ''));
  const result = await handle.client.moveFiles([url], destinationId, {
    ...namePolicyOf(this, itemIndex),
    ...(newName ? { rename: newName } : {}),
    // A file picked by path was listed in its folder: the core then asks no file/info before the rename.
    ...(listed && folderId !== undefined ? { from: { folderId, filename: listed.filename } } : {}),
  });
  return [
    item(
      {
        url: result.urls[0] ?? url,
        fromUrl: url,
        folderId: destinationId,
        moved: result.moved,
        ...(result.filename || newName ? { filename: result.filename ?? newName } : {}),
      },
      itemIndex,
    ),
  ];
}

/** Moves the items going to one folder in one file/mv request (helpers/grouping.ts, toFolderGroup). */
export function executeGroup(this: IExecuteFunctions, itemIndexes: number[], handle: ClientHandle): Promise<GroupResults> {
  return toFolderGroup(
    this,
    itemIndexes,
    handle,
    (i) => execute.call(this, i, handle),
    moveEach,
    (moved, m) => [item({ url: moved.url, fromUrl: m.value.url, folderId: m.value.destinationId, moved: 1 }, m.itemIndex)],
  );
}
