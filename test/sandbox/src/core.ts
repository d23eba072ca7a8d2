import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import { createHash, randomInt } from 'crypto';
import { ApiError, Errors } from './errors';
import { endpoints, type ApiContext } from './api';
import { bearerKey, drain, isClientGone, isLoopbackHostHeader, readJsonObject, sendJson, sendKo, sleep } from './http-util';
import { FloodGuard } from './limiter';
import { validate } from './schema';
import { NO_FAULTS, validateFaults, type Faults, type Limits, type SandboxOptions } from './options';
import { StateStore, type FileRecord, type RemoteJobRecord } from './state';
import { handleUploadNode } from './upload';
import { handleDownload } from './download';
import { runRemoteJob } from './remote';
import { fileUrl, isLoopbackIp, newFileId, normaliseIp, parisDate } from './util';

export interface User {
  id: string;
  email: string;
  premium: boolean;
}

export interface Counters {
  requests: Record<string, number>;
  serverErrors: number;
  uploadResets: number;
  endPlWaitPages: number;
  endPlNoLinks: number;
  tokenKo: number;
  uploadsCompleted: number;
  /** Request bodies cut because they stopped arriving. */
  bodyTimeouts: number;
  /** Errors of the sandbox itself (answered 500 #799 or a cut connection), each also logged. */
  internalErrors: number;
  /** Crash leftovers deleted at start: temporary state files, partial uploads, blobs no file refers to. */
  leftoversRemoved: number;
}

/** An unexpected error, tagged with where it happened so the log line says which endpoint failed. */
class InternalError extends Error {
  constructor(
    readonly where: string,
    readonly original: unknown,
  ) {
    super(original instanceof Error ? original.message : String(original));
  }
}

const SERVER_ERROR_STATUSES = [500, 502, 503, 504, 509];

/** The sandbox: three loopback listeners (API host, upload node, download host) over one state. */
export class SandboxCore {
  readonly store: StateStore;
  readonly guard: FloodGuard;
  faults: Faults;
  readonly counters: Counters = {
    requests: {},
    serverErrors: 0,
    uploadResets: 0,
    endPlWaitPages: 0,
    endPlNoLinks: 0,
    tokenKo: 0,
    uploadsCompleted: 0,
    bodyTimeouts: 0,
    internalErrors: 0,
    leftoversRemoved: 0,
  };
  apiBaseUrl = '';
  uploadHost = '';
  downloadBaseUrl = '';
  private readonly users = new Map<string, User>();
  private readonly servers: http.Server[] = [];
  private readonly backgroundJobs = new Set<Promise<void>>();
  private pruneTimer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(readonly options: SandboxOptions) {
    this.store = new StateStore(options.dataDir, options.reset);
    this.counters.leftoversRemoved = this.store.leftoversRemoved;
    this.guard = new FloodGuard({ ...options.limits });
    this.faults = { ...options.faults };
    for (const [keys, premium] of [
      [options.premiumKeys, true],
      [options.freeKeys, false],
    ] as const) {
      for (const key of keys) {
        // The user id is derived from the key so a restart with the same key finds the same files.
        const id = createHash('sha256').update(key).digest('hex').slice(0, 12);
        this.users.set(key, { id, premium, email: `${premium ? 'premium' : 'free'}-${id.slice(0, 6)}@sandbox.invalid` });
      }
    }
  }

  get limits(): Limits {
    return this.guard.limits;
  }

  now(): number {
    return Date.now();
  }

  newFileId(): string {
    let id: string;
    do id = newFileId();
    while (this.store.files.has(id));
    return id;
  }

  async start(): Promise<void> {
    const { host, port, uploadPort, downloadPort } = this.options;
    const api = await this.listen('api', host, port, (req, res) => this.handleApi(req, res));
    const node = await this.listen('upload node', host, uploadPort, (req, res) => handleUploadNode(this, req, res));
    const dl = await this.listen('download', host, downloadPort, (req, res) => handleDownload(this, req, res));
    this.apiBaseUrl = `http://${hostPort(host, api)}/v1`;
    this.uploadHost = hostPort(host, node);
    this.downloadBaseUrl = `http://${hostPort(host, dl)}`;
    this.pruneTimer = setInterval(() => this.store.prune(this.now(), this.options.endPlTtlMs), 60_000);
    this.pruneTimer.unref();
  }

  private listen(name: string, host: string, port: number, handler: http.RequestListener): Promise<number> {
    const server = http.createServer((req, res) => {
      Promise.resolve(handler(req, res)).catch((e: unknown) => {
        if (e instanceof ApiError) sendKo(res, e);
        else if (isClientGone(e)) {
          // The caller went away (a client timeout during a slow answer), or stalled and was cut.
          res.destroy();
        } else {
          this.internalError(e instanceof InternalError ? e.where : name, e instanceof InternalError ? e.original : e);
          if (!res.headersSent && !res.destroyed) sendJson(res, 500, { status: 'KO', message: 'Internal sandbox error #799' });
          else res.destroy();
        }
        drain(req);
      });
    });
    // Large uploads can take long; never cut them on a server-side timer.
    server.requestTimeout = 0;
    server.keepAliveTimeout = 5_000;
    this.servers.push(server);
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve((server.address() as AddressInfo).port);
      });
    });
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (this.pruneTimer) clearInterval(this.pruneTimer);
    await Promise.all(
      this.servers.map(
        (s) =>
          new Promise<void>((resolve) => {
            s.close(() => resolve());
            s.closeAllConnections();
          }),
      ),
    );
    await Promise.allSettled([...this.backgroundJobs]);
    this.store.save();
  }

  /** Counts and logs an error of the sandbox itself, with its stack: a bug here must never pass silently. */
  internalError(where: string, e: unknown): void {
    this.counters.internalErrors++;
    const text = e instanceof Error ? (e.stack ?? e.message) : String(e);
    try {
      this.options.log(`sandbox: internal error in ${where}: ${text}`);
    } catch {
      // A broken log sink must not take the server down.
    }
  }

  /** Reads a JSON body; one that stops arriving cuts the connection and is counted. */
  readBody(req: http.IncomingMessage): Promise<Record<string, unknown>> {
    return readJsonObject(req, this.options.bodyIdleTimeoutMs, () => this.counters.bodyTimeouts++);
  }

  /** Resolves the caller from `Authorization: Bearer <key>`. */
  authenticate(req: http.IncomingMessage): User {
    const key = bearerKey(req);
    if (key === undefined) throw Errors.missingAuth();
    const user = this.users.get(key);
    if (!user) throw Errors.noSuchUser();
    return user;
  }

  count(name: string): void {
    this.counters.requests[name] = (this.counters.requests[name] ?? 0) + 1;
  }

  /** Share of 5xx answers (the "server errors" fault). Returns true when it answered. */
  maybeServerError(req: http.IncomingMessage, res: http.ServerResponse): boolean {
    if (this.faults.serverErrorRate <= 0 || Math.random() >= this.faults.serverErrorRate) return false;
    this.counters.serverErrors++;
    const status = SERVER_ERROR_STATUSES[randomInt(SERVER_ERROR_STATUSES.length)]!;
    drain(req);
    const text = `<html><head><title>${status}</title></head><body><center><h1>${status}</h1></center><hr><center>nginx</center></body></html>\n`;
    res.writeHead(status, { 'Content-Type': 'text/html', 'Content-Length': Buffer.byteLength(text), Server: 'nginx' });
    res.end(text);
    return true;
  }

  private async handleApi(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const ip = normaliseIp(req.socket.remoteAddress);
    const url = new URL(req.url ?? '/', 'http://sandbox');
    if (url.pathname.startsWith('/__sandbox/')) return this.handleAdmin(ip, url.pathname, req, res);
    const m = /^\/v1\/(.+\.cgi)$/.exec(url.pathname);
    const name = m?.[1];
    this.count(name ?? 'unknown');
    if (this.faults.slowMs > 0) await sleep(this.faults.slowMs);
    try {
      this.guard.admit(ip);
    } catch (e) {
      drain(req);
      throw e;
    }
    if (this.maybeServerError(req, res)) return;
    const endpoint = name !== undefined ? endpoints[name] : undefined;
    if (!endpoint || !name) {
      drain(req);
      throw Errors.unknownEndpoint();
    }
    const method = req.method ?? 'GET';
    if (!endpoint.methods.includes(method as 'GET' | 'POST')) {
      drain(req);
      throw Errors.methodNotAllowed();
    }
    let user: User;
    try {
      user = this.authenticate(req);
      this.guard.checkUser(user.id);
      // rclone sends Content-Type: application/json even on the GET of get_upload_server ("API is bad").
      if (!/^application\/json\s*(;.*)?$/i.test(req.headers['content-type'] ?? '')) throw Errors.contentType();
    } catch (e) {
      drain(req);
      throw e;
    }
    const body = await this.readBody(req);
    if (url.search) throw Errors.unknownField(`?${url.searchParams.keys().next().value ?? ''}`);
    validate(body, endpoint.schema);
    const ctx: ApiContext = { core: this, user, ip, body, method };
    let result: unknown;
    try {
      result = await endpoint.handle(ctx);
    } catch (e) {
      throw e instanceof ApiError ? e : new InternalError(name, e);
    }
    sendJson(res, 200, result, body.pretty === 1);
  }

  private async handleAdmin(ip: string, path: string, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (!isLoopbackIp(ip)) {
      drain(req);
      return sendJson(res, 403, { status: 'KO', message: 'The admin routes answer loopback callers only' });
    }
    // A web page can rebind its own name to 127.0.0.1 and reach this port from the browser; its requests
    // still carry its own name in Host, so only loopback names are served.
    if (!isLoopbackHostHeader(req.headers.host)) {
      drain(req);
      return sendJson(res, 403, {
        status: 'KO',
        message: 'The admin routes answer requests addressed to 127.0.0.1, localhost or [::1] only',
      });
    }
    const body = req.method === 'POST' ? await this.readBody(req) : (drain(req), {});
    try {
      switch (`${req.method} ${path}`) {
        case 'GET /__sandbox/state':
          return sendJson(res, 200, this.snapshot());
        case 'GET /__sandbox/faults':
          return sendJson(res, 200, this.faults);
        case 'POST /__sandbox/faults':
          this.setFaults(body);
          return sendJson(res, 200, this.faults);
        case 'POST /__sandbox/limits':
          this.setLimits(body as Partial<Limits>);
          return sendJson(res, 200, this.limits);
        case 'POST /__sandbox/clear-locks':
          this.guard.clear();
          return sendJson(res, 200, { status: 'OK' });
        default:
          return sendJson(res, 404, { status: 'KO', message: `Unknown admin route ${req.method} ${path}` });
      }
    } catch (e) {
      return sendJson(res, 400, { status: 'KO', message: e instanceof Error ? e.message : String(e) });
    }
  }

  /** Merges fault switches; `setFaults({})` keeps the current ones, `resetFaults()` switches all off. */
  setFaults(f: Partial<Faults> | Record<string, unknown>): void {
    validateFaults(f as Record<string, unknown>);
    this.faults = { ...this.faults, ...(f as Partial<Faults>) };
  }

  resetFaults(): void {
    this.faults = { ...NO_FAULTS };
  }

  setLimits(l: Partial<Limits>): void {
    for (const k of Object.keys(l)) if (!Object.hasOwn(this.guard.limits, k)) throw new Error(`Unknown limit "${k}"`);
    this.guard.limits = { ...this.guard.limits, ...l };
    this.guard.clear();
  }

  removeFile(fileId: string): void {
    this.store.files.delete(fileId);
    fs.rmSync(this.store.blobPath(fileId), { force: true });
    for (const [k, t] of this.store.tokens) if (t.fileId === fileId) this.store.tokens.delete(k);
  }

  addFile(record: Omit<FileRecord, 'visibleAt'>, tmpPath: string): FileRecord {
    fs.renameSync(tmpPath, this.store.blobPath(record.id));
    const file: FileRecord = { ...record, visibleAt: record.createdAt + this.faults.listingLagMs };
    this.store.files.set(file.id, file);
    return file;
  }

  startRemoteJob(user: User, urls: string[], folderId: number, headers: Record<string, string>): RemoteJobRecord {
    const job: RemoteJobRecord = {
      id: this.store.allocateRemoteId(),
      owner: user.id,
      urls,
      folderId,
      headers,
      requestedAt: this.now(),
      executedAt: null,
      results: [],
    };
    this.store.remoteJobs.set(job.id, job);
    this.store.save();
    const p = runRemoteJob(this, job).finally(() => this.backgroundJobs.delete(p));
    this.backgroundJobs.add(p);
    return job;
  }

  userInfo(user: User): Record<string, unknown> {
    const used = [...this.store.files.values()].filter((f) => f.owner === user.id).reduce((s, f) => s + f.size, 0);
    const settings = this.store.settings.get(user.id) ?? {};
    const ints = this.options.userInfoIntegers;
    // rclone decodes these as strings; the doc transcription calls them integers. Both exist in the wild.
    const num = (v: number): number | string => (ints ? v : String(v));
    const total = user.premium ? 1_000_000_000_000 : 0;
    return {
      status: 'OK',
      email: user.email,
      offer: num(user.premium ? 1 : 0),
      subscription_end: user.premium ? parisDate(this.now() + 365 * 86_400_000).slice(0, 10) : '',
      stats_date: parisDate(this.now()).slice(0, 10),
      mail_rm: num(0),
      upload_forbidden: num(0),
      use_cdn: num(settings.use_cdn ?? 0),
      default_port: num(settings.default_port ?? 0),
      download_menu: num(settings.download_menu ?? 0),
      default_port_files: num(settings.default_port_files ?? 0),
      ftp_report: num(settings.ftp_report ?? 0),
      ru_report: num(settings.ru_report ?? 0),
      ftp_mode: num(settings.ftp_mode ?? 0),
      cdn: num(0),
      '2fa': num(0),
      default_quota: 0,
      page_limit: settings.page_limit ?? 1000,
      cold_storage: used,
      available_cold_storage: total,
      allowed_cold_storage: total,
      default_cold_storage_quota: total,
      hot_storage: 0,
      available_storage: 0,
      default_domain: settings.default_domain ?? 0,
      ftp_did: settings.ftp_did ?? 0,
      overquota: 0,
    };
  }

  /** What tests inspect to prove nothing was lost or duplicated. */
  snapshot() {
    const userOf = (id: string) => [...this.users.values()].find((u) => u.id === id)?.email ?? id;
    return {
      folders: [...this.store.folders.values()].map((f) => ({
        id: f.id,
        owner: userOf(f.owner),
        parentId: f.parentId,
        name: f.name,
        createDate: parisDate(f.createdAt),
        shared: f.share.enabled ? f.share.url : null,
        pass: f.share.pass ? 1 : 0,
        shares: f.share.shares,
      })),
      files: [...this.store.files.values()].map((f) => ({
        url: fileUrl(f.id),
        owner: userOf(f.owner),
        folderId: f.folderId,
        filename: f.filename,
        size: f.size,
        whirlpool: f.whirlpool,
        contentType: f.contentType,
        date: parisDate(f.createdAt),
        visible: f.visibleAt <= this.now(),
        pass: f.pass ? 1 : 0,
        description: f.description,
        inline: f.inline,
        noSsl: f.noSsl,
        cdn: f.cdn,
        acl: f.acl,
      })),
      uploads: [...this.store.uploads.values()].map((u) => ({
        id: u.id,
        used: u.usedAt !== null,
        completed: u.completedAt !== null,
        files: u.files.map((x) => ({ ...x, url: fileUrl(x.fileId) })),
      })),
      remoteJobs: [...this.store.remoteJobs.values()],
      tokens: this.store.tokens.size,
      lockedIps: this.guard.lockedIps(),
      floods: this.guard.floods,
      counters: this.counters,
      faults: this.faults,
      limits: this.limits,
    };
  }
}

function hostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}
