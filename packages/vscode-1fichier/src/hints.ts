/**
 * Every hint the extension shows for an error of the core, in VS Code's words: what to do, naming the
 * extension's commands (as the palette shows them, "1fichier: ...") and settings (onefichier.*), never the
 * core's functions or options. One table per kind of error; a service code or an endpoint that says more
 * has its own entry. A new kind of error in the core is a type error here until it gets its line.
 *
 * No `vscode` import: the tests read these tables as they are.
 */
import {
  ACCOUNT_LIST_INTERVAL_MS,
  CORE_HINT,
  FLOOD_CODES,
  FOLDER_LIST_INTERVAL_MS,
  hintCodes,
  hintFrom,
  type HintSubject,
  type HintTable,
} from '@onefichier/core';

const minutes = (ms: number) => `${ms / 60_000} minutes`;
const seconds = (ms: number) => `${ms / 1000} s`;

const BY_KIND: HintTable['byKind'] = {
  auth: 'Run "1fichier: Set API Key" with the key from 1fichier.com > Parameters > API key. If it is right, the account may be under a security lock: log in on 1fichier.com, reset the password, then create a new key.',
  not_premium:
    'The 1fichier API needs a Premium or Access subscription on the account of this key ("1fichier: Set API Key" to use another).',
  cdn_required:
    '1fichier refuses Premium downloads from data-centre, VPN and proxy addresses (a remote or cloud machine, a VPN) unless they go through its CDN: turn on the setting onefichier.useCdnCredits (it spends CDN credits), or download from a residential connection.',
  rate_limited: (e) =>
    e.code !== undefined && FLOOD_CODES.has(e.code)
      ? `1fichier locked this IP or account for making too many calls (#${e.code}). Wait a few minutes; other tools using the same key (n8n, scripts) count too.`
      : `1fichier allows one listing per folder every ${seconds(FOLDER_LIST_INTERVAL_MS)} and of the whole account once every ${minutes(ACCOUNT_LIST_INTERVAL_MS)}: try again in a moment.`,
  locked: CORE_HINT,
  not_found: 'It is no longer there, or the link is wrong: "1fichier: Refresh" shows the storage as it is now.',
  file_too_large: CORE_HINT,
  empty_file: CORE_HINT,
  invalid_name: (e) =>
    'Pick another name: "1fichier: Rename..." on the item, or rename the local file before uploading it.' +
    // The core's hint for a reserved character refused on purpose (packages/core/src/names.ts).
    (/look-alikes/.test(e.hint)
      ? ' Or set onefichier.reservedNames to "encode" (the default), which keeps such names with look-alike characters.'
      : ''),
  invalid_input: CORE_HINT,
  password:
    'The file is protected by a password: run the command again and type the file\'s password, or change it with "1fichier: Set Password..." on the file.',
  ambiguous: '1fichier allows several items with one name in a folder: rename one of them ("1fichier: Rename..."), then try again.',
  // Only a folder's removal is refused for what it holds; elsewhere a conflict is a name already taken.
  conflict: (e) =>
    e.endpoint === 'folder/rm.cgi'
      ? 'The folder is not empty: "1fichier: Delete" removes a folder with everything in it.'
      : 'An item with this name is already there: pick another destination or name, or "1fichier: Refresh" the folder to see it.',
  integrity: CORE_HINT,
  protocol: CORE_HINT,
  server: CORE_HINT,
  network: (e) =>
    e.endpoint === 'upload.cgi' || e.endpoint === 'end.pl' || e.endpoint === 'download'
      ? 'Check the network connection (and any proxy), then try again; the extension already retried where it was safe.'
      : 'Check the setting onefichier.apiBaseUrl ("Open Settings"; empty means the real service) and the network connection (and any proxy); the extension already retried where it was safe.',
  cancelled: CORE_HINT,
  timeout: '1fichier may still finish it: "1fichier: Refresh" on the folder later shows what arrived, before trying again.',
  outcome_unknown: (e) =>
    `${e.hint} "1fichier: Refresh" shows the storage as it is now: try again only for what is missing, so nothing is done twice.`,
  api: (e) =>
    e.endpoint?.startsWith('remote/')
      ? 'Check the URLs: 1fichier downloads each one itself, so each must be a public http or https link to a file.'
      : '1fichier refused the request; its answer above says why.',
};

/** Service codes that say more than their kind. */
const BY_CODE: HintTable['byCode'] = {
  649: '1fichier refuses more file checks from this IP for now (#649): too many file-information requests. Wait several minutes before opening file details again.',
  913: 'Premium downloads are refused from datacenter and VPN connections (#913): download from a residential connection.',
};

const TABLE: HintTable = { byKind: BY_KIND, byCode: BY_CODE };

/** What a VS Code user can do about an error of the core. */
export function vscodeHint(e: HintSubject): string {
  return hintFrom(TABLE, e);
}

/** The codes the table has an entry for (its test walks them). */
export const VSCODE_HINT_CODES: readonly number[] = hintCodes(TABLE);

/**
 * The error's message as a sentence: a refusal of the service reads `1fichier answered "<its words>" (#711).`
 * instead of the core's `1fichier remote/request.cgi: <its words> #711`; other messages stay as they are.
 */
export function readableMessage(e: Pick<HintSubject, 'code' | 'endpoint'> & { message: string }): string {
  const prefix = e.endpoint ? `1fichier ${e.endpoint}: ` : undefined;
  if (!prefix || e.code === undefined || !e.message.startsWith(prefix)) return e.message;
  const words = e.message
    .slice(prefix.length)
    .replace(new RegExp(`\\s*#${e.code}\\b`), '')
    .trim();
  return `1fichier answered "${words}" (#${e.code}).`;
}
