import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

/** One output item paired with the input item it came from. */
export function item(json: object, itemIndex: number): INodeExecutionData {
  return { json: json as IDataObject, pairedItem: { item: itemIndex } };
}

/** Splits a list typed by a person (commas, new lines or spaces) into its entries. */
export function splitList(value: string): string[] {
  return value
    .split(/[\s,;]+/)
    .map((v) => v.trim())
    .filter((v) => v !== '');
}
