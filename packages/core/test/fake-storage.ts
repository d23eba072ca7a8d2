/**
 * An in-memory 1fichier account for the sync units: folders, files with their Whirlpool, the client methods a
 * sync uses (listFolder, listFiles, createFolder, upload, removeFiles, removeFolder) and a log of every call.
 * The request pipeline is tested elsewhere; here what matters is which calls a plan makes, in which order.
 * Names are kept as the service stores them and returned as the client shows them (shownName, as parse.ts does).
 */
import { bytesSource, whirlpoolHex, type FileItem, type ReservedNamePolicy, type UploadSource } from '../src';
import { shownName } from '../src/internal';
import type { LocalFile, LocalTree } from '../src';

interface Folder {
  id: number;
  parentId: number;
  name: string;
}
interface StoredFile {
  url: string;
  folderId: number;
  filename: string;
  bytes: Uint8Array;
  checksum: string;
  date: string;
}

export class FakeStorage {
  folders: Folder[] = [];
  files: StoredFile[] = [];
  calls: string[] = [];
  /** One entry per coming upload: an error to throw, or undefined to let it through. */
  uploadOutcomes: (Error | undefined)[] = [];
  /** Listings cut at this many files (the service's 5,000 cap, made small). */
  listCap = Infinity;
  /** Listings without checksums (the real folder/ls items may lack them). */
  noChecksums = false;
  private nextId = 100;
  private clock = 0;
  constructor(readonly reservedNames: ReservedNamePolicy = 'encode') {}

  folder(name: string, parentId = 0): number {
    const id = this.nextId++;
    this.folders.push({ id, parentId, name });
    return id;
  }

  async file(folderId: number, filename: string, content: string): Promise<string> {
    const bytes = new TextEncoder().encode(content);
    const url = `https://1fichier.com/?f${this.nextId++}aaaaa`;
    this.clock++;
    this.files.push({
      url,
      folderId,
      filename,
      bytes,
      checksum: await whirlpoolHex(bytes),
      date: `2026-01-01 00:00:${String(this.clock).padStart(2, '0')}`,
    });
    return url;
  }

  /** 'dir/name' paths of every file, with their text, sorted. */
  contents(rootId = 0): string[] {
    const pathOf = (id: number): string => {
      if (id === rootId) return '';
      const f = this.folders.find((x) => x.id === id)!;
      const parent = pathOf(f.parentId);
      return parent ? `${parent}/${f.name}` : f.name;
    };
    return this.files
      .map((f) => `${pathOf(f.folderId) ? `${pathOf(f.folderId)}/` : ''}${f.filename}=${new TextDecoder().decode(f.bytes)}`)
      .sort();
  }

  private item(f: StoredFile): FileItem {
    return {
      url: f.url,
      filename: shownName(f.filename),
      size: f.bytes.length,
      date: f.date,
      dateUtc: '',
      checksum: this.noChecksums ? '' : f.checksum,
      contentType: '',
      passwordProtected: false,
      hasAcl: false,
      cdn: false,
    };
  }

  listFolder = async (folderId: number, opts: { includeFiles?: boolean; signal?: AbortSignal } = {}) => {
    if (opts.signal?.aborted) throw Object.assign(new Error('cancelled'), { kind: 'cancelled' });
    this.calls.push(`folder/ls ${folderId}${opts.includeFiles ? ' +files' : ''}`);
    const files = this.files.filter((f) => f.folderId === folderId);
    return {
      folderId,
      name: '',
      size: null,
      fileCount: files.length,
      subFolders: this.folders
        .filter((f) => f.parentId === folderId)
        .map((f) => ({ id: f.id, name: shownName(f.name), createDate: '', createDateUtc: '', passwordProtected: false })),
      ...(opts.includeFiles ? { items: files.slice(0, this.listCap).map((f) => this.item(f)) } : {}),
    };
  };

  listFiles = async (opts: { folderId?: number | 'all' } = {}) => {
    const folderId = opts.folderId ?? 0;
    this.calls.push(`file/ls ${folderId}`);
    const items = this.files.filter((f) => f.folderId === folderId).map((f) => this.item(f));
    return { count: items.length, items };
  };

  createFolder = async (name: string, parentId = 0, opts: { reservedNames?: ReservedNamePolicy } = {}) => {
    const stored = (opts.reservedNames ?? this.reservedNames) === 'encode' ? encode(name) : name;
    this.calls.push(`mkdir ${stored} in ${parentId}`);
    return { folderId: this.folder(stored, parentId), name: shownName(stored) };
  };

  upload = async (sources: UploadSource | UploadSource[], opts: { folderId?: number; reservedNames?: ReservedNamePolicy } = {}) => {
    const list = Array.isArray(sources) ? sources : [sources];
    const folderId = opts.folderId ?? 0;
    this.calls.push(`upload ${list.map((s) => s.name).join(',')} to ${folderId}`);
    const failure = this.uploadOutcomes.shift();
    if (failure) throw failure;
    const out = [];
    for (const s of list) {
      const parts: Uint8Array[] = [];
      for await (const c of s.open()) parts.push(c);
      const text = parts.map((p) => new TextDecoder().decode(p)).join('');
      const filename = (opts.reservedNames ?? this.reservedNames) === 'encode' ? encode(s.name) : s.name;
      const url = await this.file(folderId, filename, text);
      const f = this.files.find((x) => x.url === url)!;
      out.push({ url, filename: shownName(filename), size: f.bytes.length, whirlpool: f.checksum, folderId, removeUrl: '' });
    }
    return out;
  };

  removeFiles = async (list: (string | { url: string })[]) => {
    const urls = list.map((u) => (typeof u === 'string' ? u : u.url));
    this.calls.push(`rm ${urls.length}`);
    this.files = this.files.filter((f) => !urls.includes(f.url));
    return { removed: urls.length, urls };
  };

  removeFolder = async (folderId: number) => {
    this.calls.push(`rmdir ${folderId}`);
    this.folders = this.folders.filter((f) => f.id !== folderId);
  };
}

/** The two reserved characters the tests use, mapped as names.ts maps them. */
function encode(name: string): string {
  return name.replace(/\$/g, '\uFF04').replace(/'/g, '\uFF07');
}

/** A local tree from 'dir/name' → text (re-openable sources). */
export function localTree(files: Record<string, string>, extraFolders: string[] = []): LocalTree {
  const out: LocalFile[] = Object.entries(files).map(([path, text]) => {
    const cut = path.lastIndexOf('/');
    const name = path.slice(cut + 1);
    const source = bytesSource(name, new TextEncoder().encode(text));
    return { dir: cut < 0 ? '' : path.slice(0, cut), name, size: source.size, source };
  });
  return { files: out, folders: [...extraFolders], skipped: [] };
}
