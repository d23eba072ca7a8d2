/**
 * One request for the files of one batch. The core's uploadWithConflictPolicy decides file by file (look in
 * the folder's index, upload, remove the old copies), and sends each file alone; the files of a batch (one
 * folder, a bounded size) are instead gathered here into one upload request and one removal request, so a
 * folder of 200 small files still costs a handful of API calls (docs/api-notes.md#rate-limits-and-budgets).
 */
import type { ExistingFileEndpoints, OneFichierClient, UploadedFile, UploadProgress, UploadSource } from '@onefichier/core';

/** The client methods a batch sends with. */
type BatchClient = Pick<OneFichierClient, 'upload' | 'removeFiles' | 'reservedNames'>;

/**
 * Calls of the batch's members, sent together once every member has either made its call or left (finished
 * without it: a skipped file, a file with nothing to replace). Each member makes the call at most once.
 */
class Gathering<T, R> {
  private readonly calls: { member: number; arg: T; resolve(r: R): void; reject(e: unknown): void }[] = [];
  private readonly settled = new Set<number>();
  private sent = false;

  constructor(
    private readonly members: number,
    /** One outcome per call, in order. */
    private readonly send: (args: T[]) => Promise<PromiseSettledResult<R>[]>,
  ) {}

  call(member: number, arg: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.calls.push({ member, arg, resolve, reject });
      this.settle(member);
    });
  }

  leave(member: number): void {
    this.settle(member);
  }

  private settle(member: number): void {
    this.settled.add(member);
    if (this.sent || this.settled.size < this.members) return;
    this.sent = true;
    const calls = [...this.calls];
    if (calls.length === 0) return;
    this.send(calls.map((c) => c.arg)).then(
      (outcomes) =>
        calls.forEach((c, i) => {
          const outcome = outcomes[i] as PromiseSettledResult<R>;
          if (outcome.status === 'fulfilled') c.resolve(outcome.value);
          else c.reject(outcome.reason);
        }),
      (e: unknown) => calls.forEach((c) => c.reject(e)),
    );
  }
}

/**
 * The endpoints each member of a batch hands to uploadWithConflictPolicy: their uploads go out as one request
 * (with the batch's progress), their removals of old copies as one. A removal the service refuses as a whole
 * is tried again per member, so one copy that was already gone does not keep the others.
 */
export function gatheredEndpoints(
  client: BatchClient,
  batch: { members: number; folderId: number; signal: AbortSignal; onProgress: (p: UploadProgress) => void },
): { endpointsOf(member: number): ExistingFileEndpoints; done(member: number): void } {
  const uploads = new Gathering<UploadSource, UploadedFile>(batch.members, async (sources) => {
    const files = await client.upload(sources, {
      folderId: batch.folderId,
      signal: batch.signal,
      onProgress: batch.onProgress,
      reservedNames: client.reservedNames,
    });
    return files.map((value) => ({ status: 'fulfilled', value }));
  });
  const removals = new Gathering<string[], void>(batch.members, async (lists) => {
    try {
      await client.removeFiles(lists.flat());
      return lists.map(() => ({ status: 'fulfilled', value: undefined }));
    } catch (e) {
      if (lists.length === 1) throw e;
    }
    // Each member then learns of its own failure (the core makes it a warning for that file alone).
    return Promise.allSettled(lists.map(async (urls) => void (await client.removeFiles(urls))));
  });
  return {
    endpointsOf: (member) => ({
      reservedNames: client.reservedNames,
      // The job's index lists folders itself (queue.ts): this is never asked.
      listFiles: () => Promise.reject(new Error('A batch does not list folders.')),
      upload: async (sources) => [await uploads.call(member, (Array.isArray(sources) ? sources[0] : sources) as UploadSource)],
      removeFiles: async (files) => {
        await removals.call(member, files);
        return { removed: files.length, urls: files };
      },
    }),
    done: (member) => {
      uploads.leave(member);
      removals.leave(member);
    },
  };
}
