/**
 * Grouping: the items of one execution whose calls can share a request go out together (one upload request
 * for many files, one file/rm for many files...), because 1fichier limits calls, not bytes: at its pace a
 * hundred single calls take minutes. The core's groups/ units answer one outcome per item, so each item still
 * succeeds or fails on its own (README, "Fewer requests for many items").
 */
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import type { ItemOutcome, OneFichierClient } from '@onefichier/core';
import { getFileUrl, getFolderId } from './locators';
import { givenName, namePolicyOf } from './options';
import type { ClientHandle } from '../transport';
import { cancelSignal } from '../actions/types';

/** The node version from which grouping exists (on by default); earlier saved nodes send one request per item. */
const GROUPING_VERSION = 1.2;

/** The operations whose items can share a request. */
const GROUPED_OPERATIONS = ['upload', 'uploadFromUrl', 'delete', 'move', 'copy', 'setAttributes'];

export const combineItemsProperty: INodeProperties = {
  displayName: 'Combine Items Into Fewer Requests',
  name: 'combineItems',
  type: 'boolean',
  default: true,
  // New in version 1.2 (OneFichier.node.ts): saved nodes of earlier versions keep one request per item.
  displayOptions: { show: { '@version': [{ _cnd: { gte: GROUPING_VERSION } }], resource: ['file'], operation: GROUPED_OPERATIONS } },
  description:
    "Whether to send the items that go to the same folder with the same options in one request (up to 100 files or 4 GiB per upload), which is much faster at 1fichier's pace. Each item still succeeds or fails on its own.",
};

/** Whether this item takes part in grouping: a node of version 1.2 or later with the option on. */
export function combinesItems(ctx: IExecuteFunctions, itemIndex: number): boolean {
  if (ctx.getNode().typeVersion < GROUPING_VERSION) return false;
  return ctx.getNodeParameter('combineItems', itemIndex, true) as boolean;
}

/** What a group run answers for each of its items: the output items, or the item's own error. */
export type GroupResults = Map<number, INodeExecutionData[] | Error>;

/**
 * Reads what each item needs before any request (its own parameters, its file, its folder): an item whose
 * reading fails gets its own error in `results` and leaves the group.
 */
export async function prepareEach<T>(
  itemIndexes: readonly number[],
  results: GroupResults,
  prepare: (itemIndex: number) => Promise<T> | T,
): Promise<{ itemIndex: number; value: T }[]> {
  const prepared: { itemIndex: number; value: T }[] = [];
  for (const itemIndex of itemIndexes) {
    try {
      prepared.push({ itemIndex, value: await prepare(itemIndex) });
    } catch (error) {
      results.set(itemIndex, error instanceof Error ? error : new Error(String(error)));
    }
  }
  return prepared;
}

/** Prepared items by the key of the request they can share, each group in input order. */
export function byKey<T>(
  prepared: readonly { itemIndex: number; value: T }[],
  key: (value: T) => string,
): { itemIndex: number; value: T }[][] {
  const groups = new Map<string, { itemIndex: number; value: T }[]>();
  for (const p of prepared) {
    const k = key(p.value);
    groups.set(k, [...(groups.get(k) ?? []), p]);
  }
  return [...groups.values()];
}

/** Each outcome of a group into `results`: `output` for a success, the error as it is for a failure. */
export function record<T, V>(
  results: GroupResults,
  members: readonly { itemIndex: number; value: V }[],
  outcomes: readonly ItemOutcome<T>[],
  output: (value: T, member: { itemIndex: number; value: V }) => INodeExecutionData[],
): void {
  members.forEach((m, i) => {
    const o = outcomes[i]!;
    results.set(m.itemIndex, o.ok ? output(o.value, m) : o.error);
  });
}

/** Items that cannot share a request (a rename with a move): run one by one, as without grouping. */
export async function eachAlone(
  results: GroupResults,
  itemIndexes: readonly number[],
  run: (itemIndex: number) => Promise<INodeExecutionData[]>,
): Promise<void> {
  for (const itemIndex of itemIndexes) {
    try {
      results.set(itemIndex, await run(itemIndex));
    } catch (error) {
      results.set(itemIndex, error instanceof Error ? error : new Error(String(error)));
    }
  }
}

/** A file going to a folder in a grouped Move or Copy, as read from its item. */
interface ToFolder {
  url: string;
  destinationId: number;
}

/**
 * Move and Copy: the items going to one folder with one name policy share one request (`send`, the core's
 * moveEach or copyEach). An item with a New Name goes alone (`alone`): the service names only a single file
 * per request.
 */
export async function toFolderGroup<T>(
  ctx: IExecuteFunctions,
  itemIndexes: number[],
  handle: ClientHandle,
  alone: (itemIndex: number) => Promise<INodeExecutionData[]>,
  send: (
    client: OneFichierClient,
    urls: string[],
    destinationId: number,
    opts: ReturnType<typeof namePolicyOf> & { signal?: AbortSignal },
  ) => Promise<ItemOutcome<T>[]>,
  output: (result: T, member: { itemIndex: number; value: ToFolder }) => INodeExecutionData[],
): Promise<GroupResults> {
  const results: GroupResults = new Map();
  const renaming = itemIndexes.filter((i) => givenName(ctx.getNodeParameter('newName', i, '')) !== '');
  await eachAlone(results, renaming, alone);
  const prepared = await prepareEach(
    itemIndexes.filter((i) => !renaming.includes(i)),
    results,
    async (itemIndex) => ({
      url: await getFileUrl(ctx, handle.client, itemIndex),
      destinationId: await getFolderId(ctx, handle.client, 'destination', itemIndex),
      ...namePolicyOf(ctx, itemIndex),
    }),
  );
  const signal = cancelSignal(ctx);
  for (const members of byKey(prepared, (v) => `${v.destinationId}/${v.reservedNames}`)) {
    const { destinationId, reservedNames } = members[0]!.value;
    const outcomes = await send(
      handle.client,
      members.map((m) => m.value.url),
      destinationId,
      { reservedNames, ...(signal ? { signal } : {}) },
    );
    record(results, members, outcomes, output);
  }
  return results;
}
