import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import { folderLocator, getFolderId } from '../../helpers/locators';
import { URL_LIST_SEPARATORS, splitUrlList, type RemoteUploadCreated } from '@onefichier/core';
import { byKey, eachAlone, prepareEach, type GroupResults } from '../../helpers/grouping';
import { item } from '../../helpers/output';
import type { ClientHandle } from '../../transport';
import { cancelSignal } from '../types';

const properties: INodeProperties[] = [
  {
    displayName: 'URLs',
    name: 'urls',
    type: 'string',
    typeOptions: { rows: 3 },
    default: '',
    required: true,
    placeholder: 'e.g. https://example.com/archive.zip',
    description: `The web addresses 1fichier should fetch, separated by ${URL_LIST_SEPARATORS} (a comma inside an address stays part of it)`,
  },
  folderLocator('folder', 'Parent Folder', 'The folder the fetched files go into'),
  {
    displayName: 'Wait for Completion',
    name: 'waitForCompletion',
    type: 'boolean',
    default: false,
    description: 'Whether to wait until 1fichier has fetched every URL and return the resulting file links',
  },
  {
    displayName: 'Timeout (Minutes)',
    name: 'timeoutMinutes',
    type: 'number',
    typeOptions: { minValue: 1 },
    default: 30,
    displayOptions: { show: { waitForCompletion: [true] } },
    description: 'How long to wait before failing; the remote upload keeps running on 1fichier afterwards',
  },
  {
    displayName: 'Request Headers',
    name: 'headers',
    type: 'fixedCollection',
    typeOptions: { multipleValues: true },
    placeholder: 'Add header',
    default: {},
    description: 'Headers 1fichier sends when it fetches the URLs (for example a cookie)',
    options: [
      {
        displayName: 'Header',
        name: 'header',
        values: [
          { displayName: 'Name', name: 'name', type: 'string', default: '' },
          { displayName: 'Value', name: 'value', type: 'string', default: '' },
        ],
      },
    ],
  },
];

export const description = updateDisplayOptions({ show: { resource: ['file'], operation: ['uploadFromUrl'] } }, properties);

/** An item's request: its addresses (checked), its folder and headers. */
async function requestOf(
  this: IExecuteFunctions,
  itemIndex: number,
  handle: ClientHandle,
): Promise<{ urls: string[]; folderId: number; headers: Record<string, string> }> {
  const urls = splitUrlList(this.getNodeParameter('urls', itemIndex) as string);
  const bad = urls.filter((u) => !/^https?:\/\/\S+$/i.test(u));
  if (urls.length === 0 || bad.length > 0) {
    throw new NodeOperationError(
      this.getNode(),
      urls.length === 0 ? 'No URL to upload from' : `Not a web address: ${bad.slice(0, 3).join(', ')}`,
      { itemIndex, description: 'Give one or more http:// or https:// addresses, separated by commas or new lines.' },
    );
  }
  const folderId = await getFolderId(this, handle.client, 'folder', itemIndex);
  const headerRows = (this.getNodeParameter('headers.header', itemIndex, []) as Array<{ name: string; value: string }>) ?? [];
  const headers: Record<string, string> = {};
  for (const row of headerRows) if (row.name.trim() !== '') headers[row.name.trim()] = row.value;
  return { urls, folderId, headers };
}

export async function execute(this: IExecuteFunctions, itemIndex: number, handle: ClientHandle): Promise<INodeExecutionData[]> {
  const { urls, folderId, headers } = await requestOf.call(this, itemIndex, handle);
  const created = await handle.client.remoteUpload({
    urls,
    folderId,
    ...(Object.keys(headers).length > 0 ? { headers } : {}),
  });
  if (!(this.getNodeParameter('waitForCompletion', itemIndex, false) as boolean)) {
    return [item({ id: created.id, date: created.date, urls: created.urls, done: false }, itemIndex)];
  }
  const timeoutMinutes = this.getNodeParameter('timeoutMinutes', itemIndex, 30) as number;
  const signal = cancelSignal(this);
  const info = await handle.client.waitForRemoteUpload(created.id, {
    timeoutMs: timeoutMinutes * 60_000,
    ...(signal ? { signal } : {}),
  });
  return [item(info, itemIndex)];
}

/**
 * The items that do not wait for completion, with one folder and the same headers, in one remote/request.cgi
 * (it takes many URLs): they share its job id, and each output lists its own URLs. An item that waits goes alone.
 */
export async function executeGroup(this: IExecuteFunctions, itemIndexes: number[], handle: ClientHandle): Promise<GroupResults> {
  const results: GroupResults = new Map();
  const waiting = itemIndexes.filter((i) => this.getNodeParameter('waitForCompletion', i, false) as boolean);
  await eachAlone(results, waiting, (i) => execute.call(this, i, handle));
  const prepared = await prepareEach(
    itemIndexes.filter((i) => !waiting.includes(i)),
    results,
    (itemIndex) => requestOf.call(this, itemIndex, handle),
  );
  for (const members of byKey(prepared, (v) => JSON.stringify([v.folderId, v.headers]))) {
    const { folderId, headers } = members[0]!.value;
    let created: RemoteUploadCreated;
    try {
      created = await handle.client.remoteUpload({
        urls: members.flatMap((m) => m.value.urls),
        folderId,
        ...(Object.keys(headers).length > 0 ? { headers } : {}),
      });
    } catch (error) {
      for (const m of members) results.set(m.itemIndex, error instanceof Error ? error : new Error(String(error)));
      continue;
    }
    for (const m of members)
      results.set(m.itemIndex, [item({ id: created.id, date: created.date, urls: m.value.urls, done: false }, m.itemIndex)]);
  }
  return results;
}
