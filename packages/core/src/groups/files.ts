/**
 * The file endpoints that take lists, for many items at once with one outcome per item: one request for the
 * whole list when every file is there, halves when the service refuses it for one file (outcomes.ts). Each
 * request goes through the client's own method, so its checks, pace and reconcile after a lost answer apply
 * to each request as they do to a single call.
 */
import { isOneFichierError, OneFichierError } from '../errors';
import type {
  CallOptions,
  CopyFilesResult,
  FileAttributes,
  MoveFilesResult,
  RemoveFilesResult,
  ReservedNamePolicy,
  SetAttributesResult,
} from '../types';
import { outcomesByHalves, type ItemOutcome } from './outcomes';

type NameOptions = CallOptions & { reservedNames?: ReservedNamePolicy };

/** The client methods used here (OneFichierClient has them all). */
export interface ListEndpoints {
  removeFiles(files: string[], opts?: CallOptions): Promise<RemoveFilesResult>;
  moveFiles(urls: string[], destinationId: number, opts?: NameOptions): Promise<MoveFilesResult>;
  copyFiles(urls: string[], destinationId: number, opts?: NameOptions): Promise<CopyFilesResult>;
  setFileAttributes(urls: string[], attrs: FileAttributes, opts?: NameOptions): Promise<SetAttributesResult>;
}

/** Most files in one list request: the limit of one upload request (docs/api-notes.md#upload), none is documented for these. */
export const MAX_FILES_PER_LIST_REQUEST = 500;

/** Runs `each` on the unique URLs in requests of at most MAX_FILES_PER_LIST_REQUEST, and answers per given URL. */
async function perUrl<T>(urls: readonly string[], each: (part: string[]) => Promise<ItemOutcome<T>[]>): Promise<ItemOutcome<T>[]> {
  const unique = [...new Set(urls)];
  const byUrl = new Map<string, ItemOutcome<T>>();
  for (let from = 0; from < unique.length; from += MAX_FILES_PER_LIST_REQUEST) {
    const part = unique.slice(from, from + MAX_FILES_PER_LIST_REQUEST);
    const outcomes = await each(part);
    part.forEach((url, i) => byUrl.set(url, outcomes[i]!));
  }
  return urls.map((url) => byUrl.get(url)!);
}

/**
 * Removes the files, one outcome per URL. A URL given twice is removed once, and both get its outcome. A file
 * the service no longer finds fails alone (`not_found`); so does one that a lost answer's check found gone.
 */
export function removeEach(
  api: Pick<ListEndpoints, 'removeFiles'>,
  urls: readonly string[],
  opts: CallOptions = {},
): Promise<ItemOutcome<{ url: string }>[]> {
  return perUrl(urls, (part) =>
    outcomesByHalves<string, { url: string } | OneFichierError>(part, async (list) => {
      const result = await api.removeFiles(list, opts);
      const gone = new Set(result.notFound ?? []);
      return list.map((url) =>
        gone.has(url)
          ? new OneFichierError({ kind: 'not_found', endpoint: 'file/rm.cgi', message: `File ${url} was not found.` })
          : { url },
      );
    }).then(unwrap),
  );
}

/** Moves the files into one folder, one outcome per URL: the file's URL after the move. */
export function moveEach(
  api: ListEndpoints,
  urls: readonly string[],
  destinationId: number,
  opts: NameOptions = {},
): Promise<ItemOutcome<{ url: string }>[]> {
  return perUrl(urls, (part) =>
    outcomesByHalves(part, async (list) => {
      const result = await api.moveFiles(list, destinationId, opts);
      return list.map((url, i) => ({ url: result.urls[i] ?? url }));
    }),
  );
}

/**
 * Copies the files into one folder, one outcome per item. Not per unique URL: two items that copy one file
 * ask for two copies, as two single copies would make.
 */
export async function copyEach(
  api: ListEndpoints,
  urls: readonly string[],
  destinationId: number,
  opts: NameOptions = {},
): Promise<ItemOutcome<{ fromUrl: string; toUrl: string }>[]> {
  const out: ItemOutcome<{ fromUrl: string; toUrl: string }>[] = [];
  for (let from = 0; from < urls.length; from += MAX_FILES_PER_LIST_REQUEST) {
    const part = urls.slice(from, from + MAX_FILES_PER_LIST_REQUEST);
    out.push(
      ...(await outcomesByHalves(part, async (list) => {
        const result = await api.copyFiles(list, destinationId, opts);
        return list.map((fromUrl, i) => ({ fromUrl, toUrl: result.urls[i]?.toUrl ?? '' }));
      })),
    );
  }
  return out;
}

/** Sets the same attributes on the files, one outcome per URL. */
export function setAttributesEach(
  api: ListEndpoints,
  urls: readonly string[],
  attrs: FileAttributes,
  opts: NameOptions = {},
): Promise<ItemOutcome<{ url: string }>[]> {
  if (attrs.filename !== undefined && new Set(urls).size > 1)
    throw new OneFichierError({ kind: 'invalid_input', message: 'A file name can only be set on one file at a time.' });
  return perUrl(urls, (part) =>
    outcomesByHalves(part, async (list) => {
      await api.setFileAttributes(list, attrs, opts);
      return list.map((url) => ({ url }));
    }),
  );
}

/** Values that are errors (a file a lost answer's check found gone) become failed outcomes. */
function unwrap<T>(outcomes: ItemOutcome<T | OneFichierError>[]): ItemOutcome<T>[] {
  return outcomes.map((o) => (o.ok && isOneFichierError(o.value) ? { ok: false, error: o.value } : (o as ItemOutcome<T>)));
}
