import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import { fileLocator, getFileUrl } from '../../helpers/locators';
import { item } from '../../helpers/output';
import type { ClientHandle } from '../../transport';

const properties: INodeProperties[] = [
  fileLocator(),
  {
    displayName: 'New Name',
    name: 'newName',
    type: 'string',
    default: '',
    required: true,
    placeholder: 'e.g. report-2026.pdf',
    description: 'The new name of the file',
  },
];

export const description = updateDisplayOptions({ show: { resource: ['file'], operation: ['rename'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number, handle: ClientHandle): Promise<INodeExecutionData[]> {
  const url = await getFileUrl(this, handle.client, itemIndex);
  const newName = (this.getNodeParameter('newName', itemIndex, '') as string).trim();
  if (newName === '') {
    throw new NodeOperationError(this.getNode(), 'No new name given', { itemIndex, description: 'Set "New Name".' });
  }
  const result = await handle.client.renameFile(url, newName);
  return [item(result, itemIndex)];
}
