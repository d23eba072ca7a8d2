import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { fileLocator, getFileUrl } from '../../helpers/locators';
import { item } from '../../helpers/output';
import type { ClientHandle } from '../../transport';

const properties: INodeProperties[] = [
  fileLocator(),
  {
    displayName: '1fichier scans files under 5 GB; an infected file is removed by the service',
    name: 'scanNotice',
    type: 'notice',
    default: '',
  },
];

export const description = updateDisplayOptions({ show: { resource: ['file'], operation: ['scan'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number, handle: ClientHandle): Promise<INodeExecutionData[]> {
  const url = await getFileUrl(this, handle.client, itemIndex);
  const result = await handle.client.scanFile(url);
  return [item({ url, ...result }, itemIndex)];
}
