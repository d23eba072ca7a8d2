/**
 * The per-endpoint policy table: for each call of the API, the budget window it counts against (on top of
 * the account's pace) and the cached listings a successful call makes stale. budgets.ts applies it; no other
 * file knows which endpoint has a budget or which listings a change touches. Where a budget comes from is in
 * docs/api-notes.md#rate-limits-and-budgets.
 *
 * Other per-endpoint facts belong here too, as new columns: whether a call may be replayed after a lost
 * answer, and which lock or budget scope a flood answer covers.
 */
import type { LimitOptions } from '../types';

/** Every call the client makes; the last three go to the upload node and the download host, not the API host. */
export type Endpoint =
  | 'upload/get_upload_server.cgi'
  | 'download/get_token.cgi'
  | 'file/ls.cgi'
  | 'file/info.cgi'
  | 'file/rm.cgi'
  | 'file/mv.cgi'
  | 'file/rename.cgi'
  | 'file/cp.cgi'
  | 'file/chattr.cgi'
  | 'file/scan.cgi'
  | 'folder/ls.cgi'
  | 'folder/mkdir.cgi'
  | 'folder/rm.cgi'
  | 'folder/mv.cgi'
  | 'folder/share.cgi'
  | 'remote/request.cgi'
  | 'remote/ls.cgi'
  | 'remote/info.cgi'
  | 'user/info.cgi'
  | 'upload.cgi'
  | 'end.pl'
  | 'download';

/** What a call is about, as far as budgets and invalidation care: the folder it lists or changes. */
export interface CallScope {
  /** The listed folder ('all': the whole account), or the folder that receives new files. */
  folderId?: number | 'all';
  /** The folder a new sub-folder is created in. */
  parentId?: number;
}

/** A budget window: at most one call per `intervalMs` for this key. */
export interface BudgetWindow {
  key: string;
  intervalMs: number;
}

export interface EndpointPolicy {
  /** The budget window the call counts against; without one, only the account's pace applies. */
  budget?: (scope: CallScope, limits: LimitOptions) => BudgetWindow;
  /** Which cached answers (by budget key) a successful call makes stale. */
  invalidates?: (scope: CallScope) => (budgetKey: string) => boolean;
  /** A spacing of its own between two calls from the IP, on top of the IP's pace (lanes.ts). */
  ownPace?: (limits: LimitOptions) => number;
  /** Flood codes that lock only this endpoint for the IP, and how long such a lock is taken to last (lanes.ts). */
  ownLock?: { codes: readonly number[]; ms: (limits: LimitOptions) => number };
}

const fileList = (folder: number | 'all' | undefined) => `file/ls:${folder ?? 0}`;
const folderList = (folder: number | 'all' | undefined) => `folder/ls:${folder ?? 0}`;

/** A new file in a folder: that folder's listings and the whole-account listing. */
const newFileIn = (s: CallScope) => (k: string) => k === fileList(s.folderId) || k === folderList(s.folderId) || k === fileList('all');
/** Files addressed by URL: their folders are unknown, so every listing may be stale. */
const anyListing = () => (k: string) => k.startsWith('file/ls:') || k.startsWith('folder/ls:');
/** A folder renamed, moved or shared: every sub-folder list may show it. */
const anyFolderList = () => (k: string) => k.startsWith('folder/ls:');

export const ENDPOINT_POLICIES: Readonly<Partial<Record<Endpoint, EndpointPolicy>>> = {
  'file/ls.cgi': {
    budget: (s, l) =>
      s.folderId === 'all'
        ? { key: fileList('all'), intervalMs: l.accountListIntervalMs }
        : { key: fileList(s.folderId), intervalMs: l.folderListIntervalMs },
  },
  'folder/ls.cgi': { budget: (s, l) => ({ key: folderList(s.folderId), intervalMs: l.folderListIntervalMs }) },
  // JDownloader fetchAccountInfoAPI: "Flood detected: IP Locked #38 [DOWNLOADS VIA API WILL STILL WORK!!]" after
  // more than one call per ~5 minutes; it then keeps its cached account info.
  'user/info.cgi': {
    budget: (_s, l) => ({ key: 'user/info', intervalMs: l.userInfoIntervalMs }),
    ownLock: { codes: [38], ms: (l) => l.userInfoIntervalMs },
  },
  // The flood reports come from the download path (pyload #4371; JDownloader's wait between small files).
  'download/get_token.cgi': { ownPace: (l) => l.tokenIntervalMs },

  'upload.cgi': { invalidates: newFileIn },
  'remote/request.cgi': { invalidates: newFileIn },
  'file/cp.cgi': { invalidates: newFileIn },
  'file/rm.cgi': { invalidates: anyListing },
  'file/mv.cgi': { invalidates: anyListing },
  'file/rename.cgi': { invalidates: anyListing },
  'file/chattr.cgi': { invalidates: anyListing },
  'folder/mkdir.cgi': { invalidates: (s) => (k) => k === folderList(s.parentId) },
  // The removed folder's own listings, every sub-folder list (its parent's among them) and the account listing.
  'folder/rm.cgi': { invalidates: (s) => (k) => k.startsWith('folder/ls:') || k === fileList(s.folderId) || k === fileList('all') },
  'folder/mv.cgi': { invalidates: anyFolderList },
  'folder/share.cgi': { invalidates: anyFolderList },
};
