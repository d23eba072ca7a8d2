/**
 * Every switch the sandbox can turn on, with its kind (how it is read and checked), what it does and the
 * evidence behind it (docs/api-notes.md holds it; a source names its section there). Two families share
 * one bag so that a test selects any of them the same way (`faults: {...}`, `--fault name=value`,
 * `POST /__sandbox/faults`):
 * - faults: transient failures the service or the network may produce at any time;
 * - behaviours: ways the real service is reported to behave that the plain sandbox does not show.
 * Profiles (profiles.ts) switch some of them on by default.
 */

/** Endpoints that change state: the lost-answer fault and the `mutations` counters apply to these. */
export const MUTATION_ENDPOINTS = [
  'folder/mkdir.cgi',
  'folder/rm.cgi',
  'folder/mv.cgi',
  'folder/share.cgi',
  'file/rm.cgi',
  'file/mv.cgi',
  'file/rename.cgi',
  'file/cp.cgi',
  'file/chattr.cgi',
  'remote/request.cgi',
  'upload.cgi',
] as const;
export type MutationEndpoint = (typeof MUTATION_ENDPOINTS)[number];

export interface Faults {
  // ---- faults ----
  /** Share (0..1) of API calls answered with a 5xx (500/502/503/504/509) before they are processed. */
  serverErrorRate: number;
  /** The next N uploads have their connection reset half-way through the body (nothing is stored). */
  uploadResets: number;
  /** Every API, upload-node and download answer is delayed by this many ms. */
  slowMs: number;
  /** `end.pl` answers an HTML "please wait" page until this many ms after the upload finished. */
  endPlWaitMs: number;
  /** The next N `end.pl` answers carry `links: []` (the files are stored all the same). */
  endPlNoLinks: number;
  /** The next N `get_token.cgi` answers are HTTP 200 with status KO (rclone re-requests these). */
  tokenKo: number;
  /** The next N mutations (of `lostAnswerEndpoints`) are applied, then their answer is lost. */
  lostAnswers: number;
  /** How an answer is lost: a 5xx page after the change, or the connection dropped without an answer. */
  lostAnswerMode: '5xx' | 'drop';
  /** Mutation endpoints the lost-answer fault applies to; empty = every mutation. */
  lostAnswerEndpoints: MutationEndpoint[];
  /** The next N API mutations (of `lostAnswerEndpoints`) are lost on the way: nothing is applied, the client sees a lost answer. */
  lostRequests: number;
  /** The next N authenticated API calls are answered 403 `Not authenticated #713`. */
  notAuthenticated: number;
  /** The next N API calls are answered by nginx's bare `403 Forbidden` HTML page, without a KO or a code. */
  bare403: number;
  /** The next N download-host GETs answer an HTML "Your requests are too fast" page with HTTP 200. */
  downloadTooFast: number;
  /** The next N download-host GETs answer an HTML "IP Locked" page with HTTP 200. */
  downloadIpLocked: number;
  /** The next N download-host GETs answer an HTML "maintenance" page with HTTP 503. */
  downloadMaintenance: number;
  /** The next N download-host GETs answer the HTML VPN/data-centre refusal page with HTTP 403. */
  downloadVpnRefused: number;
  /** The next N download-host GETs answer 302 to the same token on a second download host. */
  downloadRedirects: number;
  /** The next N download-host GETs send the file without a length, then bytes past its end (at most 32 MiB more). */
  downloadOverlong: number;
  /** The next N uploads are read, nothing is stored, and the node answers HTTP 200 "Ne peut ouvrir le fichier destination". */
  nodeCannotOpenDestination: number;
  /** The next N uploads are read, nothing is stored, and the node answers HTTP 200 "Pas de fichier trouv&eacute; dans l'envoi". */
  nodeNoFileFound: number;
  /** The next N get_token calls without `cdn: 1` are refused with HTTP 403 "… professional equipment, must have CDN #736". */
  tokenCdnRequired: number;
  /** The same refusal with HTTP 200 (its real status is unknown). */
  tokenCdnRequired200: number;
  /** The next N file/info.cgi calls are answered 403 "Owner locked #649" (too many file checks). */
  fileInfoOwnerLocked: number;
  // ---- behaviours ----
  /** A new file shows up in listings only this many ms after it was written. */
  listingLagMs: number;
  /** A removed file keeps showing in listings for this many ms, and folder/rm is refused until it is gone. */
  removalLagMs: number;
  /** An unknown or removed file answers HTTP 404 `Resource not found #469` (instead of 403 #707). */
  notFound469: boolean;
  /** file/info.cgi also answers for other accounts' files (public fields; #631 for protected ones). */
  othersPublicInfo: boolean;
  /** file/mv.cgi into the folder the file is already in, with `rename`, answers OK and renames nothing. */
  sameFolderMoveKeepsName: boolean;
  /** file/info.cgi answers without `folder_id` (no real answer is known to carry it). */
  infoWithoutFolderId: boolean;
  /** A file uploaded with a `domain` is found only by its link on that domain (file/info, get_token, rm, mv…). */
  domainBound: boolean;
  /** The download host sends `Content-Disposition: attachment; filename="<name as raw UTF-8 bytes>"`. */
  quotedFilename: boolean;
  /** A free key gets `Must be a customer (Premium, Access) #200` on get_token (instead of #236). */
  notCustomer200: boolean;
  /** Listings return at most N items (0 = the real service's cap of 5000). */
  listingCap: number;
  /** A listing's answer leaves this many ms after the listing was read: a change made meanwhile is not in it. */
  listingAnswerDelayMs: number;
  /** folder/ls of a folder (not the root) also lists that folder itself, or its parent, as one of its sub-folders. */
  listingLoop: 'off' | 'self' | 'parent';
}

export type FaultName = keyof Faults;

type FaultKind =
  | { kind: 'count' } // integer >= 0, consumed one per use
  | { kind: 'ms' } // duration, scaled by a profile's timeScale
  | { kind: 'share' } // 0..1
  | { kind: 'flag' }
  | { kind: 'mode'; modes: readonly string[] }
  | { kind: 'endpoints' };

export interface FaultSpec {
  family: 'fault' | 'behaviour';
  type: FaultKind;
  summary: string;
  /** Where the evidence comes from: a section of docs/api-notes.md, and the client or report it cites. */
  source: string;
  /** A value that switches it on, for tests that run every fault (the fault matrix). */
  example: Faults[FaultName];
}

const count = { kind: 'count' } as const;
const ms = { kind: 'ms' } as const;
const flag = { kind: 'flag' } as const;

export const FAULT_CATALOG: { [K in FaultName]: FaultSpec & { example: Faults[K] } } = {
  serverErrorRate: {
    family: 'fault',
    type: { kind: 'share' },
    summary: 'a share of API calls answered 500/502/503/504/509 before they are processed',
    source: 'rclone api.go retryErrorCodes (429, 403, 500, 502, 503, 504, 509)',
    example: 0.3,
  },
  uploadResets: {
    family: 'fault',
    type: count,
    summary: 'the next N uploads are reset half-way through the body; nothing is kept',
    source: 'network failure; rclone never re-POSTs an upload (api.go CallNoRetry)',
    example: 1,
  },
  slowMs: { family: 'fault', type: ms, summary: 'every answer is delayed', source: 'network latency', example: 400 },
  endPlWaitMs: {
    family: 'fault',
    type: ms,
    summary: 'end.pl answers an HTML "please wait" page for a while after an upload',
    source: 'docs/api-notes.md#endpl (rclone #4382, #7971: end.pl HTML answers)',
    example: 1000,
  },
  endPlNoLinks: {
    family: 'fault',
    type: count,
    summary: 'the next N end.pl answers carry links: [] (the files are stored all the same)',
    source: 'docs/api-notes.md#endpl (rclone #5152)',
    example: 2,
  },
  tokenKo: {
    family: 'fault',
    type: count,
    summary: 'the next N get_token answers are HTTP 200 with status KO',
    source: 'docs/api-notes.md#download-tokens-and-range (rclone fb305b5 retries get_token while status != "OK")',
    example: 2,
  },
  lostAnswers: {
    family: 'fault',
    type: count,
    summary: 'the next N mutations are applied, then their answer is lost (see lostAnswerMode, lostAnswerEndpoints)',
    source: 'docs/api-notes.md#lost-answers: copyFiles made two copies and remoteUpload two jobs after a lost answer',
    example: 1,
  },
  lostAnswerMode: {
    family: 'fault',
    type: { kind: 'mode', modes: ['5xx', 'drop'] },
    summary: 'how lostAnswers loses the answer: a 5xx page after the change, or a dropped connection',
    source: 'docs/api-notes.md#lost-answers',
    example: 'drop',
  },
  lostAnswerEndpoints: {
    family: 'fault',
    type: { kind: 'endpoints' },
    summary: 'the mutation endpoints lostAnswers applies to (empty = every mutation)',
    source: 'docs/api-notes.md#lost-answers',
    example: ['file/cp.cgi'],
  },
  lostRequests: {
    family: 'fault',
    type: count,
    summary:
      'the next N API mutations (of lostAnswerEndpoints) are lost before they are applied; the client sees a lost answer (lostAnswerMode)',
    source:
      'network failure before the request reached the service; an adversarial run saw removeFiles read the resend\'s "not found" as done',
    example: 1,
  },
  notAuthenticated: {
    family: 'fault',
    type: count,
    summary: 'the next N authenticated API calls are answered 403 "Not authenticated #713"',
    source: 'JDownloader OneFichierCom.java handleErrorsAPI ("Not authenticated #\\d+"; the real code is not known)',
    example: 1,
  },
  bare403: {
    family: 'fault',
    type: count,
    summary: "the next N API calls are answered by nginx's bare 403 Forbidden page (no KO, no code)",
    source: 'docs/api-notes.md#rate-limits-and-budgets (rclone 7f776c6: "403 Forbidden (may happen when request limit is exceeded)")',
    example: 1,
  },
  downloadTooFast: {
    family: 'fault',
    type: count,
    summary: 'the next N download GETs answer the HTML "Your requests are too fast" page with HTTP 200',
    source: 'JDownloader OneFichierCom.java handlePremium → errorHandlingWebsite',
    example: 1,
  },
  downloadIpLocked: {
    family: 'fault',
    type: count,
    summary: 'the next N download GETs answer an HTML "IP Locked" page with HTTP 200',
    source: 'JDownloader OneFichierCom.java errorHandlingWebsite',
    example: 1,
  },
  downloadMaintenance: {
    family: 'fault',
    type: count,
    summary: 'the next N download GETs answer the HTML maintenance page with HTTP 503',
    source: 'JDownloader OneFichierCom.java errorHandlingWebsite ("Our services are in maintenance", 503)',
    example: 1,
  },
  downloadVpnRefused: {
    family: 'fault',
    type: count,
    summary: 'the next N download GETs answer the HTML VPN/data-centre refusal page with HTTP 403',
    source: 'JDownloader OneFichierCom.java errorHandlingWebsite ("Premium status is only allowed to be used on residential…", 403)',
    example: 1,
  },
  downloadRedirects: {
    family: 'fault',
    type: count,
    summary: 'the next N download GETs answer 302 to the same token on a second download host',
    source: 'every real client follows redirects on the token URL (rclone object.go, JDownloader, Gizmo091, the C# SDK)',
    example: 1,
  },
  downloadOverlong: {
    family: 'fault',
    type: count,
    summary: 'the next N download GETs send the file without Content-Length, then up to 32 MiB of bytes past its end',
    source:
      'a hostile or broken host or proxy (chunked bodies have no length to stop at); an adversarial run wrote 24 MiB for a 1 MiB file',
    example: 1,
  },
  nodeCannotOpenDestination: {
    family: 'fault',
    type: count,
    summary:
      'the next N uploads are read and nothing is stored; the node answers HTTP 200 with its French page "Ne peut ouvrir le fichier destination"',
    source:
      'CSUploader 6267edb: fixture DestinationErrorHtml, "1 of 14 parallel uploads came back HTTP 200 with \'Ne peut ouvrir le fichier destination\'"; a fresh node took the file',
    example: 1,
  },
  nodeNoFileFound: {
    family: 'fault',
    type: count,
    summary: 'the next N uploads are read and nothing is stored; the node answers HTTP 200 "Pas de fichier trouv&eacute; dans l\'envoi"',
    source: 'CSUploader 2ae7101 and 6267edb: fixture NoFileFoundHtml (the live answer to a request whose file part it could not read)',
    example: 1,
  },
  tokenCdnRequired: {
    family: 'fault',
    type: count,
    summary: 'the next N get_token calls without cdn: 1 are refused, HTTP 403, "… professional equipment, must have CDN #736"',
    source:
      'JDownloader rev 53205 handleErrorsAPI ("professional equipment, must have CDN" → errorVPNUsed); the real code and status are unknown (#736 is the sandbox\'s)',
    example: 1,
  },
  tokenCdnRequired200: {
    family: 'fault',
    type: count,
    summary: 'tokenCdnRequired with HTTP 200 (a KO on 200, as get_token sends for other refusals)',
    source: 'JDownloader rev 53205 handleErrorsAPI; the status is unknown, so both are modelled',
    example: 1,
  },
  fileInfoOwnerLocked: {
    family: 'fault',
    type: count,
    summary: 'the next N file/info calls are answered 403 "Owner locked #649" (too many file checks)',
    source: 'JDownloader rev 53205 preferSingleLinkcheckViaAPI ("API linkcheck can cause errors like Owner locked #649 pretty quickly")',
    example: 1,
  },
  listingLagMs: {
    family: 'behaviour',
    type: ms,
    summary: 'new files show up in listings only after a while (file/info and folder/rm see them at once)',
    source: 'the upload doc ("Files may not be immediately available"); C# SDK waitForFileCached',
    example: 1000,
  },
  removalLagMs: {
    family: 'behaviour',
    type: ms,
    summary: 'removed files keep showing in listings for a while; folder/rm is refused (HTTP 200 KO #708) until they are gone',
    source: 'C# SDK (sanjusss/1fichier.SDK) commit b843b24, live-tested RemoveFolder loop',
    example: 1000,
  },
  notFound469: {
    family: 'behaviour',
    type: flag,
    summary: 'an unknown or removed file answers HTTP 404 "Resource not found #469" instead of 403 #707',
    source: 'JDownloader OneFichierCom.java requestFileInformationAPI ("Usually goes along with http response 404")',
    example: true,
  },
  othersPublicInfo: {
    family: 'behaviour',
    type: flag,
    summary: "file/info.cgi answers for other accounts' public files (protected or ACL-limited ones: #631)",
    source: 'JDownloader requestFileInformationAPI and Gizmo091 getFileName call it on arbitrary links',
    example: true,
  },
  sameFolderMoveKeepsName: {
    family: 'behaviour',
    type: flag,
    summary: 'file/mv.cgi into the folder the file is already in, with rename, answers OK and renames nothing',
    source: 'docs/api-notes.md#files (rclone #5421; rclone 3349b05 then used file/rename.cgi for same-folder moves)',
    example: true,
  },
  infoWithoutFolderId: {
    family: 'behaviour',
    type: flag,
    summary: "file/info.cgi answers without folder_id, so a client cannot learn the file's folder from it",
    source:
      'only the doc transcription and the C# SDK FileFullInfo.folderId (whose live tests would read a missing key as 0) name it; rclone, JDownloader and Gizmo091 never read it',
    example: true,
  },
  domainBound: {
    family: 'behaviour',
    type: flag,
    summary: "a file uploaded with a domain is found only by its link on that domain; the 1fichier.com form answers 'not found'",
    source:
      'JDownloader OneFichierCom.java getContentURL (2019-04-24, still in rev 53205): "Using their main domain (1fichier.com) will result in OFFLINE URLs!"',
    example: true,
  },
  quotedFilename: {
    family: 'behaviour',
    type: flag,
    summary: 'the download host sends Content-Disposition filename="…" with the raw UTF-8 bytes of the name',
    source: 'Gizmo091 OneFichierCom.php (/filename="(.*?)"/ on a HEAD of the token URL); the byte encoding is unproven',
    example: true,
  },
  notCustomer200: {
    family: 'behaviour',
    type: flag,
    summary: 'a free key gets "Must be a customer (Premium, Access) #200" on get_token instead of #236',
    source: 'JDownloader OneFichierCom.java (2020-06-09 comment); #236 is Gizmo091 (2024)',
    example: true,
  },
  listingCap: {
    family: 'behaviour',
    type: count,
    summary: 'listings return at most N items (0 = the real cap of 5000), so a test can reach the cap with a few files',
    source: 'docs/api-notes.md#listings-and-dates (the listing doc quoted in rclone 0f7a2f0: 5000 items at most)',
    example: 3,
  },
  listingAnswerDelayMs: {
    family: 'behaviour',
    type: ms,
    summary: "a listing's answer leaves a while after the listing was read, so a change made meanwhile is not in it",
    source: 'network latency on a large listing (up to 5000 items, rclone 0f7a2f0): an answer read before a change can arrive after it',
    example: 200,
  },
  listingLoop: {
    family: 'fault',
    type: { kind: 'mode', modes: ['off', 'self', 'parent'] },
    summary: "folder/ls of a folder (not the root) also lists the folder itself ('self') or its parent ('parent') among its sub-folders",
    source: 'a corrupt or hostile listing (not reported of the real service): a tree walk must list each folder id once',
    example: 'self',
  },
};

export const NO_FAULTS: Faults = {
  serverErrorRate: 0,
  uploadResets: 0,
  slowMs: 0,
  endPlWaitMs: 0,
  endPlNoLinks: 0,
  tokenKo: 0,
  lostAnswers: 0,
  lostAnswerMode: '5xx',
  lostAnswerEndpoints: [],
  lostRequests: 0,
  notAuthenticated: 0,
  bare403: 0,
  downloadTooFast: 0,
  downloadIpLocked: 0,
  downloadMaintenance: 0,
  downloadVpnRefused: 0,
  downloadRedirects: 0,
  downloadOverlong: 0,
  nodeCannotOpenDestination: 0,
  nodeNoFileFound: 0,
  tokenCdnRequired: 0,
  tokenCdnRequired200: 0,
  fileInfoOwnerLocked: 0,
  listingLagMs: 0,
  removalLagMs: 0,
  notFound469: false,
  othersPublicInfo: false,
  sameFolderMoveKeepsName: false,
  infoWithoutFolderId: false,
  domainBound: false,
  quotedFilename: false,
  notCustomer200: false,
  listingCap: 0,
  listingAnswerDelayMs: 0,
  listingLoop: 'off',
};

/** Throws a message saying what is wrong with a (partial) faults object; the admin route shows it. */
export function validateFaults(f: Record<string, unknown>): void {
  for (const [name, v] of Object.entries(f)) {
    if (!Object.hasOwn(FAULT_CATALOG, name)) {
      throw new Error(`Unknown fault "${name}"; known faults: ${Object.keys(FAULT_CATALOG).join(', ')}`);
    }
    const type = FAULT_CATALOG[name as FaultName].type;
    const bad = (what: string) => new Error(`Fault ${name} must be ${what}`);
    switch (type.kind) {
      case 'count':
        if (!Number.isSafeInteger(v) || (v as number) < 0) throw bad('an integer >= 0');
        break;
      case 'ms':
        if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw bad('a number of milliseconds >= 0');
        break;
      case 'share':
        if (typeof v !== 'number' || !(v >= 0 && v <= 1)) throw bad('a share between 0 and 1');
        break;
      case 'flag':
        if (typeof v !== 'boolean') throw bad('true or false');
        break;
      case 'mode':
        if (typeof v !== 'string' || !type.modes.includes(v)) throw bad(`one of ${type.modes.join(', ')}`);
        break;
      case 'endpoints':
        if (!Array.isArray(v) || v.some((e) => !(MUTATION_ENDPOINTS as readonly unknown[]).includes(e))) {
          throw bad(`a list of mutation endpoints (${MUTATION_ENDPOINTS.join(', ')}); empty = all`);
        }
        break;
    }
  }
}

/** Reads a fault value written as text (CLI flag or environment), by the fault's kind. */
export function parseFaultValue(name: string, text: string): Faults[FaultName] {
  if (!Object.hasOwn(FAULT_CATALOG, name)) {
    throw new Error(`Unknown fault "${name}"; known faults: ${Object.keys(FAULT_CATALOG).join(', ')}`);
  }
  const type = FAULT_CATALOG[name as FaultName].type;
  let value: unknown;
  switch (type.kind) {
    case 'flag':
      if (/^(1|true|yes|on)$/i.test(text)) value = true;
      else if (/^(0|false|no|off)$/i.test(text)) value = false;
      else throw new Error(`Fault ${name} expects true/false (or 1/0, yes/no, on/off), got "${text}"`);
      break;
    case 'mode':
      value = text;
      break;
    case 'endpoints':
      value = text
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      break;
    default:
      value = text.trim() === '' ? NaN : Number(text);
  }
  validateFaults({ [name]: value });
  return value as Faults[FaultName];
}

/** Copy of a faults object with its durations multiplied (a profile's timeScale). */
export function scaleFaults(f: Partial<Faults>, timeScale: number): Partial<Faults> {
  const out: Record<string, unknown> = { ...f };
  for (const [name, v] of Object.entries(f)) {
    if (FAULT_CATALOG[name as FaultName].type.kind === 'ms') out[name] = (v as number) * timeScale;
  }
  return out as Partial<Faults>;
}
