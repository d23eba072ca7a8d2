/**
 * The record beside a .part (`<dest>.part.json`): which file its bytes are the start of. A .part is resumed
 * only when its record names the same file URL and size (and the same Whirlpool when both sides know it), so
 * a leftover of another file is never taken for the start of this one (test/download-to-file.test.ts).
 */
import { promises as fsp } from 'node:fs';
import { parseFileUrl } from '../fileUrls';
import type { KnownFile } from '../types';

export interface PartRecord {
  url: string;
  /** The file's total size; a .part without it is never resumed. */
  size?: number;
  checksum?: string;
}

export function partRecordFor(url: string, size: number | undefined, known: KnownFile | undefined): PartRecord {
  return {
    url,
    ...(size !== undefined ? { size } : {}),
    ...(known?.checksum ? { checksum: known.checksum.toLowerCase() } : {}),
  };
}

export async function writePartRecord(part: string, record: PartRecord): Promise<void> {
  await fsp.writeFile(`${part}.json`, `${JSON.stringify(record)}\n`);
}

/** The bytes of `part` to resume from, when its record proves they are the start of this file; else undefined. */
export async function readResumablePart(
  part: string,
  url: string,
  known: KnownFile | undefined,
): Promise<{ bytes: number; record: PartRecord & { size: number } } | undefined> {
  let record: unknown;
  let bytes: number;
  try {
    record = JSON.parse(await fsp.readFile(`${part}.json`, 'utf8'));
    const stat = await fsp.stat(part);
    if (!stat.isFile()) return undefined;
    bytes = stat.size;
  } catch {
    return undefined;
  }
  if (!isRecord(record) || sameFile(record.url) !== sameFile(url)) return undefined;
  if (bytes <= 0 || bytes >= record.size) return undefined;
  if (known?.size !== undefined && known.size !== record.size) return undefined;
  if (known?.checksum && record.checksum && known.checksum.toLowerCase() !== record.checksum.toLowerCase()) return undefined;
  return { bytes, record };
}

function isRecord(v: unknown): v is PartRecord & { size: number } {
  const r = v as Partial<PartRecord> | null;
  return (
    typeof r === 'object' &&
    r !== null &&
    typeof r.url === 'string' &&
    typeof r.size === 'number' &&
    Number.isSafeInteger(r.size) &&
    (r.checksum === undefined || typeof r.checksum === 'string')
  );
}

/** File URLs compared in their canonical form (any of the eleven domains, http or https). */
function sameFile(url: string): string {
  return parseFileUrl(url)?.canonicalUrl ?? url;
}
