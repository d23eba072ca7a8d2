import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import type { GroupResults } from '../helpers/grouping';
import type { ClientHandle } from '../transport';

/** One operation: its parameters, and what it does for one input item. */
export interface OperationModule {
  description: INodeProperties[];
  execute(this: IExecuteFunctions, itemIndex: number, handle: ClientHandle): Promise<INodeExecutionData[]>;
  /**
   * Looks at the execution's items of this operation together, before any runs, and returns the items that
   * must fail with their error (several items that would undo each other's work).
   */
  refuseItems?(this: IExecuteFunctions, itemIndexes: number[]): Map<number, Error>;
  /**
   * Runs the execution's items of this operation together, in as few requests as the endpoint allows
   * (helpers/grouping.ts), and answers each item's output or its own error.
   */
  executeGroup?(this: IExecuteFunctions, itemIndexes: number[], handle: ClientHandle): Promise<GroupResults>;
}

/** The execution's cancel signal, so a stopped workflow also stops waits and transfers. */
export function cancelSignal(ctx: IExecuteFunctions): AbortSignal | undefined {
  return typeof ctx.getExecutionCancelSignal === 'function' ? ctx.getExecutionCancelSignal() : undefined;
}
