import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

/** The "Return All" / "Limit" pair of n8n's Get Many convention. */
export const returnAllAndLimit: INodeProperties[] = [
  {
    displayName: 'Return All',
    name: 'returnAll',
    type: 'boolean',
    default: false,
    description: 'Whether to return all results or only up to a given limit',
  },
  {
    displayName: 'Limit',
    name: 'limit',
    type: 'number',
    typeOptions: { minValue: 1 },
    default: 50,
    description: 'Max number of results to return',
    displayOptions: { show: { returnAll: [false] } },
  },
];

/** How many results the item asks for (Infinity with "Return All"). */
export function resultLimit(this: IExecuteFunctions, itemIndex: number): number {
  const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
  return returnAll ? Infinity : (this.getNodeParameter('limit', itemIndex, 50) as number);
}
