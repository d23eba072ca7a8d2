import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import { createHash } from 'crypto';
import { ApiError, Errors } from './errors';
import { endpoints, type ApiContext } from './api';
import { bearerKey, drain, isClientGone, isLoopbackHostHeader, readJsonObject, readSmallBody, sendJson, sendKo, sleep } from './http-util';
import { FloodGuard } from './limiter';
import { validate } from './schema';
import { MUTATION_ENDPOINTS, validateFaults, type FaultName, type Faults, type MutationEndpoint } from './faults';
import { validateLimits, type Limits } from './limits';
import type { SandboxOptions } from './options';
import { isProfileName, PROFILE_NAMES, PROFILES, profileSettings, type ProfileName } from './profiles';
import { handleWebsite } from './website';
import { FAULT_CATALOG } from './faults';
import { StateStore, type FileRecord, type RemoteJobRecord } from './state';
import { handleUploadNode } from './upload';
import { handleDownload } from './download';
import { runRemoteJob } from './remote';
import { fileUrl, isLoopbackIp, newFileId, normaliseIp, parisDate, seededRandom } from './util';

export interface User {
  id: string;
  email: string;
  premium: boolean;
}

export interface Counters {
  /** Calls per endpoint (API `*.cgi`, `node:upload.cgi`, `node:end.pl`, `download`, `download2`, `dir`). */
  requests: Record<string, number>;
  /** Mutations applied, per endpoint (counted when the change is made, whatever happens to the answer). */
  mutations: Record<string, number>;
  /** Answers lost after the change was applied (the lostAnswers fault), per endpoint. */
  lostAnswers: Record<string, number>;
  /** Requests lost before the change was applied (the lostRequests fault), per endpoint. */
  lostRequests: Record<string, number>;
  /** HTML pages and redirects served by the download hosts (faults), by kind. */
  downloadPages: Record<string, number>;
  /** The upload node's HTTP 200 refusal pages, by cause (a fault's name, or `contentTypeFirst`). */
  nodePages: Record<string, number>;
  /** Answers a behaviour switch changed (e.g. a listing the removal lag added to), by switch name. */
  behaviours: Record<string, number>;
  notAuthenticated: number;
  bare403: number;
  /** Download answers with HTTP 206 (a Range honoured). */
  partialDownloads: number;
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
/** Who asks get_upload_server.cgi without a key (the only call the service answers without one). */
const ANONYMOUS: User = { id: '', email: '', premium: false };
/** The listings the listingAnswerDelayMs behaviour delays. */
const LISTING_ENDPOINTS: ReadonlySet<string> = new Set(['file/ls.cgi', 'folder/ls.cgi']);

/** The sandbox: three loopback listeners (API host, upload node, download host) over one state. */
export class SandboxCore {
  readonly store: StateStore;
  readonly guard: FloodGuard;
  faults: Faults;
  readonly counters: Counters = {
    requests: {},
    mutations: {},
    lostAnswers: {},
    lostRequests: {},
    downloadPages: {},
    nodePages: {},
    behaviours: {},
    notAuthenticated: 0,
    bare403: 0,
    partialDownloads: 0,
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
  secondDownloadBaseUrl = '';
  /** The loopback ports actually listened on (for a proxy that maps host names to them). */
  readonly ports = { api: 0, uploadNode: 0, download: 0, secondDownload: 0 };
  profile: ProfileName;
  /**
   * Removed files that still show in listings (the removalLagMs behaviour), by file id. Their bytes are gone;
   * only the listing entry lingers.
   */
  readonly lingering = new Map<string, { file: FileRecord; goneAt: number }>();
  private readonly users = new Map<string, User>();
  private readonly servers: http.Server[] = [];
  private readonly backgroundJobs = new Set<Promise<void>>();
  private pruneTimer: NodeJS.Timeout | undefined;
  private stopped = false;
  /** The random faults' draws (util.ts `seededRandom`); see `SandboxOptions.faultSeed`. */
  private readonly faultDraw: () => number;

  constructor(readonly options: SandboxOptions) {
    this.store = new StateStore(options.dataDir, options.reset);
    this.counters.leftoversRemoved = this.store.leftoversRemoved;
    this.profile = options.profile;
    this.guard = new FloodGuard({ ...options.limits }, options.now);
    this.faults = { ...options.faults };
    this.faultDraw = seededRandom(options.faultSeed);
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
    return this.options.now();
  }

  newFileId(): string {
    let id: string;
    do id = newFileId();
    while (this.store.files.has(id));
    return id;
  }

  async start(): Promise<void> {
    const { host, port, uploadPort, downloadPort, secondDownloadPort, advertise } = this.options;
    const api = await this.listen('api', host, port, (req, res) => this.handleApi(req, res));
    const node = await this.listen('upload node', host, uploadPort, (req, res) => handleUploadNode(this, req, res));
    const dl = await this.listen('download', host, downloadPort, (req, res) => handleDownload(this, req, res, 'download'));
    const dl2 = await this.listen('download', host, secondDownloadPort, (req, res) => handleDownload(this, req, res, 'download2'));
    Object.assign(this.ports, { api, uploadNode: node, download: dl, secondDownload: dl2 });
    this.apiBaseUrl = `http://${hostPort(host, api)}/v1`;
    this.uploadHost = advertise?.uploadHost ?? hostPort(host, node);
    this.downloadBaseUrl = advertise?.downloadOrigin ?? `http://${hostPort(host, dl)}`;
    this.secondDownloadBaseUrl = advertise?.secondDownloadOrigin ?? `http://${hostPort(host, dl2)}`;
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

  /** Reads a small non-JSON body (the website's form posts) with the same idle timeout. */
  readText(req: http.IncomingMessage): Promise<string> {
    return readSmallBody(req, this.options.bodyIdleTimeoutMs, () => this.counters.bodyTimeouts++);
  }

  /** Resolves the caller from `Authorization: Bearer <key>`. */
  authenticate(req: http.IncomingMessage): User {
    const key = bearerKey(req);
    if (key === undefined) throw Errors.notAuthenticated();
    const user = this.users.get(key);
    if (!user) throw Errors.noSuchUser();
    return user;
  }

  count(name: string): void {
    this.counters.requests[name] = (this.counters.requests[name] ?? 0) + 1;
  }

  /** Share of 5xx answers (the "server errors" fault). Returns true when it answered. */
  maybeServerError(req: http.IncomingMessage, res: http.ServerResponse): boolean {
    if (this.faults.serverErrorRate <= 0 || this.faultDraw() >= this.faults.serverErrorRate) return false;
    this.counters.serverErrors++;
    drain(req);
    sendNginxPage(res, this.drawOne(SERVER_ERROR_STATUSES));
    return true;
  }

  private drawOne<T>(items: readonly T[]): T {
    return items[Math.floor(this.faultDraw() * items.length)]!;
  }

  /** Takes one use of the lost-answer fault when it covers this mutation. */
  takeLostAnswer(endpoint: MutationEndpoint): boolean {
    const f = this.faults;
    if (f.lostAnswers <= 0 || (f.lostAnswerEndpoints.length > 0 && !f.lostAnswerEndpoints.includes(endpoint))) return false;
    f.lostAnswers--;
    this.counters.lostAnswers[endpoint] = (this.counters.lostAnswers[endpoint] ?? 0) + 1;
    return true;
  }

  /** Takes one use of the lost-request fault when it covers this mutation. */
  takeLostRequest(endpoint: MutationEndpoint): boolean {
    const f = this.faults;
    if (f.lostRequests <= 0 || (f.lostAnswerEndpoints.length > 0 && !f.lostAnswerEndpoints.includes(endpoint))) return false;
    f.lostRequests--;
    this.counters.lostRequests[endpoint] = (this.counters.lostRequests[endpoint] ?? 0) + 1;
    return true;
  }

  /** The change is made and saved; the caller never learns it: a 5xx page, or a connection dropped silently. */
  loseAnswer(req: http.IncomingMessage, res: http.ServerResponse): void {
    if (this.faults.lostAnswerMode === 'drop') {
      req.socket.destroy();
      return;
    }
    sendNginxPage(res, this.drawOne(SERVER_ERROR_STATUSES.slice(0, -1)));
  }

  /** Counts an answer that a behaviour switch changed, so a test can see the switch was met. */
  noteBehaviour(name: FaultName): void {
    this.counters.behaviours[name] = (this.counters.behaviours[name] ?? 0) + 1;
  }

  /** Counts a mutation that was applied (the count the fault matrix checks for replays). */
  countMutation(endpoint: MutationEndpoint): void {
    this.counters.mutations[endpoint] = (this.counters.mutations[endpoint] ?? 0) + 1;
  }

  private async handleApi(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const ip = normaliseIp(req.socket.remoteAddress);
    const url = new URL(req.url ?? '/', 'http://sandbox');
    if (url.pathname.startsWith('/__sandbox/')) return this.handleAdmin(ip, url.pathname, req, res);
    // The website's public shared-folder page (https://1fichier.com/dir/<id>): a proxy maps 1fichier.com here.
    if (url.pathname.startsWith('/dir/')) return handleWebsite(this, url, req, res);
    const m = /^\/v1\/(.+\.cgi)$/.exec(url.pathname);
    const name = m?.[1];
    this.count(name ?? 'unknown');
    if (this.faults.slowMs > 0) await sleep(this.faults.slowMs);
    try {
      this.guard.admit(ip, name ?? 'unknown');
    } catch (e) {
      drain(req);
      throw e;
    }
    if (this.maybeServerError(req, res)) return;
    if (this.faults.bare403 > 0) {
      this.faults.bare403--;
      this.counters.bare403++;
      drain(req);
      return sendNginxPage(res, 403);
    }
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
      // The live node lookup needs no account (CSUploader's probe): anonymous uploads start here.
      user = name === 'upload/get_upload_server.cgi' && bearerKey(req) === undefined ? ANONYMOUS : this.authenticate(req);
      if (this.faults.notAuthenticated > 0) {
        this.faults.notAuthenticated--;
        this.counters.notAuthenticated++;
        throw Errors.notAuthenticated();
      }
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
    // A request lost on the way: nothing is applied, and the client cannot tell it from a lost answer.
    if (isMutation(name) && this.takeLostRequest(name)) return this.loseAnswer(req, res);
    const ctx: ApiContext = { core: this, user, ip, body, method };
    let result: unknown;
    try {
      result = await endpoint.handle(ctx);
    } catch (e) {
      throw e instanceof ApiError ? e : new InternalError(name, e);
    }
    if (isMutation(name)) {
      this.countMutation(name);
      if (this.takeLostAnswer(name)) return this.loseAnswer(req, res);
    }
    // The listing was read above; a change made while its answer travels is not in it.
    if (LISTING_ENDPOINTS.has(name) && this.faults.listingAnswerDelayMs > 0) {
      this.noteBehaviour('listingAnswerDelayMs');
      await sleep(this.faults.listingAnswerDelayMs);
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
        case 'POST /__sandbox/profile':
          this.setProfile(body.profile);
          return sendJson(res, 200, { status: 'OK', profile: this.profile, limits: this.limits, faults: this.faults });
        case 'GET /__sandbox/profiles':
          return sendJson(res, 200, { current: this.profile, profiles: PROFILES, faults: FAULT_CATALOG });
        default:
          return sendJson(res, 404, { status: 'KO', message: `Unknown admin route ${req.method} ${path}` });
      }
    } catch (e) {
      return sendJson(res, 400, { status: 'KO', message: e instanceof Error ? e.message : String(e) });
    }
  }

  /** Merges fault switches; `setFaults({})` keeps the current ones, `resetFaults()` goes back to the profile's. */
  setFaults(f: Partial<Faults> | Record<string, unknown>): void {
    validateFaults(f as Record<string, unknown>);
    this.faults = { ...this.faults, ...(f as Partial<Faults>) };
  }

  /** Back to the profile's faults (with its time scale): everything the run switched on is off again. */
  resetFaults(): void {
    this.faults = profileSettings(this.profile, this.options.timeScale).faults;
  }

  setLimits(l: Partial<Limits> | Record<string, unknown>): void {
    validateLimits(l as Record<string, unknown>);
    this.guard.limits = { ...this.guard.limits, ...(l as Partial<Limits>) };
    this.guard.clear();
  }

  /** Switches to another profile at run time: its limits and faults replace the current ones; locks are lifted. */
  setProfile(name: unknown): void {
    if (!isProfileName(name)) throw new Error(`Unknown profile ${JSON.stringify(name)}; profiles: ${PROFILE_NAMES.join(', ')}`);
    this.profile = name;
    const settings = profileSettings(name, this.options.timeScale);
    this.guard.limits = settings.limits;
    this.guard.clear();
    this.faults = settings.faults;
  }

  /** Listing cap: the real 5000, or lower with the listingCap behaviour. */
  listingCap(): number {
    return this.faults.listingCap > 0 ? this.faults.listingCap : 5000;
  }

  /**
   * Removes a file: its bytes and tokens go at once; with removalLagMs its listing entry lingers for that
   * long (C# SDK b843b24), and folder/rm counts it until then.
   */
  removeFile(fileId: string): void {
    const file = this.store.files.get(fileId);
    this.store.files.delete(fileId);
    fs.rmSync(this.store.blobPath(fileId), { force: true });
    for (const [k, t] of this.store.tokens) if (t.fileId === fileId) this.store.tokens.delete(k);
    if (file && this.faults.removalLagMs > 0) this.lingering.set(fileId, { file, goneAt: this.now() + this.faults.removalLagMs });
  }

  /** Removed files of this folder still shown in listings (the removal lag). */
  lingeringIn(owner: string, folderId: number): FileRecord[] {
    const t = this.now();
    const out: FileRecord[] = [];
    for (const [id, l] of this.lingering) {
      if (l.goneAt <= t) this.lingering.delete(id);
      else if (l.file.owner === owner && l.file.folderId === folderId) out.push(l.file);
    }
    return out;
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
        url: fileUrl(f.id, f.domain),
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
      /** Removed files still shown in listings (removalLagMs). */
      lingering: [...this.lingering.values()]
        .filter((l) => l.goneAt > this.now())
        .map((l) => ({ url: fileUrl(l.file.id), goneAt: l.goneAt })),
      profile: this.profile,
      timeScale: this.options.timeScale,
      lockedIps: this.guard.lockedIps(),
      lockedEndpoints: this.guard.lockedEndpoints(),
      lockedUsers: this.guard.lockedUsers(),
      /** Flood locks handed out since the start, in total and by the code of their answer (374, 38, 223, 412). */
      floods: this.guard.floods,
      floodsByCode: this.guard.floodsByCode,
      refusedWhileLocked: this.guard.refusedWhileLocked,
      /** The deepest draw of a per-IP bucket: the burst this run needed at this rate. */
      peakDraw: Math.round(this.guard.peakDraw * 100) / 100,
      lockExtensions: this.guard.lockExtensions,
      /** Calls over a documented budget, by budget: locked or only counted, as the profile says. */
      budgetOverruns: this.guard.budgetOverruns,
      duplicates: this.duplicates(),
      counters: this.counters,
      faults: this.faults,
      limits: this.limits,
    };
  }

  /**
   * Same-named files in one folder and remote jobs with the same URLs, per owner: what a blind replay after
   * a lost answer leaves behind (`files`/`remoteJobs` = extra copies beyond the first).
   */
  private duplicates() {
    const files = new Map<string, { folderId: number; filename: string; count: number }>();
    for (const f of this.store.files.values()) {
      const k = JSON.stringify([f.owner, f.folderId, f.filename]);
      const g = files.get(k) ?? { folderId: f.folderId, filename: f.filename, count: 0 };
      g.count++;
      files.set(k, g);
    }
    const jobs = new Map<string, number>();
    for (const j of this.store.remoteJobs.values()) {
      const k = JSON.stringify([j.owner, j.folderId, j.urls]);
      jobs.set(k, (jobs.get(k) ?? 0) + 1);
    }
    const fileGroups = [...files.values()].filter((g) => g.count > 1);
    return {
      files: fileGroups.reduce((n, g) => n + g.count - 1, 0),
      remoteJobs: [...jobs.values()].reduce((n, c) => n + c - 1, 0),
      sameNameFiles: fileGroups,
    };
  }
}

const MUTATIONS: ReadonlySet<string> = new Set(MUTATION_ENDPOINTS);
function isMutation(name: string): name is MutationEndpoint {
  return MUTATIONS.has(name);
}

/** nginx's own error page, as the real front servers send it (HTML, no KO envelope, no code). */
function sendNginxPage(res: http.ServerResponse, status: number): void {
  if (res.headersSent || res.destroyed) return;
  const title = `${status} ${http.STATUS_CODES[status] ?? ''}`.trim();
  const text = `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
  res.writeHead(status, { 'Content-Type': 'text/html', 'Content-Length': Buffer.byteLength(text), Server: 'nginx' });
  res.end(text);
}

function hostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}
