/** Matching end.pl's links to the sources that were sent, and checking each stored file's size and Whirlpool. */
import { OneFichierError } from '../errors';
import { shownName } from '../names';
import type { EndLink } from '../parse';
import type { UploadedFile } from '../types';
import type { UploadBatch } from './send';

/**
 * One link per source: by name and size, then by name, then the only link of a single-file upload, then the
 * only link of that size. A missing link is a `protocol` error (the file may have arrived); a size or
 * Whirlpool that differs from what was sent is an `integrity` error.
 */
export function matchLinks(batch: UploadBatch, links: EndLink[], verify: boolean): UploadedFile[] {
  const { list, names, hashers, folderId } = batch;
  const remaining = [...links];
  return list.map((source, i) => {
    const name = shownName(names[i]!);
    let idx = remaining.findIndex((l) => l.filename === name && l.size === source.size);
    if (idx < 0) idx = remaining.findIndex((l) => l.filename === name);
    if (idx < 0 && list.length === 1 && remaining.length === 1) idx = 0;
    if (idx < 0) {
      const sameSize = remaining.filter((l) => l.size === source.size);
      if (sameSize.length === 1) idx = remaining.indexOf(sameSize[0]!);
    }
    if (idx < 0) {
      throw new OneFichierError({
        kind: 'protocol',
        endpoint: 'end.pl',
        message: `end.pl does not list "${name}" (${source.size} bytes) among the uploaded files (${links.map((l) => `"${l.filename}"`).join(', ')}).`,
        details: { mayHaveArrived: true },
      });
    }
    const link = remaining.splice(idx, 1)[0]!;
    if (link.size >= 0 && link.size !== source.size) {
      throw new OneFichierError({
        kind: 'integrity',
        endpoint: 'end.pl',
        message: `"${name}": 1fichier stored ${link.size} bytes but ${source.size} were sent (${link.download}).`,
        details: { url: link.download, expectedSize: source.size, storedSize: link.size },
      });
    }
    const local = verify ? hashers[i]!.digest() : '';
    if (verify && link.whirlpool && link.whirlpool !== local) {
      throw new OneFichierError({
        kind: 'integrity',
        endpoint: 'end.pl',
        message: `"${name}": Whirlpool mismatch; computed ${local} while sending, 1fichier reports ${link.whirlpool} (${link.download}).`,
        details: { url: link.download, localWhirlpool: local, remoteWhirlpool: link.whirlpool },
      });
    }
    return {
      url: link.download,
      filename: link.filename || name,
      size: source.size,
      whirlpool: link.whirlpool || local,
      folderId,
      removeUrl: link.remove,
    };
  });
}
