import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import type { ClientHandle } from '../transport';

/** One operation: its parameters, and what it does for one input item. */
export interface OperationModule {
  description: INodeProperties[];
  execute(this: IExecuteFunctions, itemIndex: number, handle: ClientHandle): Promise<INodeExecutionData[]>;
}

/** The execution's cancel signal, so a stopped workflow also stops waits and transfers. */
export function cancelSignal(ctx: IExecuteFunctions): AbortSignal | undefined {
  return typeof ctx.getExecutionCancelSignal === 'function' ? ctx.getExecutionCancelSignal() : undefined;
}
