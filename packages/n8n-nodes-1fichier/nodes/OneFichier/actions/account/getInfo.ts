import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { item } from '../../helpers/output';
import type { ClientHandle } from '../../transport';

const properties: INodeProperties[] = [
  {
    displayName: '1fichier answers this at most once per 5 minutes per account; calls in between reuse the last answer',
    name: 'budgetNotice',
    type: 'notice',
    default: '',
  },
];

export const description = updateDisplayOptions({ show: { resource: ['account'], operation: ['getInfo'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number, handle: ClientHandle): Promise<INodeExecutionData[]> {
  const info = await handle.client.getAccountInfo();
  const { raw, ...fields } = info;
  return [item({ ...fields, raw }, itemIndex)];
}
