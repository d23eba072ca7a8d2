import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { parisToIsoWithOffset, type FileItem, type SubFolder } from '@onefichier/core';

/** One output item paired with the input item it came from. */
export function item(json: object, itemIndex: number): INodeExecutionData {
  return { json: json as IDataObject, pairedItem: { item: itemIndex } };
}

/** Splits a list typed by a person (IPs, countries, emails: commas, semicolons, new lines or spaces) into its entries. */
export function splitList(value: string): string[] {
  return value
    .split(/[\s,;]+/)
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

/**
 * A file as every operation outputs it. The hash has one name, `whirlpool`, as Upload returns it; `date` is
 * ISO-8601 with Paris's offset of that day (the service's clock), which n8n's date functions read as the
 * right instant, instead of the service's bare Paris text.
 */
export function fileJson<T extends FileItem>(file: T): Omit<T, 'checksum' | 'date' | 'dateUtc'> & { whirlpool: string; date: string } {
  const { checksum, date, ...rest } = file;
  const out: Partial<FileItem> & Record<string, unknown> = { ...rest, whirlpool: checksum, date: parisToIsoWithOffset(date) };
  delete out.dateUtc;
  return out as Omit<T, 'checksum' | 'date' | 'dateUtc'> & { whirlpool: string; date: string };
}

/** A sub-folder as every operation outputs it, its creation date like a file's date. */
export function folderJson<T extends SubFolder>(folder: T): Omit<T, 'createDate' | 'createDateUtc'> & { createDate: string } {
  const { createDate, ...rest } = folder;
  const out: Partial<SubFolder> & Record<string, unknown> = { ...rest, createDate: parisToIsoWithOffset(createDate) };
  delete out.createDateUtc;
  return out as Omit<T, 'createDate' | 'createDateUtc'> & { createDate: string };
}
