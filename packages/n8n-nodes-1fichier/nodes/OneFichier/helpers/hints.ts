/**
 * Every hint the n8n node and its credential show, in n8n's words: what to do, naming the credential's
 * fields and the node's resources, operations and options (in quotes, as n8n shows them), never the core's
 * functions or options. One table per kind of error; a service code or an endpoint that says more has its
 * own entry. A new kind of error in the core is a type error here until it gets its line.
 */
import {
  ACCOUNT_LIST_INTERVAL_MS,
  CORE_HINT,
  DEFAULT_BASE_URL,
  FLOOD_CODES,
  FOLDER_LIST_INTERVAL_MS,
  hintCodes,
  hintFrom,
  type HintSubject,
  type HintTable,
} from '@onefichier/core';

/** Where the key is, as the credential's field description says. */
const KEY_PAGE = 'https://1fichier.com/console/params.pl';

const KEY_REFUSED = `Open the 1fichier credential and paste the API key again, from ${KEY_PAGE} ("API Key"). If it is right, the account may be under a security lock: log in on 1fichier.com, reset the password, then create a new key.`;

const minutes = (ms: number) => `${ms / 60_000} minutes`;
const seconds = (ms: number) => `${ms / 1000} seconds`;

const BY_KIND: HintTable['byKind'] = {
  auth: KEY_REFUSED,
  not_premium: 'The 1fichier API needs a Premium or Access subscription on the account of the credential\'s "API Key".',
  // n8n usually runs on a rented server: a data-centre address, which 1fichier refuses Premium downloads without CDN.
  cdn_required:
    '1fichier refuses Premium downloads from data-centre, VPN and proxy addresses (where n8n usually runs) unless they go through its CDN: turn on "Use CDN Credits" in the options of File > Download or File > Get Download Link (it spends CDN credits), or run n8n from a residential connection.',
  rate_limited: (e) =>
    e.code !== undefined && FLOOD_CODES.has(e.code)
      ? `1fichier locked this IP or account for making too many calls (#${e.code}); the node waited and retried. Run the workflow less often or on fewer items, and stop other tools that use the same key.`
      : `1fichier allows one listing per folder every ${seconds(FOLDER_LIST_INTERVAL_MS)}, and of the whole account once every ${minutes(ACCOUNT_LIST_INTERVAL_MS)}: run this later, or turn off "Whole Account" to list one folder.`,
  locked: CORE_HINT,
  not_found: (e) =>
    // A listing refused as "not found" was asked by folder ID (a path is resolved by listing its parents).
    e.endpoint === 'file/ls.cgi' || e.endpoint === 'folder/ls.cgi'
      ? 'Check the folder\'s ID, or pick the folder "From List" or "By Path" instead (Folder > List shows each folder\'s ID). A missing folder can be made with Folder > Create ("Create Parents" makes a whole path), or by File > Upload with "Create Missing Folders".'
      : 'Check the URL or the path (names are case-sensitive): the file or folder may have been removed. A missing folder can be made with Folder > Create ("Create Parents" makes a whole path).',
  file_too_large: CORE_HINT,
  empty_file: 'The file in "Input Binary Field" is empty (0 bytes), and 1fichier does not accept empty files.',
  invalid_name: (e) =>
    'Give it another name in this operation ("File Name", "New Name" or "Name"): the message says which character or part 1fichier refuses.' +
    // The core's hint for a reserved character refused on purpose (packages/core/src/names.ts).
    (/look-alikes/.test(e.hint) ? ' Or set the option "Reserved Characters in Names" to "Replace With Look-Alikes" (the default).' : ''),
  invalid_input: CORE_HINT,
  password:
    'The file is protected by a password: give it in the "Password" option of File > Get Info, File > Get Download Link or File > Download, or check the one given.',
  ambiguous:
    '1fichier allows several files or folders with one name: pick the file "By URL" or the folder "By ID" instead of by path, or rename one of them.',
  // Only a folder's removal is refused for what it holds; elsewhere a conflict is a name already taken (a folder
  // made meanwhile, a rename), which the core's hint says.
  conflict: (e) =>
    e.endpoint === 'folder/rm.cgi'
      ? 'The folder is not empty: turn on "Recursive" in Folder > Delete to delete it with everything in it.'
      : `${e.hint} File > List and Folder > List show what is there.`,
  integrity: CORE_HINT,
  protocol: CORE_HINT,
  server: CORE_HINT,
  network: (e) =>
    e.endpoint === 'upload.cgi' || e.endpoint === 'end.pl' || e.endpoint === 'download'
      ? 'Check the network connection (and any proxy), then run the workflow again; the node already retried where it was safe.'
      : `Check "API Base URL" in the 1fichier credential (${DEFAULT_BASE_URL} for the real service) and the network connection (and any proxy); the node already retried where it was safe.`,
  cancelled: CORE_HINT,
  timeout: (e) =>
    e.endpoint?.startsWith('remote/')
      ? '1fichier may still fetch it: a longer "Timeout (Minutes)" in File > Upload From URL waits more, and File > List shows what arrived.'
      : '1fichier may still finish it: look in the folder later (File > List) before running the workflow again, so nothing is uploaded twice.',
  outcome_unknown: (e) =>
    e.endpoint?.startsWith('remote/')
      ? '1fichier may have accepted these URLs: look in the destination folder (File > List) once it had time to fetch them, before running File > Upload From URL again, so nothing is fetched twice.'
      : `${e.hint} File > List, File > Get Info and Folder > List show how things are now: run the workflow again only for what is missing, so nothing is done twice.`,
  api: (e) =>
    e.endpoint?.startsWith('remote/')
      ? 'Check "URLs" in File > Upload From URL: 1fichier downloads each address itself, so each must be a public http or https link to a file.'
      : "1fichier refused the request: its answer, in the message, says why. Check the operation's fields against it.",
};

/** Service codes that say more than their kind. */
const BY_CODE: HintTable['byCode'] = {
  649: '1fichier refuses more file checks from this IP for now (#649): too many file-information requests. Wait several minutes, then run File > Get Info on fewer items or the workflow less often.',
  913: 'Premium downloads are refused from datacenter and VPN connections (#913): turn on "Use CDN Credits" in the options of File > Download or File > Get Download Link (it spends CDN credits), or run n8n from a residential connection.',
};

const TABLE: HintTable = { byKind: BY_KIND, byCode: BY_CODE };

/** What an n8n user can do about an error of the core. */
export function n8nHint(e: HintSubject): string {
  return hintFrom(TABLE, e);
}

/** The codes the table has an entry for (its test walks them). */
export const N8N_HINT_CODES: readonly number[] = hintCodes(TABLE);

/**
 * The credential test's verdicts. 1fichier answers a wrong key with HTTP 403 `No such user #93`
 * (docs/api-notes.md#envelope-and-error-codes) and the sandbox answers a path outside its API with 403
 * `Unknown endpoint #712` (test/sandbox/src/errors.ts); anything that is not a JSON answer with a status
 * did not come from the API at all.
 */
export const CREDENTIAL_TEST_MESSAGES = {
  unknownKey: `1fichier does not know this API key (No such user #93). Copy it again from ${KEY_PAGE} into "API Key". If it is right, the account may be under a security lock: log in on 1fichier.com, reset the password, then create a new key.`,
  notTheApi: `This API Base URL is not the API's address (Unknown endpoint #712): it must end with /v1, for example ${DEFAULT_BASE_URL}, or http://127.0.0.1:3737/v1 for the playground's sandbox.`,
  refused: `1fichier refused the request. Check "API Key" (${KEY_PAGE}), that the account has a Premium or Access subscription (the API needs one), and that "API Base URL" ends with /v1.`,
  notJson: `"API Base URL" did not answer like the 1fichier API. Use ${DEFAULT_BASE_URL} (or a sandbox's address ending with /v1); if it is right, 1fichier may be down: try again later.`,
} as const;
