/**
 * The service's documented limits, for every front end: what it accepts and how often an endpoint may be
 * called (docs/api-notes.md#rate-limits-and-budgets; the budgets are the ones rclone and the sandbox enforce). The client's
 * pacing defaults (policy/pacer.ts DEFAULT_LIMITS) are these budgets.
 */

/** Largest file the service accepts: 300 GB (decimal: 300e9 bytes). */
export const MAX_FILE_SIZE = 300e9;
/** Largest upload request: 500 GB in all. */
export const MAX_REQUEST_SIZE = 500e9;
/** Most files in one upload request. */
export const MAX_FILES_PER_UPLOAD = 500;
/** The service keeps a download token about 5 minutes. */
export const TOKEN_LIFETIME_MS = 300_000;
/** file/ls.cgi and folder/ls.cgi: one call per folder per 30 s, or a flood lock of the whole IP. */
export const FOLDER_LIST_INTERVAL_MS = 30_000;
/**
 * file/ls.cgi and folder/ls.cgi of any folder, from one IP: about one listing per 3 s (rclone's fichier
 * maintainer, docs/api-notes.md#rate-limits-and-budgets), so 3.3 s between two listings: a tenth of margin for
 * network jitter.
 */
export const LISTING_INTERVAL_MS = 3_300;
/** file/ls.cgi of the whole account (folder_id -1): one call per hour. */
export const ACCOUNT_LIST_INTERVAL_MS = 3_600_000;
/** user/info.cgi: one call per 5 minutes per account. */
export const USER_INFO_INTERVAL_MS = 300_000;
/** How long to wait after the download host's "Your requests are too fast" page before a new token (JDownloader's 30 s). */
export const DOWNLOAD_TOO_FAST_WAIT_MS = 30_000;
