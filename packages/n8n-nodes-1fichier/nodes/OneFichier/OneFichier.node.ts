import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';
import { operations, properties, subtitle } from './actions';
import { errorItemJson, toNodeError } from './helpers/errors';
import { combinesItems, type GroupResults } from './helpers/grouping';
import { searchFolders } from './methods/listSearch';
import { getClient, type ClientHandle } from './transport';
import type { OperationModule } from './actions/types';

/** The items that fail before any item runs: each operation with such a check sees all of its items at once. */
function refusedItems(ctx: IExecuteFunctions, itemCount: number): Map<number, Error> {
  const byOperation = new Map<OperationModule, number[]>();
  for (let itemIndex = 0; itemIndex < itemCount; itemIndex++) {
    try {
      const resource = ctx.getNodeParameter('resource', itemIndex) as string;
      const implementation = operations[resource]?.[ctx.getNodeParameter('operation', itemIndex) as string];
      if (implementation?.refuseItems) byOperation.set(implementation, [...(byOperation.get(implementation) ?? []), itemIndex]);
    } catch {
      // A parameter that cannot be read fails its item when the item runs, with its own message.
    }
  }
  const refused = new Map<number, Error>();
  for (const [implementation, itemIndexes] of byOperation)
    for (const [itemIndex, error] of implementation.refuseItems!.call(ctx, itemIndexes)) refused.set(itemIndex, error);
  return refused;
}

/**
 * Runs the items that can share requests (helpers/grouping.ts) before the others, and answers each one's output
 * or error, which the loop then takes in input order like any other item's.
 */
async function groupedItems(
  ctx: IExecuteFunctions,
  itemCount: number,
  refused: Map<number, Error>,
  handle: ClientHandle,
): Promise<GroupResults> {
  const byOperation = new Map<OperationModule, number[]>();
  for (let itemIndex = 0; itemIndex < itemCount; itemIndex++) {
    if (refused.has(itemIndex)) continue;
    try {
      const implementation =
        operations[ctx.getNodeParameter('resource', itemIndex) as string]?.[ctx.getNodeParameter('operation', itemIndex) as string];
      if (implementation?.executeGroup && combinesItems(ctx, itemIndex))
        byOperation.set(implementation, [...(byOperation.get(implementation) ?? []), itemIndex]);
    } catch {
      // A parameter that cannot be read fails its item when the item runs, with its own message.
    }
  }
  const results: GroupResults = new Map();
  for (const [implementation, itemIndexes] of byOperation)
    for (const [itemIndex, result] of await implementation.executeGroup!.call(ctx, itemIndexes, handle)) results.set(itemIndex, result);
  return results;
}

export class OneFichier implements INodeType {
  description: INodeTypeDescription = {
    displayName: '1fichier',
    name: 'oneFichier',
    icon: { light: 'file:onefichier.svg', dark: 'file:onefichier.dark.svg' },
    group: ['transform'],
    // 1.1: Upload creates the missing folders of a Parent Folder given By Path ("Create Missing Folders", on
    // for new nodes); a saved version-1 node keeps failing on a missing folder, as it did.
    // 1.2: "Combine Items Into Fewer Requests" (on for new nodes) sends the items of an upload, delete, move,
    // copy or attribute change that can share a request together; earlier saved nodes keep one request per item.
    version: [1, 1.1, 1.2],
    defaultVersion: 1.2,
    subtitle,
    description: 'Upload, download, share and organise files on 1fichier.com',
    defaults: { name: '1fichier' },
    usableAsTool: true,
    inputs: [NodeConnectionTypes.Main],
    outputs: [NodeConnectionTypes.Main],
    credentials: [{ name: 'oneFichierApi', required: true }],
    properties,
  };

  methods = {
    listSearch: { searchFolders },
  };

  async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
    const items = this.getInputData();
    const returnData: INodeExecutionData[] = [];
    // One client for every item: the core paces all of its calls on this account, so a long list of
    // items is spread out instead of tripping the service's flood lock.
    const handle = await getClient(this);
    const refused = refusedItems(this, items.length);
    const grouped = await groupedItems(this, items.length, refused, handle);
    for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
      try {
        const refusal = refused.get(itemIndex);
        if (refusal) throw refusal;
        const groupResult = grouped.get(itemIndex);
        if (groupResult instanceof Error) throw groupResult;
        if (groupResult) {
          returnData.push(...groupResult);
          continue;
        }
        const resource = this.getNodeParameter('resource', itemIndex) as string;
        const operation = this.getNodeParameter('operation', itemIndex) as string;
        const implementation = operations[resource]?.[operation];
        if (!implementation) {
          throw new NodeOperationError(this.getNode(), `The operation "${operation}" of "${resource}" is not supported`, {
            itemIndex,
            description: 'Pick a resource and an operation from the lists.',
          });
        }
        returnData.push(...(await implementation.execute.call(this, itemIndex, handle)));
      } catch (error) {
        const nodeError = toNodeError(this.getNode(), error, itemIndex);
        if (this.continueOnFail()) {
          returnData.push({ json: errorItemJson(nodeError), pairedItem: { item: itemIndex } });
          continue;
        }
        throw nodeError;
      }
    }
    paceHint(this, handle);
    return [returnData];
  }
}

/** Waits shorter than this in all go unmentioned. */
const PACE_HINT_MIN_MS = 3_000;

/**
 * Says, under the node's output, why the step took long: n8n shows only "Executing node..." while the core
 * waits for 1fichier's pace (one listing per folder every 30 s, a few calls per second per IP) or a lock.
 */
function paceHint(ctx: IExecuteFunctions, handle: ClientHandle): void {
  const { totalMs, longest } = handle.waits;
  if (totalMs < PACE_HINT_MIN_MS) return;
  ctx.addExecutionHints({
    location: 'outputPane',
    message:
      `This step waited about ${Math.round(totalMs / 1000)} s for 1fichier's limits, which allow one listing per folder every 30 s and a few calls per second from one IP: ` +
      `the node spaces its calls instead of failing${longest ? ` (longest wait: ${longest})` : ''}.`,
  });
}
