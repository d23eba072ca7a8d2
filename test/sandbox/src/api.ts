import * as fs from 'fs';
import { ApiError, Errors } from './errors';
import type { SandboxCore, User } from './core';
import { req, type Schema } from './schema';
import type { FileRecord, FolderRecord } from './state';
import { checkName } from './names';
import { fileIdFromUrl, fileUrl, isLoopbackHost, newUploadId, parisDate, parseFileUrl, randomString, SHARE_URL_PREFIX } from './util';

export interface ApiContext {
  core: SandboxCore;
  user: User;
  ip: string;
  body: Record<string, unknown>;
  method: string;
}

export interface Endpoint {
  methods: ('GET' | 'POST')[];
  schema: Schema;
  handle(ctx: ApiContext): Promise<unknown> | unknown;
}

const ROOT_ID = 0;

const pretty = { pretty: 'flag' } as const;
const aclSchema: Schema = { ip: 'string[]', country: 'string[]', email: 'string[]', premium: 'flag' };
const headersSpec = {
  kind: 'custom' as const,
  describe: 'an object of header names to string values, or an array of "Name: value" strings',
  check: (v: unknown) =>
    (Array.isArray(v) && v.every((x) => typeof x === 'string' && /^[A-Za-z0-9-]+:\s?.*$/.test(x))) ||
    (v !== null && typeof v === 'object' && !Array.isArray(v) && Object.values(v).every((x) => typeof x === 'string')),
};

// ---------- lookups ----------

function folderOf(ctx: ApiContext, id: number): FolderRecord | null {
  if (id === ROOT_ID) return null;
  const f = ctx.core.store.folders.get(id);
  if (!f || f.owner !== ctx.user.id) throw Errors.folderNotFound();
  return f;
}

function requireFolder(ctx: ApiContext, id: number): void {
  folderOf(ctx, id);
}

/** The "no such file" answer: the sandbox's 403 #707, or the real 404 #469 with the notFound469 behaviour. */
function fileNotFound(ctx: ApiContext) {
  if (!ctx.core.faults.notFound469) return Errors.fileNotFound();
  ctx.core.noteBehaviour('notFound469');
  return Errors.resourceNotFound();
}

function anyFile(ctx: ApiContext, url: string): FileRecord {
  const link = parseFileUrl(url);
  const f = link === undefined ? undefined : ctx.core.store.files.get(link.id);
  if (!f || !onItsDomain(ctx, f, link!.domain)) throw fileNotFound(ctx);
  return f;
}

/**
 * Whether a link names the file on the domain it was uploaded on. Any domain finds it, unless the
 * domainBound behaviour is on: then only its own ("Using their main domain (1fichier.com) will result in
 * OFFLINE URLs!", JDownloader OneFichierCom.java getContentURL).
 */
function onItsDomain(ctx: ApiContext, f: FileRecord, domain: number): boolean {
  if (!ctx.core.faults.domainBound || domain === (f.domain ?? 0)) return true;
  ctx.core.noteBehaviour('domainBound');
  return false;
}

function ownFile(ctx: ApiContext, url: string): FileRecord {
  const f = anyFile(ctx, url);
  if (f.owner !== ctx.user.id) throw fileNotFound(ctx);
  return f;
}

/**
 * Someone else's file: its password and access list decide (JDownloader isAPIErrorPassword and "Resource not
 * allowed #\d+"). The owner is never refused. Country lists are not modelled (loopback has no country).
 */
function checkAccess(ctx: ApiContext, file: FileRecord, pass: unknown): void {
  if (file.owner === ctx.user.id) return;
  if (file.pass) {
    if (pass === undefined || pass === '') throw Errors.passwordNotProvided();
    if (pass !== file.pass) throw Errors.invalidPassword();
  }
  const acl = file.acl;
  if (
    (acl.ip.length > 0 && !acl.ip.includes(ctx.ip)) ||
    (acl.email.length > 0 && !acl.email.includes(ctx.user.email)) ||
    (acl.premium === 1 && !ctx.user.premium)
  ) {
    throw Errors.resourceNotAllowed();
  }
}

function lingeringFile(ctx: ApiContext, url: string): FileRecord | undefined {
  const id = fileIdFromUrl(url);
  const l = id === undefined ? undefined : ctx.core.lingering.get(id);
  return l && l.file.owner === ctx.user.id && l.goneAt > ctx.core.now() ? l.file : undefined;
}

function childFolders(ctx: ApiContext, parentId: number): FolderRecord[] {
  return [...ctx.core.store.folders.values()].filter((f) => f.owner === ctx.user.id && f.parentId === parentId);
}

/** With the listingLoop fault: the folder itself, or its parent (not the root), listed again as a sub-folder. */
function loopedFolders(ctx: ApiContext, folder: FolderRecord | null): FolderRecord[] {
  const mode = ctx.core.faults.listingLoop;
  if (mode === 'off' || !folder) return [];
  const looped = mode === 'self' ? folder : ctx.core.store.folders.get(folder.parentId);
  if (!looped) return [];
  ctx.core.noteBehaviour('listingLoop');
  return [looped];
}

/** Files stored in a folder: every one, or (for listings) the ones listings show, lingering removed ones included. */
function filesIn(ctx: ApiContext, folderId: number, asListed: boolean): FileRecord[] {
  const now = ctx.core.now();
  const all = [...ctx.core.store.files.values()].filter((f) => f.owner === ctx.user.id && f.folderId === folderId);
  if (!asListed) return all;
  const shown = all.filter((f) => f.visibleAt <= now);
  if (shown.length < all.length) ctx.core.noteBehaviour('listingLagMs');
  const lingering = ctx.core.lingeringIn(ctx.user.id, folderId);
  if (lingering.length > 0) ctx.core.noteBehaviour('removalLagMs');
  return [...shown, ...lingering];
}

/** The first `cap` items of a listing; a cut made by the listingCap switch is counted. */
function capped<T>(ctx: ApiContext, items: T[]): T[] {
  const cap = ctx.core.listingCap();
  if (items.length > cap && ctx.core.faults.listingCap > 0) ctx.core.noteBehaviour('listingCap');
  return items.slice(0, cap);
}

function folderPath(ctx: ApiContext, folderId: number): string {
  const parts: string[] = [];
  let id = folderId;
  while (id !== ROOT_ID) {
    const f = ctx.core.store.folders.get(id);
    if (!f) break;
    parts.unshift(f.name);
    id = f.parentId;
  }
  return parts.join('/');
}

function checkPassword(pass: unknown): void {
  if (typeof pass === 'string' && pass !== '' && pass.length < 6) throw Errors.passwordTooShort();
}

function checkSharingUser(ctx: ApiContext, v: unknown): void {
  // Groupware shares between accounts are not modelled; only the caller's own address (or none) is valid.
  if (v !== undefined && v !== '' && v !== ctx.user.email) throw Errors.folderNotFound();
}

function listItem(f: FileRecord) {
  return {
    url: fileUrl(f.id, f.domain),
    filename: f.filename,
    size: f.size,
    date: parisDate(f.createdAt),
    checksum: f.whirlpool,
    'content-type': f.contentType,
    pass: f.pass ? 1 : 0,
    acl: f.acl.ip.length + f.acl.country.length + f.acl.email.length > 0 || f.acl.premium ? 1 : 0,
    cdn: f.cdn,
  };
}

function newFileFrom(ctx: ApiContext, src: FileRecord, folderId: number, filename: string): FileRecord {
  const core = ctx.core;
  const id = core.newFileId();
  // One blob per stored file; a hard link shares the bytes without holding them in memory.
  try {
    fs.linkSync(core.store.blobPath(src.id), core.store.blobPath(id));
  } catch {
    fs.copyFileSync(core.store.blobPath(src.id), core.store.blobPath(id));
  }
  const now = core.now();
  const copy: FileRecord = {
    ...src,
    acl: { ...src.acl, ip: [...src.acl.ip], country: [...src.acl.country], email: [...src.acl.email] },
    id,
    folderId,
    filename,
    createdAt: now,
    visibleAt: now + core.faults.listingLagMs,
  };
  core.store.files.set(id, copy);
  return copy;
}

/** Takes one use of a counted fault; the answers it changed are counted under its name in `counters.behaviours`. */
function takeCount(ctx: ApiContext, name: 'fileInfoOwnerLocked' | 'tokenCdnRequired' | 'tokenCdnRequired200'): boolean {
  if (ctx.core.faults[name] <= 0) return false;
  ctx.core.faults[name]--;
  ctx.core.noteBehaviour(name);
  return true;
}

function nonEmpty<T>(list: T[], field: string): T[] {
  if (list.length === 0) throw Errors.wrongType(field, 'a non-empty array');
  if (list.length > 1000) throw Errors.tooMany(1000);
  return list;
}

// ---------- endpoints ----------

export const endpoints: Record<string, Endpoint> = {
  'upload/get_upload_server.cgi': {
    methods: ['GET', 'POST'],
    schema: { ...pretty },
    handle(ctx) {
      const id = newUploadId();
      ctx.core.store.uploads.set(id, {
        id,
        owner: ctx.user.id,
        createdAt: ctx.core.now(),
        usedAt: null,
        completedAt: null,
        files: [],
      });
      ctx.core.store.save();
      return { url: ctx.core.uploadHost, id };
    },
  },

  'download/get_token.cgi': {
    methods: ['POST'],
    schema: {
      url: 'string',
      inline: 'flag',
      cdn: 'flag',
      restrict_ip: { kind: 'int-range', min: 0, max: 2 },
      single: 'flag',
      pass: 'string',
      no_ssl: 'flag',
      folder_id: 'int',
      filename: 'string',
      sharing_user: 'string',
      ...pretty,
    },
    handle(ctx) {
      const b = ctx.body;
      if (!ctx.user.premium) {
        if (ctx.core.faults.notCustomer200) ctx.core.noteBehaviour('notCustomer200');
        throw Errors.notCustomer(ctx.core.faults.notCustomer200 ? 200 : 236);
      }
      const { guard, limits } = ctx.core;
      guard.spend({ name: 'get_token', key: `get_token:${ctx.ip}`, windowMs: limits.tokenWindowMs, ip: ctx.ip });
      // The data-centre refusal: a token through the CDN (cdn: 1) is what it asks for, so that one passes.
      if (b.cdn !== 1) {
        if (takeCount(ctx, 'tokenCdnRequired')) throw Errors.cdnRequired(403);
        if (takeCount(ctx, 'tokenCdnRequired200')) throw Errors.cdnRequired(200);
      }
      if (ctx.core.faults.tokenKo > 0) {
        ctx.core.faults.tokenKo--;
        ctx.core.counters.tokenKo++;
        throw new ApiError('Temporary error, please retry #732', 200);
      }
      let file: FileRecord | undefined;
      if (b.url !== undefined) {
        const link = parseFileUrl(b.url as string);
        file = link === undefined ? undefined : ctx.core.store.files.get(link.id);
        if (file && !onItsDomain(ctx, file, link!.domain)) file = undefined;
      } else if (b.folder_id !== undefined) {
        checkSharingUser(ctx, b.sharing_user);
        if (b.filename === undefined) throw Errors.missingField('filename');
        requireFolder(ctx, b.folder_id as number);
        file = filesIn(ctx, b.folder_id as number, false).find((f) => f.filename === b.filename);
      } else {
        throw Errors.missingField('url');
      }
      if (!file) throw fileNotFound(ctx);
      // Other people's protected or ACL-limited files; the owner's own files are never refused.
      checkAccess(ctx, file, b.pass);
      const token = randomString(24, 'abcdefghijklmnopqrstuvwxyz0123456789');
      ctx.core.store.tokens.set(token, {
        token,
        fileId: file.id,
        ip: ctx.ip,
        expiresAt: ctx.core.now() + ctx.core.options.tokenTtlMs,
        single: b.single === 1,
        used: false,
        inline: b.inline === 1 || file.inline === 1,
      });
      ctx.core.store.save();
      return { status: 'OK', url: `${ctx.core.downloadBaseUrl}/${token}` };
    },
  },

  'file/ls.cgi': {
    methods: ['POST'],
    schema: { folder_id: req('int'), sent_before: 'date', sent_after: 'date', sharing_user: 'string', ...pretty },
    handle(ctx) {
      const b = ctx.body;
      const folderId = b.folder_id as number;
      checkSharingUser(ctx, b.sharing_user);
      let files: FileRecord[];
      const now = ctx.core.now();
      const { guard, limits } = ctx.core;
      guard.spendListing(ctx.ip);
      if (folderId === -1) {
        guard.spend({
          name: 'list-all',
          key: `file/ls-all:${ctx.user.id}`,
          windowMs: limits.listAllWindowMs,
          ip: ctx.ip,
          user: ctx.user.id,
        });
        files = [...ctx.core.store.files.values()].filter((f) => f.owner === ctx.user.id && f.visibleAt <= now);
        files.push(...[...ctx.core.lingering.values()].filter((l) => l.goneAt > now && l.file.owner === ctx.user.id).map((l) => l.file));
      } else {
        if (folderId < 0) throw Errors.folderNotFound();
        requireFolder(ctx, folderId);
        guard.spend({
          name: 'folder listing',
          key: `file/ls:${ctx.user.id}:${folderId}`,
          windowMs: limits.folderListWindowMs,
          ip: ctx.ip,
          user: ctx.user.id,
        });
        files = filesIn(ctx, folderId, true);
      }
      let items = files.map(listItem);
      if (typeof b.sent_before === 'string') items = items.filter((i) => i.date < (b.sent_before as string));
      if (typeof b.sent_after === 'string') items = items.filter((i) => i.date > (b.sent_after as string));
      items = capped(ctx, items);
      // Empty folders come back without `items` (the reference says absent or empty: be the stricter one).
      return items.length ? { status: 'OK', count: items.length, items } : { status: 'OK', count: 0 };
    },
  },

  'folder/ls.cgi': {
    methods: ['POST'],
    schema: { folder_id: req('int'), files: 'flag', sharing_user: 'string', ...pretty },
    handle(ctx) {
      const b = ctx.body;
      const folderId = b.folder_id as number;
      checkSharingUser(ctx, b.sharing_user);
      if (folderId < 0) throw Errors.folderNotFound();
      const folder = folderOf(ctx, folderId);
      ctx.core.guard.spendListing(ctx.ip);
      ctx.core.guard.spend({
        name: 'folder listing',
        key: `folder/ls:${ctx.user.id}:${folderId}`,
        windowMs: ctx.core.limits.folderListWindowMs,
        ip: ctx.ip,
        user: ctx.user.id,
      });
      const visible = filesIn(ctx, folderId, true);
      const out: Record<string, unknown> = {
        status: 'OK',
        folder_id: folderId,
        name: folder ? folder.name : 'Root',
        size: null,
        files: visible.length,
        sub_folders: capped(ctx, [...childFolders(ctx, folderId), ...loopedFolders(ctx, folder)]).map((f) => ({
          id: f.id,
          name: f.name,
          create_date: parisDate(f.createdAt),
          pass: f.share.pass ? 1 : 0,
        })),
      };
      if (folder) {
        out.create_date = parisDate(folder.createdAt);
        out.pass = folder.share.pass ? 1 : 0;
        if (folder.share.enabled && folder.share.url) out.shared = folder.share.url;
        if (folder.share.shares.length) out.shares = folder.share.shares;
      }
      if (b.files === 1) out.items = capped(ctx, visible).map(listItem);
      return out;
    },
  },

  'folder/mkdir.cgi': {
    methods: ['POST'],
    schema: { name: req('string'), folder_id: 'int', sharing_user: 'string', ...pretty },
    handle(ctx) {
      const name = ctx.body.name as string;
      const parentId = (ctx.body.folder_id as number | undefined) ?? ROOT_ID;
      checkSharingUser(ctx, ctx.body.sharing_user);
      checkName(name);
      requireFolder(ctx, parentId);
      if (childFolders(ctx, parentId).some((f) => f.name === name)) throw Errors.folderExists(name);
      const id = ctx.core.store.allocateFolderId();
      ctx.core.store.folders.set(id, {
        id,
        owner: ctx.user.id,
        parentId,
        name,
        createdAt: ctx.core.now(),
        share: { enabled: false, url: null, pass: null, shares: [] },
      });
      ctx.core.store.save();
      return { status: 'OK', message: 'Folder created', folder_id: id, name };
    },
  },

  'folder/rm.cgi': {
    methods: ['POST'],
    schema: { folder_id: req('int'), ...pretty },
    handle(ctx) {
      const id = ctx.body.folder_id as number;
      if (id === ROOT_ID) throw Errors.rootForbidden();
      const folder = folderOf(ctx, id)!;
      // Lagging (not yet listed) files count: the folder is not empty, whatever the listing says. So do
      // removed files that still linger (removalLagMs): the C# SDK's live-tested RemoveFolder waits for them.
      if (childFolders(ctx, id).length > 0 || filesIn(ctx, id, false).length > 0) throw Errors.folderNotEmpty();
      if (ctx.core.lingeringIn(ctx.user.id, id).length > 0) {
        ctx.core.noteBehaviour('removalLagMs');
        throw Errors.folderNotEmpty();
      }
      ctx.core.store.folders.delete(folder.id);
      ctx.core.store.save();
      return { status: 'OK', message: 'Folder removed' };
    },
  },

  'folder/mv.cgi': {
    methods: ['POST'],
    schema: { folder_id: req('int'), destination_folder_id: 'int', destination_user: 'string', rename: 'string', ...pretty },
    handle(ctx) {
      const b = ctx.body;
      const id = b.folder_id as number;
      if (id === ROOT_ID) throw Errors.rootForbidden();
      const folder = folderOf(ctx, id)!;
      checkSharingUser(ctx, b.destination_user);
      const oldName = folder.name;
      const rename = typeof b.rename === 'string' && b.rename !== '' ? b.rename : undefined;
      if (rename !== undefined) checkName(rename);
      // With `rename` and a destination, the folder is moved AND renamed in one call: rclone >= 1.64 sends
      // this form for every directory move, and its live test (FsDirMove) passes. With `rename` alone it is
      // renamed where it is (the doc's "rename ignores destination_*"; rclone omits the destination for the
      // root). Without `rename`, a missing destination is the root (rclone's move form).
      const dest =
        rename !== undefined && b.destination_folder_id === undefined
          ? folder.parentId
          : ((b.destination_folder_id as number | undefined) ?? ROOT_ID);
      requireFolder(ctx, dest);
      for (let p = dest; p !== ROOT_ID; p = ctx.core.store.folders.get(p)!.parentId) {
        if (p === id) throw Errors.folderCycle();
      }
      const newName = rename ?? folder.name;
      if (childFolders(ctx, dest).some((f) => f.id !== id && f.name === newName)) throw Errors.folderExists(newName);
      folder.parentId = dest;
      folder.name = newName;
      ctx.core.store.save();
      return { status: 'OK', message: 'Folder moved', old_name: oldName, new_name: folder.name };
    },
  },

  'folder/share.cgi': {
    methods: ['POST'],
    schema: {
      folder_id: req('int'),
      share: req('flag'),
      pass: 'string',
      shares: { kind: 'array', of: { kind: 'object', fields: { email: req('string'), rw: 'flag', hide_links: 'flag' } } },
      ...pretty,
    },
    handle(ctx) {
      const b = ctx.body;
      const id = b.folder_id as number;
      if (id === ROOT_ID) throw Errors.rootForbidden();
      const folder = folderOf(ctx, id)!;
      checkPassword(b.pass);
      const s = folder.share;
      s.enabled = b.share === 1;
      if (s.enabled && !s.url) s.url = SHARE_URL_PREFIX + randomString(8);
      if (typeof b.pass === 'string') s.pass = b.pass === '' ? null : b.pass;
      if (Array.isArray(b.shares)) {
        s.shares = (b.shares as { email: string; rw?: number; hide_links?: number }[]).map((x) => ({
          email: x.email,
          rw: x.rw ?? 0,
          hide_links: x.hide_links ?? 0,
        }));
      }
      ctx.core.store.save();
      return s.enabled ? { status: 'OK', message: 'Folder shared', url: s.url } : { status: 'OK', message: 'Folder is not shared' };
    },
  },

  'file/info.cgi': {
    methods: ['POST'],
    schema: { url: req('string'), pass: 'string', folder_id: 'int', filename: 'string', sharing_user: 'string', ...pretty },
    handle(ctx) {
      ctx.core.guard.spendFileInfo(ctx.ip);
      if (takeCount(ctx, 'fileInfoOwnerLocked')) throw Errors.ownerLocked(649);
      const f = ctx.core.faults.othersPublicInfo ? anyFile(ctx, ctx.body.url as string) : ownFile(ctx, ctx.body.url as string);
      const publicFields = {
        url: fileUrl(f.id, f.domain),
        filename: f.filename,
        size: f.size,
        date: parisDate(f.createdAt),
        checksum: f.whirlpool,
        'content-type': f.contentType,
        description: f.description,
        pass: f.pass ? 1 : 0,
      };
      if (f.owner !== ctx.user.id) {
        // Someone else's file: the public fields only, after its password and access list.
        ctx.core.noteBehaviour('othersPublicInfo');
        checkAccess(ctx, f, ctx.body.pass);
        return publicFields;
      }
      if (ctx.core.faults.infoWithoutFolderId) ctx.core.noteBehaviour('infoWithoutFolderId');
      return {
        ...publicFields,
        path: folderPath(ctx, f.folderId),
        ...(ctx.core.faults.infoWithoutFolderId ? {} : { folder_id: f.folderId }),
        no_ssl: f.noSsl,
        inline: f.inline,
        cdn: f.cdn,
        acl: f.acl,
      };
    },
  },

  'file/rm.cgi': {
    methods: ['POST'],
    schema: { files: req({ kind: 'array', of: { kind: 'object', fields: { url: req('string'), code: 'string' } } }), ...pretty },
    handle(ctx) {
      const list = nonEmpty(ctx.body.files as { url: string }[], 'files');
      // All or nothing: a KO never leaves half the batch removed. A removed file that still lingers in
      // listings (removalLagMs) is accepted again: the C# SDK's live-tested loop removes what it still lists.
      const files = list.map((x) => lingeringFile(ctx, x.url) ?? ownFile(ctx, x.url));
      const unique = [...new Map(files.map((f) => [f.id, f])).values()];
      for (const f of unique) if (ctx.core.store.files.has(f.id)) ctx.core.removeFile(f.id);
      ctx.core.store.save();
      return { status: 'OK', removed: unique.length, urls: unique.map((f) => fileUrl(f.id, f.domain)) };
    },
  },

  'file/mv.cgi': {
    methods: ['POST'],
    schema: { urls: req('string[]'), destination_folder_id: req('int'), destination_user: 'string', rename: 'string', ...pretty },
    handle(ctx) {
      const b = ctx.body;
      const files = nonEmpty(b.urls as string[], 'urls').map((u) => ownFile(ctx, u));
      checkSharingUser(ctx, b.destination_user);
      const dest = b.destination_folder_id as number;
      requireFolder(ctx, dest);
      let rename: string | undefined;
      if (b.rename !== undefined) {
        if (files.length !== 1) throw Errors.renameNeedsOneUrl();
        rename = b.rename as string;
        checkName(rename);
        // Since ~2024 the service rejects a move whose rename equals the current name (docs/api-notes.md#files).
        if (rename === files[0]!.filename) throw Errors.notMoved();
        // A "move" into the folder the file is already in answered OK and renamed nothing (docs/api-notes.md#files).
        if (ctx.core.faults.sameFolderMoveKeepsName && files[0]!.folderId === dest) {
          ctx.core.noteBehaviour('sameFolderMoveKeepsName');
          rename = undefined;
        }
      }
      for (const f of files) {
        f.folderId = dest;
        if (rename !== undefined) f.filename = rename;
      }
      ctx.core.store.save();
      const out: Record<string, unknown> = {
        status: 'OK',
        message: 'Files moved',
        moved: files.length,
        urls: files.map((f) => fileUrl(f.id, f.domain)),
      };
      if (rename !== undefined) out.filename = rename;
      return out;
    },
  },

  'file/rename.cgi': {
    methods: ['POST'],
    schema: {
      urls: req({ kind: 'array', of: { kind: 'object', fields: { url: req('string'), filename: req('string') } } }),
      ...pretty,
    },
    handle(ctx) {
      const list = nonEmpty(ctx.body.urls as { url: string; filename: string }[], 'urls');
      const pairs = list.map((x) => {
        checkName(x.filename);
        return { file: ownFile(ctx, x.url), filename: x.filename };
      });
      const renamed: { url: string; old_filename: string; new_filename: string }[] = [];
      for (const { file, filename } of pairs) {
        if (file.filename === filename) continue;
        renamed.push({ url: fileUrl(file.id, file.domain), old_filename: file.filename, new_filename: filename });
        file.filename = filename;
      }
      if (renamed.length === 0) throw Errors.notRenamed();
      ctx.core.store.save();
      return { status: 'OK', message: 'Files renamed', renamed: renamed.length, urls: renamed };
    },
  },

  'file/cp.cgi': {
    methods: ['POST'],
    schema: { urls: req('string[]'), folder_id: req('int'), rename: 'string', pass: 'string', sharing_user: 'string', ...pretty },
    handle(ctx) {
      const b = ctx.body;
      const files = nonEmpty(b.urls as string[], 'urls').map((u) => ownFile(ctx, u));
      checkSharingUser(ctx, b.sharing_user);
      const dest = b.folder_id as number;
      requireFolder(ctx, dest);
      let rename: string | undefined;
      if (b.rename !== undefined) {
        if (files.length !== 1) throw Errors.renameNeedsOneUrl();
        rename = b.rename as string;
        checkName(rename);
      }
      const urls = files.map((f) => {
        const copy = newFileFrom(ctx, f, dest, rename ?? f.filename);
        return { from_url: fileUrl(f.id, f.domain), to_url: fileUrl(copy.id, copy.domain) };
      });
      ctx.core.store.save();
      const out: Record<string, unknown> = { status: 'OK', message: 'Files copied', copied: urls.length, urls };
      if (rename !== undefined) out.filename = rename;
      return out;
    },
  },

  'file/chattr.cgi': {
    methods: ['POST'],
    schema: {
      urls: req('string[]'),
      filename: 'string',
      description: 'string',
      pass: 'string',
      no_ssl: 'flag',
      inline: 'flag',
      cdn: 'flag',
      acl: { kind: 'object', fields: aclSchema },
      ...pretty,
    },
    handle(ctx) {
      const b = ctx.body;
      const files = nonEmpty(b.urls as string[], 'urls').map((u) => ownFile(ctx, u));
      if (b.filename !== undefined) {
        if (files.length !== 1) throw Errors.renameNeedsOneUrl();
        checkName(b.filename as string);
      }
      if (typeof b.description === 'string' && b.description.length > 2000)
        throw Errors.wrongType('description', 'at most 2000 characters');
      checkPassword(b.pass);
      const acl = b.acl as Partial<FileRecord['acl']> | undefined;
      for (const f of files) {
        if (b.filename !== undefined) f.filename = b.filename as string;
        if (b.description !== undefined) f.description = b.description as string;
        if (b.pass !== undefined) f.pass = b.pass === '' ? null : (b.pass as string);
        if (b.no_ssl !== undefined) f.noSsl = b.no_ssl as number;
        if (b.inline !== undefined) f.inline = b.inline as number;
        if (b.cdn !== undefined) f.cdn = b.cdn as number;
        if (acl) f.acl = { ip: acl.ip ?? [], country: acl.country ?? [], email: acl.email ?? [], premium: acl.premium ?? 0 };
      }
      ctx.core.store.save();
      return { status: 'OK', updated: files.length, urls: files.map((f) => fileUrl(f.id, f.domain)) };
    },
  },

  'file/scan.cgi': {
    methods: ['POST'],
    schema: { url: req('string'), ...pretty },
    handle(ctx) {
      const f = ownFile(ctx, ctx.body.url as string);
      if (f.size >= 5e9) throw new ApiError('Scan is only available for files under 5 GB #733');
      return { status: 'OK', message: 'No virus found', date: parisDate(ctx.core.now()) };
    },
  },

  'user/info.cgi': {
    methods: ['POST'],
    schema: {
      ftp_mode: 'flag',
      ftp_did: 'int',
      ftp_report: 'flag',
      ru_report: 'flag',
      default_domain: { kind: 'int-range', min: 0, max: 10 },
      page_limit: 'int',
      default_port: 'flag',
      default_port_files: 'flag',
      use_cdn: 'flag',
      download_menu: 'flag',
      ...pretty,
    },
    handle(ctx) {
      const { guard, limits } = ctx.core;
      // JDownloader fetchAccountInfoAPI: an overrun answers "Flood detected: IP Locked #38" and locks only
      // this endpoint ("downloads via API will still work") when the profile scopes it so.
      const endpoint = limits.userInfoLockScope === 'endpoint' ? 'user/info.cgi' : undefined;
      const scope = endpoint === undefined ? {} : { endpoint };
      guard.spend({ name: 'user/info', key: `user/info:ip:${ctx.ip}`, windowMs: limits.userInfoIpWindowMs, ip: ctx.ip, ...scope });
      guard.spend({
        name: 'user/info',
        key: `user/info:user:${ctx.user.id}`,
        windowMs: limits.userInfoUserWindowMs,
        ip: ctx.ip,
        user: ctx.user.id,
        ...scope,
      });
      const changes = Object.fromEntries(Object.entries(ctx.body).filter(([k]) => k !== 'pretty')) as Record<string, number>;
      if (Object.keys(changes).length) {
        if (changes.ftp_did !== undefined && changes.ftp_did !== ROOT_ID) requireFolder(ctx, changes.ftp_did);
        ctx.core.store.settings.set(ctx.user.id, { ...ctx.core.store.settings.get(ctx.user.id), ...changes });
        ctx.core.store.save();
      }
      return ctx.core.userInfo(ctx.user);
    },
  },

  'remote/request.cgi': {
    methods: ['POST'],
    schema: { urls: req('string[]'), folder_id: 'int', headers: headersSpec, ...pretty },
    handle(ctx) {
      const b = ctx.body;
      const urls = nonEmpty(b.urls as string[], 'urls');
      if (urls.length > 100) throw Errors.tooMany(100);
      for (const u of urls) {
        let parsed: URL;
        try {
          parsed = new URL(u);
        } catch {
          throw Errors.remoteUrlRefused(u);
        }
        if (!/^https?:$/.test(parsed.protocol) || !isLoopbackHost(parsed.hostname)) throw Errors.remoteUrlRefused(u);
      }
      const folderId = (b.folder_id as number | undefined) ?? ROOT_ID;
      requireFolder(ctx, folderId);
      const headers: Record<string, string> = {};
      if (Array.isArray(b.headers)) {
        for (const line of b.headers as string[]) {
          const i = line.indexOf(':');
          headers[line.slice(0, i).trim()] = line.slice(i + 1).trim();
        }
      } else if (b.headers) {
        Object.assign(headers, b.headers);
      }
      const job = ctx.core.startRemoteJob(ctx.user, urls, folderId, headers);
      return { status: 'OK', id: job.id, date: parisDate(job.requestedAt), urls: job.urls, headers: b.headers ?? {} };
    },
  },

  'remote/ls.cgi': {
    methods: ['POST'],
    schema: { ...pretty },
    handle(ctx) {
      const data = [...ctx.core.store.remoteJobs.values()]
        .filter((j) => j.owner === ctx.user.id)
        .map((j) => ({
          id: j.id,
          request_date: parisDate(j.requestedAt),
          execution_date: j.executedAt === null ? '' : parisDate(j.executedAt),
        }));
      return { status: 'OK', data };
    },
  },

  'remote/info.cgi': {
    methods: ['POST'],
    schema: { id: req('int'), ...pretty },
    handle(ctx) {
      const job = ctx.core.store.remoteJobs.get(ctx.body.id as number);
      if (!job || job.owner !== ctx.user.id) throw Errors.remoteJobNotFound();
      return {
        id: job.id,
        request_date: parisDate(job.requestedAt),
        execution_date: job.executedAt === null ? '' : parisDate(job.executedAt),
        links: job.results.filter((r) => r.status === 'OK').map((r) => r.download_link),
        result: job.results,
      };
    },
  },
};
