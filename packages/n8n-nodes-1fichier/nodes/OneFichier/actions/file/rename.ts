import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import { fileLocator, getFileUrl } from '../../helpers/locators';
import { item } from '../../helpers/output';
import { givenName, nameOptionsCollection, namePolicyOf } from '../../helpers/options';
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
  nameOptionsCollection,
];

export const description = updateDisplayOptions({ show: { resource: ['file'], operation: ['rename'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number, handle: ClientHandle): Promise<INodeExecutionData[]> {
  const url = await getFileUrl(this, handle.client, itemIndex);
  const newName = givenName(this.getNodeParameter('newName', itemIndex, ''));
  if (newName === '') {
    throw new NodeOperationError(this.getNode(), 'No new name given', { itemIndex, description: 'Set "New Name".' });
  }
  const result = await handle.client.renameFile(url, newName, namePolicyOf(this, itemIndex));
  return [item(result, itemIndex)];
}
