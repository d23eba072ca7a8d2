import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { fileLocator, getFileUrl } from '../../helpers/locators';
import { item } from '../../helpers/output';
import type { ClientHandle } from '../../transport';

const properties: INodeProperties[] = [fileLocator()];

export const description = updateDisplayOptions({ show: { resource: ['file'], operation: ['delete'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number, handle: ClientHandle): Promise<INodeExecutionData[]> {
  const url = await getFileUrl(this, handle.client, itemIndex);
  const result = await handle.client.removeFiles([url]);
  return [item({ url, deleted: result.removed > 0, removed: result.removed }, itemIndex)];
}
