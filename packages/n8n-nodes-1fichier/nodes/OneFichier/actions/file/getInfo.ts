import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { fileLocator, getFileUrl } from '../../helpers/locators';
import { filePasswordOption } from '../../helpers/options';
import { fileJson, item } from '../../helpers/output';
import type { ClientHandle } from '../../transport';

const properties: INodeProperties[] = [
  fileLocator(),
  {
    displayName: 'Options',
    name: 'options',
    type: 'collection',
    placeholder: 'Add option',
    default: {},
    options: [filePasswordOption],
  },
];

export const description = updateDisplayOptions({ show: { resource: ['file'], operation: ['getInfo'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number, handle: ClientHandle): Promise<INodeExecutionData[]> {
  const url = await getFileUrl(this, handle.client, itemIndex);
  const options = this.getNodeParameter('options', itemIndex, {}) as { password?: string };
  const info = await handle.client.getFileInfo(url, options.password ? { password: options.password } : {});
  return [item(fileJson(info), itemIndex)];
}
