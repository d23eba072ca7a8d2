import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { removeEach } from '@onefichier/core';
import { prepareEach, record, type GroupResults } from '../../helpers/grouping';
import { fileLocator, getFileUrl } from '../../helpers/locators';
import { item } from '../../helpers/output';
import type { ClientHandle } from '../../transport';
import { cancelSignal } from '../types';

const properties: INodeProperties[] = [fileLocator()];

export const description = updateDisplayOptions({ show: { resource: ['file'], operation: ['delete'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number, handle: ClientHandle): Promise<INodeExecutionData[]> {
  const url = await getFileUrl(this, handle.client, itemIndex);
  const result = await handle.client.removeFiles([url]);
  return [item({ url, deleted: result.removed > 0, removed: result.removed }, itemIndex)];
}

/** Deletes the items' files in one file/rm request (halves when a file is gone: the core's removeEach). */
export async function executeGroup(this: IExecuteFunctions, itemIndexes: number[], handle: ClientHandle): Promise<GroupResults> {
  const results: GroupResults = new Map();
  const prepared = await prepareEach(itemIndexes, results, (itemIndex) => getFileUrl(this, handle.client, itemIndex));
  const signal = cancelSignal(this);
  const outcomes = await removeEach(
    handle.client,
    prepared.map((p) => p.value),
    signal ? { signal } : {},
  );
  record(results, prepared, outcomes, (_, m) => [item({ url: m.value, deleted: true, removed: 1 }, m.itemIndex)]);
  return results;
}
