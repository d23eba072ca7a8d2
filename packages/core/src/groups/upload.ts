/**
 * Many uploads into one folder in few requests, one outcome per source. One upload request carries up to 500
 * files (docs/api-notes.md#upload) and costs four calls whatever it carries (get_upload_server, the POST,
 * end.pl, one file/info), so a hundred small files cost four calls instead of four hundred. Each source is
 * checked alone first (name, size, empty), so a bad one fails alone and never stops the others.
 */
import { OneFichierError } from '../errors';
import { shownName } from '../names';
import { findIdentical, whirlpoolOfSource } from '../sync/identical';
import {
  skipped,
  type ConflictUploadOptions,
  type ConflictUploadResult,
  type ExistingFileEndpoints,
  type FolderFileIndex,
} from '../sync/existing';
import type { FileItem, UploadedFile, UploadSource } from '../types';
import { checkUpload } from '../upload/checks';
import { removeEach } from './files';
import { asOneFichierError, type ItemOutcome } from './outcomes';

/**
 * Files per request: 100, not the service's 500. A request is all or nothing for its files (when its answer
 * is lost, or end.pl does not list one file, each of its files fails or is sent again with it), so a smaller
 * request loses less; and 100 keeps a request's cost at 0.04 calls per file, as the .NET SDK's batches of 100 do.
 */
export const MAX_FILES_PER_GROUPED_UPLOAD = 100;
/**
 * Bytes per request: 4 GiB, far under the service's 500 GB. A request that fails before its end is sent again
 * whole, so this bounds the bytes sent twice after a network failure (about 6 minutes at 100 Mbit/s), while
 * small files still share one request and a file of a few GiB still fits beside them. A larger file goes alone.
 */
export const MAX_BYTES_PER_GROUPED_UPLOAD = 4 * 1024 ** 3;

/** The requests for files of these sizes, in order: indexes into `sizes`, within both bounds (a larger file alone). */
export function uploadRequests(
  sizes: readonly number[],
  bounds: { files: number; bytes: number } = { files: MAX_FILES_PER_GROUPED_UPLOAD, bytes: MAX_BYTES_PER_GROUPED_UPLOAD },
): number[][] {
  const requests: number[][] = [];
  let current: number[] = [];
  let bytes = 0;
  sizes.forEach((size, i) => {
    if (current.length > 0 && (current.length >= bounds.files || bytes + size > bounds.bytes)) {
      requests.push(current);
      current = [];
      bytes = 0;
    }
    current.push(i);
    bytes += size;
  });
  if (current.length > 0) requests.push(current);
  return requests;
}

export type GroupUploadOptions = Omit<ConflictUploadOptions, 'onProgress'>;

/** A source on its way: checked, its stored name, the copies it replaces. */
interface Pending {
  index: number;
  source: UploadSource;
  copies: FileItem[];
}

/**
 * Uploads the sources into one folder under one if-exists policy, in requests within the bounds above, and
 * answers one outcome per source, in order. Keep Both lists nothing; the other policies list the folder once
 * (through `index`), skip what they skip, send the rest together, then remove every replaced copy in one
 * file/rm request. A request's failure is the outcome of each of its sources; the other requests still go.
 */
export async function uploadEach(
  api: ExistingFileEndpoints,
  index: FolderFileIndex,
  sources: readonly UploadSource[],
  opts: GroupUploadOptions,
): Promise<ItemOutcome<ConflictUploadResult>[]> {
  const out: ItemOutcome<ConflictUploadResult>[] = new Array<ItemOutcome<ConflictUploadResult>>(sources.length);
  const policy = opts.reservedNames ?? api.reservedNames;
  const call = opts.signal ? { signal: opts.signal } : {};
  const checked: { index: number; source: UploadSource; stored: string }[] = [];
  sources.forEach((source, i) => {
    try {
      const [name] = checkUpload([source], { folderId: opts.folderId }, policy);
      checked.push({ index: i, source, stored: shownName(name!) });
    } catch (e) {
      out[i] = { ok: false, error: asOneFichierError(e) };
    }
  });

  let pending: Pending[] = checked.map((c) => ({ index: c.index, source: c.source, copies: [] }));
  if (opts.ifExists !== 'keepBoth' && checked.length > 0) {
    pending = [];
    let listed: readonly FileItem[];
    try {
      listed = await index.files(opts.folderId, opts.signal);
    } catch (e) {
      for (const c of checked) out[c.index] = { ok: false, error: asOneFichierError(e) };
      return out;
    }
    const sharing = new Map<string, number>();
    for (const c of checked) sharing.set(c.stored, (sharing.get(c.stored) ?? 0) + 1);
    for (const c of checked) {
      if ((sharing.get(c.stored) ?? 0) > 1) {
        out[c.index] = {
          ok: false,
          error: new OneFichierError({
            kind: 'invalid_input',
            message: `${sharing.get(c.stored)} files of this group would be stored as "${c.stored}" in folder ${opts.folderId}, each undoing the one before.`,
            hint: 'Give each file its own name, or keep both.',
          }),
        };
        continue;
      }
      const copies = listed.filter((f) => f.filename === c.stored);
      try {
        if (copies.length > 0 && opts.ifExists === 'skip') {
          out[c.index] = { ok: true, value: skipped(copies, opts.folderId) };
          continue;
        }
        if (copies.length > 0 && opts.ifExists === 'skipIfIdentical') {
          const match = await findIdentical(c.source.size, copies, 'whirlpool', () => whirlpoolOfSource(c.source, opts.signal));
          if (match.same) {
            out[c.index] = { ok: true, value: skipped([match.same], opts.folderId) };
            continue;
          }
        }
      } catch (e) {
        out[c.index] = { ok: false, error: asOneFichierError(e) };
        continue;
      }
      pending.push({ index: c.index, source: c.source, copies });
    }
  }

  const uploaded: { pending: Pending; file: UploadedFile }[] = [];
  for (const request of uploadRequests(pending.map((p) => p.source.size))) {
    const members = request.map((i) => pending[i]!);
    try {
      const files = await api.upload(
        members.map((m) => m.source),
        { folderId: opts.folderId, reservedNames: policy, ...(opts.password ? { password: opts.password } : {}), ...call },
      );
      for (const [i, m] of members.entries()) {
        const file = files[i]!;
        await index.added(opts.folderId, file);
        uploaded.push({ pending: m, file });
      }
    } catch (e) {
      const error = asOneFichierError(e);
      for (const m of members) out[m.index] = { ok: false, error };
      if (error.kind === 'cancelled') {
        for (const p of pending) out[p.index] ??= { ok: false, error };
        break;
      }
    }
  }

  const old = uploaded.flatMap((u) => u.pending.copies.map((c) => c.url));
  const removal = new Map<string, ItemOutcome<{ url: string }>>();
  if (old.length > 0) (await removeEach(api, old, call)).forEach((o, i) => removal.set(old[i]!, o));
  const replacedAt = new Date().toISOString();
  for (const { pending: p, file } of uploaded) {
    const urls = p.copies.map((c) => c.url);
    const failed = urls.filter((u) => !removal.get(u)?.ok);
    if (failed.length > 0) {
      const why = removal.get(failed[0]!);
      const reason = why && !why.ok ? why.error.message : 'unknown';
      out[p.index] = {
        ok: true,
        value: {
          action: 'uploaded',
          file,
          removed: [],
          warning: `The new file was uploaded, but the older copies could not be removed (${reason}): ${failed.join(', ')}.`,
        },
      };
      continue;
    }
    if (urls.length > 0) {
      await index.removed(opts.folderId, urls);
      // The record is a convenience: the result's `removed` says the same.
      await opts.replacedLinks
        ?.record(urls.map((oldUrl) => ({ oldUrl, newUrl: file.url, filename: file.filename, folderId: opts.folderId, replacedAt })))
        .catch(() => undefined);
    }
    out[p.index] = { ok: true, value: { action: urls.length > 0 ? 'replaced' : 'uploaded', file, removed: urls } };
  }
  return out;
}
