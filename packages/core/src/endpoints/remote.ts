/** The remote-upload endpoints: ask 1fichier to fetch URLs itself, and follow the job (docs/api-notes.md#remote-upload). */
import { checkFolderId, invalidInput } from '../checks';
import type { ClientContext } from '../context';
import { OneFichierError } from '../errors';
import * as P from '../parse';
import { backoffDelayMs } from '../policy/retry';
import { changeOnce, mixedOutcome } from './reconcile';
import type {
  CallOptions,
  RemoteUploadCreated,
  RemoteUploadInfo,
  RemoteUploadJob,
  RemoteUploadRequest,
  WaitForRemoteUploadOptions,
} from '../types';

/** remote/request.cgi; after a lost answer, remote/ls shows whether the job was started (compared with the jobs before). */
export async function remoteUpload(c: ClientContext, req: RemoteUploadRequest, opts: CallOptions): Promise<RemoteUploadCreated> {
  if (!req || !Array.isArray(req.urls) || req.urls.length === 0) throw invalidInput('remoteUpload needs at least one URL in urls.');
  for (const u of req.urls)
    if (typeof u !== 'string' || !/^(https?|ftp):\/\/\S+$/i.test(u)) throw invalidInput(`"${String(u)}" is not an http(s) or ftp URL.`);
  const payload: P.Json = { urls: req.urls };
  if (req.folderId !== undefined) {
    checkFolderId(req.folderId, 'folderId');
    payload.folder_id = req.folderId;
  }
  // The `headers` shape is unverified (docs/api-notes.md#remote-upload): the doc transcription says an object
  // map name → value (sent here); one PHP client passes raw "Name: value" lines instead.
  if (req.headers !== undefined) {
    for (const [k, v] of Object.entries(req.headers)) {
      if (!/^[A-Za-z0-9-]+$/.test(k) || typeof v !== 'string' || /[\r\n]/.test(v))
        throw invalidInput(`Invalid header "${k}" for the remote upload.`);
    }
    payload.headers = req.headers;
  }
  const scope = { folderId: req.folderId ?? 0 };
  // The jobs before the request: after a lost answer, only a job that was not there can be the one it started.
  const before = new Set((await listRemoteUploads(c, opts)).map((j) => j.id));
  const call = { endpoint: 'remote/request.cgi' as const, payload, scope, signal: opts.signal };
  return changeOnce(c, call, P.parseRemoteCreated, {
    look: async () => {
      const started = (await listRemoteUploads(c, opts)).filter((j) => !before.has(j.id));
      if (started.length === 0) return undefined;
      // Another process of the account may have started a job meanwhile: ours is the one with our URLs.
      const ours = await jobsWithUrls(c, started, req.urls, opts);
      const job = ours[0];
      if (ours.length === 1 && job) return { id: job.id, date: job.requestDate, urls: [...req.urls] };
      const ids = started.map((j) => j.id).join(', ');
      throw mixedOutcome(
        'remote/request.cgi',
        ours.length > 1
          ? `${ours.length} new remote uploads (${ids}) have these URLs.`
          : `new remote uploads (${ids}) appeared, none of them shown with these URLs.`,
      );
    },
    whatToCheck: `Check the list of remote uploads for ${req.urls.length === 1 ? req.urls[0]! : 'these URLs'} before asking again.`,
  });
}

/**
 * The jobs among `jobs` whose remote/info names exactly `urls`: in `links`, or in the results' `url` (what
 * `links` holds is undocumented: the requested URLs, or the files made, as the sandbox reads it). A job
 * that has not run and does not list our URLs in `links` cannot tell yet: it is asked again, a bounded
 * number of times (retry.maxAttempts), with the retry backoff in between.
 */
async function jobsWithUrls(c: ClientContext, jobs: RemoteUploadJob[], urls: string[], opts: CallOptions): Promise<RemoteUploadJob[]> {
  const ours: RemoteUploadJob[] = [];
  let open = jobs;
  for (let round = 1; open.length > 0; round++) {
    const undecided: RemoteUploadJob[] = [];
    for (const job of open) {
      const info = await getRemoteUpload(c, job.id, opts);
      if (
        sameUrls(info.links, urls) ||
        sameUrls(
          info.results.map((r) => r.url),
          urls,
        )
      )
        ours.push(job);
      else if (info.results.length === 0) undecided.push(job);
    }
    open = undecided;
    if (open.length === 0 || round >= c.settings.retry.maxAttempts) break;
    const ms = backoffDelayMs(round, c.settings.retry, c.settings.random);
    const message = `Remote upload ${open.map((j) => j.id).join(', ')} has not run yet; asking which URLs it has again in ${ms} ms.`;
    await c.api.wait({ reason: 'processing', ms, endpoint: 'remote/info.cgi', message }, opts.signal);
  }
  return ours;
}

/** Whether a job's URLs are the ones asked for, in any order. */
function sameUrls(got: string[], asked: string[]): boolean {
  const a = [...asked].sort();
  const g = [...got].sort();
  return g.length === a.length && g.every((u, i) => u === a[i]);
}

export async function listRemoteUploads(c: ClientContext, opts: CallOptions): Promise<RemoteUploadJob[]> {
  return P.parseRemoteList(await c.call('remote/ls.cgi', {}, opts.signal));
}

export async function getRemoteUpload(c: ClientContext, id: number, opts: CallOptions): Promise<RemoteUploadInfo> {
  if (!Number.isInteger(id) || id <= 0) throw invalidInput(`Remote upload id must be a positive integer; got ${String(id)}.`);
  return P.parseRemoteInfo(await c.call('remote/info.cgi', { id }, opts.signal));
}

/** Polls remote/info.cgi (through the pacer, with a growing interval) until the job has run. */
export async function waitForRemoteUpload(c: ClientContext, id: number, opts: WaitForRemoteUploadOptions): Promise<RemoteUploadInfo> {
  const timeoutMs = opts.timeoutMs ?? 1_800_000;
  let interval = opts.pollIntervalMs ?? 30_000;
  const deadline = c.clock.now() + timeoutMs;
  for (;;) {
    const info = await getRemoteUpload(c, id, opts);
    if (info.done) return info;
    const left = deadline - c.clock.now();
    if (left <= 0) {
      throw new OneFichierError({
        kind: 'timeout',
        endpoint: 'remote/info.cgi',
        message: `Remote upload ${id} had not run after ${Math.round(timeoutMs / 1000)} s.`,
        hint: `It may still run later: check remote upload ${id} again later, or wait longer.`,
        details: { remoteUploadId: id },
      });
    }
    const ms = Math.min(interval, left);
    const message = `Remote upload ${id} is pending; asking again in ${Math.round(ms / 1000)} s.`;
    await c.api.wait({ reason: 'processing', ms, endpoint: 'remote/info.cgi', message }, opts.signal);
    interval = Math.min(Math.round(interval * 1.5), 300_000);
  }
}
