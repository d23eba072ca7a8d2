import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import { folderLocator, getFolderId } from '../../helpers/locators';
import { URL_LIST_SEPARATORS, splitUrlList } from '@onefichier/core';
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

export async function execute(this: IExecuteFunctions, itemIndex: number, handle: ClientHandle): Promise<INodeExecutionData[]> {
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
