/**
 * The per-endpoint policy table: for each call of the API, the budget window it counts against (on top of
 * the account's pace) and the cached listings a successful call makes stale. budgets.ts applies it; no other
 * file knows which endpoint has a budget or which listings a change touches. Where a budget comes from is in
 * docs/api-notes.md#rate-limits-and-budgets.
 *
 * Other per-endpoint facts belong here too, as new columns: `replay` says whether a call may be sent again after
 * a lost answer; which lock or budget scope a flood answer covers is the next one.
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

/**
 * Whether a call may be sent again after its answer was lost (the request may have reached the service):
 * 'safe' when sending it again leaves the same state, 'reconcile' when it could make the change twice; the
 * pipeline never replays those, and their endpoint group looks at the state instead (endpoints/reconcile.ts).
 */
export type ReplayRule = 'safe' | 'reconcile';

export interface EndpointPolicy {
  /** The budget window the call counts against; without one, only the account's pace applies. */
  budget?: (scope: CallScope, limits: LimitOptions) => BudgetWindow;
  /** Which cached answers (by budget key) a successful call makes stale. */
  invalidates?: (scope: CallScope) => (budgetKey: string) => boolean;
  /**
   * A pace of its own on the IP, on top of the IP's pace (lanes.ts): `lane` names it, so endpoints that the
   * service counts together share it (file/ls and folder/ls); `cautiousFactor` is how many times slower it
   * goes after a flood lock at least.
   */
  ownPace?: { lane: string; intervalMs: (limits: LimitOptions) => number; cautiousFactor: number; why: string };
  /** Flood codes that lock only this endpoint for the IP, and how long such a lock is taken to last (lanes.ts). */
  ownLock?: { codes: readonly number[]; ms: (limits: LimitOptions) => number };
  /** After a lost answer; absent = 'safe' (reads). */
  replay?: ReplayRule;
}

const fileList = (folder: number | 'all' | undefined) => `file/ls:${folder ?? 0}`;
const folderList = (folder: number | 'all' | undefined) => `folder/ls:${folder ?? 0}`;

/** A new file in a folder: that folder's listings and the whole-account listing. */
const newFileIn = (s: CallScope) => (k: string) => k === fileList(s.folderId) || k === folderList(s.folderId) || k === fileList('all');
/** Files addressed by URL: their folders are unknown, so every listing may be stale. */
const anyListing = () => (k: string) => k.startsWith('file/ls:') || k.startsWith('folder/ls:');
/** A folder renamed, moved or shared: every sub-folder list may show it. */
const anyFolderList = () => (k: string) => k.startsWith('folder/ls:');

/**
 * Every listing of the IP, whatever the folder: "1 directory listing every 3 seconds in general", on top of
 * the per-folder window (rclone's fichier maintainer: docs/api-notes.md#rate-limits-and-budgets). Tree walks list folder after
 * folder, so they all take their turns here.
 */
const LISTING_PACE: EndpointPolicy['ownPace'] = {
  lane: 'listing',
  intervalMs: (l) => l.listingIntervalMs,
  cautiousFactor: 2,
  why: 'list folders too often',
};

export const ENDPOINT_POLICIES: Readonly<Partial<Record<Endpoint, EndpointPolicy>>> = {
  'file/ls.cgi': {
    budget: (s, l) =>
      s.folderId === 'all'
        ? { key: fileList('all'), intervalMs: l.accountListIntervalMs }
        : { key: fileList(s.folderId), intervalMs: l.folderListIntervalMs },
    ownPace: LISTING_PACE,
  },
  'folder/ls.cgi': { budget: (s, l) => ({ key: folderList(s.folderId), intervalMs: l.folderListIntervalMs }), ownPace: LISTING_PACE },
  // JDownloader (OneFichierCom.java requestFileInformationAPI, 2022-12-10): "Do not use this frequently as it
  // will cause IP-blocks!!"; its 2025 release turned single-file API checks off by default ("Owner locked #649").
  'file/info.cgi': {
    ownPace: { lane: 'file/info.cgi', intervalMs: (l) => l.fileInfoIntervalMs, cautiousFactor: 4.4, why: 'check files too often' },
  },
  // JDownloader fetchAccountInfoAPI: "Flood detected: IP Locked #38 [DOWNLOADS VIA API WILL STILL WORK!!]" after
  // more than one call per ~5 minutes; it then keeps its cached account info.
  'user/info.cgi': {
    budget: (_s, l) => ({ key: 'user/info', intervalMs: l.userInfoIntervalMs }),
    ownLock: { codes: [38], ms: (l) => l.userInfoIntervalMs },
  },
  // The flood reports come from the download path (pyload's maintainer; JDownloader's wait between small files:
  // docs/api-notes.md#rate-limits-and-budgets).
  // It falls to 11 s at 2.5 s after a lock: JDownloader's 10 s wait between small files plus a tenth, since a
  // budget window (unlike the IP's bucket) leaves no room for network jitter.
  'download/get_token.cgi': {
    ownPace: {
      lane: 'download/get_token.cgi',
      intervalMs: (l) => l.tokenIntervalMs,
      cautiousFactor: 4.4,
      why: 'ask for download links too often',
    },
  },

  // Each change below says what sending it again after a lost answer would do (docs/api-notes.md#lost-answers:
  // copyFiles made two copies, remoteUpload two jobs, createFolder failed #731 after creating, moveFiles with
  // a rename failed #722 after moving), and how its group reconciles instead.
  // The upload POST is never replayed by the pipeline; upload/upload.ts asks end.pl, then the folder's listing.
  'upload.cgi': { invalidates: newFileIn, replay: 'reconcile' },
  // A second request starts a second job: remote/ls before and after tells whether the first one exists.
  'remote/request.cgi': { invalidates: newFileIn, replay: 'reconcile' },
  // A second copy is a duplicate: the destination's listing shows whether the copy (name and checksum) exists.
  'file/cp.cgi': { invalidates: newFileIn, replay: 'reconcile' },
  // Sent again after it was applied, the files are gone: the "not found" answer then means "removed".
  'file/rm.cgi': { invalidates: anyListing, replay: 'reconcile' },
  // Sent again after it was applied, a rename is refused (#722, docs/api-notes.md#files): file/info shows the folder and name.
  'file/mv.cgi': { invalidates: anyListing, replay: 'reconcile' },
  // Sent again after it was applied: "No file has been renamed #312" (docs/api-notes.md#envelope-and-error-codes), which then means "renamed".
  'file/rename.cgi': { invalidates: anyListing, replay: 'reconcile' },
  // Sets the same attributes again: the same state.
  'file/chattr.cgi': { invalidates: anyListing, replay: 'safe' },
  // A second mkdir is refused (#731) or makes a second folder of that name: the parent's listing shows it.
  'folder/mkdir.cgi': { invalidates: (s) => (k) => k === folderList(s.parentId), replay: 'reconcile' },
  // The removed folder's own listings, every sub-folder list (its parent's among them) and the account listing.
  // Sent again after it was applied, the folder is gone: "not found" then means "removed".
  'folder/rm.cgi': {
    invalidates: (s) => (k) => k.startsWith('folder/ls:') || k === fileList(s.folderId) || k === fileList('all'),
    replay: 'reconcile',
  },
  // What a move or rename sent again answers once applied is unknown (evidence item 6): the destination's listing shows it.
  'folder/mv.cgi': { invalidates: anyFolderList, replay: 'reconcile' },
  // Sets the same sharing state again; the share link stays the same.
  'folder/share.cgi': { invalidates: anyFolderList, replay: 'safe' },
};

/** The endpoint's replay rule after a lost answer. */
export function replayRule(endpoint: Endpoint): ReplayRule {
  return ENDPOINT_POLICIES[endpoint]?.replay ?? 'safe';
}
