import * as fs from 'fs';
import * as path from 'path';
import { randomInt } from 'crypto';
import { randomString } from './util';

export interface Acl {
  ip: string[];
  country: string[];
  email: string[];
  premium: number;
}

export interface FolderRecord {
  id: number;
  owner: string;
  /** 0 = the owner's root. */
  parentId: number;
  name: string;
  createdAt: number;
  /** Public share (folder/share.cgi). */
  share: { enabled: boolean; url: string | null; pass: string | null; shares: { email: string; rw: number; hide_links: number }[] };
}

export interface FileRecord {
  id: string;
  owner: string;
  folderId: number;
  filename: string;
  size: number;
  whirlpool: string;
  contentType: string;
  createdAt: number;
  /** Listings show the file from this time on (the "listings lag behind writes" fault). */
  visibleAt: number;
  pass: string | null;
  description: string;
  inline: number;
  noSsl: number;
  cdn: number;
  acl: Acl;
  /** The upload's `domain` id (absent: 0, 1fichier.com): the file's links are on that domain. */
  domain?: number;
}

export interface UploadRecord {
  id: string;
  owner: string | null;
  createdAt: number;
  /** Set when an upload POST used the id (ids are single-use). */
  usedAt: number | null;
  completedAt: number | null;
  files: { fileId: string; filename: string; size: number; whirlpool: string }[];
  /** How many end.pl answers have been served (for the "no links" fault). */
}

export interface TokenRecord {
  token: string;
  fileId: string;
  ip: string;
  expiresAt: number;
  single: boolean;
  used: boolean;
  inline: boolean;
}

export interface RemoteResult {
  status: 'OK' | 'KO';
  url: string;
  download_link: string;
  message: string;
}

export interface RemoteJobRecord {
  id: number;
  owner: string;
  urls: string[];
  folderId: number;
  headers: Record<string, string>;
  requestedAt: number;
  executedAt: number | null;
  results: RemoteResult[];
}

interface PersistedState {
  version: 1;
  nextFolderId: number;
  nextRemoteId: number;
  folders: FolderRecord[];
  files: FileRecord[];
  uploads: UploadRecord[];
  tokens: TokenRecord[];
  remoteJobs: RemoteJobRecord[];
  settings: Record<string, Record<string, number>>;
}

/**
 * Everything the sandbox knows, kept in `<dataDir>/state.json` (rewritten atomically after every change)
 * plus one blob file per stored file in `<dataDir>/blobs/`. A restart keeps folders, files and links.
 */
export class StateStore {
  readonly blobsDir: string;
  readonly tmpDir: string;
  private readonly stateFile: string;
  nextFolderId: number;
  nextRemoteId: number;
  readonly folders = new Map<number, FolderRecord>();
  readonly files = new Map<string, FileRecord>();
  readonly uploads = new Map<string, UploadRecord>();
  readonly tokens = new Map<string, TokenRecord>();
  readonly remoteJobs = new Map<number, RemoteJobRecord>();
  readonly settings = new Map<string, Record<string, number>>();
  /** How many crash leftovers the constructor deleted. */
  leftoversRemoved = 0;

  constructor(
    readonly dataDir: string,
    reset: boolean,
  ) {
    this.blobsDir = path.join(dataDir, 'blobs');
    this.tmpDir = path.join(dataDir, 'tmp');
    this.stateFile = path.join(dataDir, 'state.json');
    if (reset) fs.rmSync(dataDir, { recursive: true, force: true });
    fs.mkdirSync(this.blobsDir, { recursive: true });
    fs.mkdirSync(this.tmpDir, { recursive: true });
    // Real folder ids are large ints (e.g. 3357645); start somewhere random so clients can't assume 1, 2, 3.
    this.nextFolderId = 1_000_000 + randomInt(8_000_000);
    this.nextRemoteId = 1 + randomInt(100_000);
    this.load();
    this.removeCrashLeftovers();
  }

  /**
   * What a crash (or a kill -9) can leave behind: partial uploads in tmp/, a state write cut before its
   * rename (`state.json.<pid>.<random>.tmp`), and a blob stored just before the state entry that names it
   * was saved. State is saved after every change, so none of these can belong to a file anyone was told of.
   */
  private removeCrashLeftovers(): void {
    const remove = (p: string) => {
      fs.rmSync(p, { recursive: true, force: true });
      this.leftoversRemoved++;
    };
    for (const name of fs.readdirSync(this.tmpDir)) remove(path.join(this.tmpDir, name));
    const stateName = path.basename(this.stateFile);
    for (const name of fs.readdirSync(this.dataDir)) {
      if (name.startsWith(`${stateName}.`) && name.endsWith('.tmp')) remove(path.join(this.dataDir, name));
    }
    for (const name of fs.readdirSync(this.blobsDir)) {
      if (!this.files.has(name)) remove(path.join(this.blobsDir, name));
    }
  }

  private load(): void {
    let raw: string;
    try {
      raw = fs.readFileSync(this.stateFile, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw e;
    }
    let s: PersistedState;
    try {
      s = JSON.parse(raw) as PersistedState;
    } catch {
      throw new Error(`The sandbox state file ${this.stateFile} is not valid JSON; start with --reset to wipe it`);
    }
    if (s.version !== 1) throw new Error(`Unknown sandbox state version in ${this.stateFile}; start with --reset`);
    this.nextFolderId = s.nextFolderId;
    this.nextRemoteId = s.nextRemoteId;
    for (const f of s.folders) this.folders.set(f.id, f);
    let dropped = 0;
    for (const f of s.files) {
      // A state entry without its bytes would serve a broken file; drop it (and say so).
      if (fs.existsSync(this.blobPath(f.id))) this.files.set(f.id, f);
      else dropped++;
    }
    if (dropped) console.error(`sandbox: ${dropped} file(s) in ${this.stateFile} had no bytes in ${this.blobsDir} and were dropped`);
    for (const u of s.uploads) this.uploads.set(u.id, u);
    for (const t of s.tokens) this.tokens.set(t.token, t);
    for (const j of s.remoteJobs) {
      if (j.executedAt === null) {
        j.executedAt = Date.now();
        j.results = j.urls.map((url) => ({ status: 'KO', url, download_link: '', message: 'Interrupted by a sandbox restart' }));
      }
      this.remoteJobs.set(j.id, j);
    }
    for (const [k, v] of Object.entries(s.settings)) this.settings.set(k, v);
  }

  /** Atomic: write a temporary file, then rename it over the old one. */
  save(): void {
    const s: PersistedState = {
      version: 1,
      nextFolderId: this.nextFolderId,
      nextRemoteId: this.nextRemoteId,
      folders: [...this.folders.values()],
      files: [...this.files.values()],
      uploads: [...this.uploads.values()],
      tokens: [...this.tokens.values()],
      remoteJobs: [...this.remoteJobs.values()],
      settings: Object.fromEntries(this.settings),
    };
    const tmp = `${this.stateFile}.${process.pid}.${randomString(6)}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(s));
    fs.renameSync(tmp, this.stateFile);
  }

  blobPath(fileId: string): string {
    return path.join(this.blobsDir, fileId);
  }

  newTmpPath(): string {
    return path.join(this.tmpDir, randomString(16));
  }

  allocateFolderId(): number {
    return this.nextFolderId++;
  }

  allocateRemoteId(): number {
    return this.nextRemoteId++;
  }

  /** Drops expired tokens and upload records so the state file doesn't grow forever. */
  prune(now: number, endPlTtlMs: number): void {
    let changed = false;
    for (const [k, t] of this.tokens) {
      if (t.expiresAt < now) {
        this.tokens.delete(k);
        changed = true;
      }
    }
    for (const [k, u] of this.uploads) {
      const end = u.completedAt ?? u.createdAt;
      if (end + endPlTtlMs < now) {
        this.uploads.delete(k);
        changed = true;
      }
    }
    if (changed) this.save();
  }
}
