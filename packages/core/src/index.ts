/**
 * @onefichier/core: the 1fichier API client. Pure entry: no Node globals or modules; HTTP and time are
 * injected (see docs/architecture.md). The Node defaults live in '@onefichier/core/node'.
 *
 * This is the public face: the client, its options and results, its errors, and the facts about the service
 * that every front end shares (a lint rule checks they take them from here). Two more subpaths:
 * - '@onefichier/core/lsp-contract': what the VS Code extension and the language server agree on (lsp-contract.ts);
 * - '@onefichier/core/internal': the seams the toolkit's own tests reach into; not public (internal.ts).
 */
export * from './types';
export {
  OneFichierError,
  TransportError,
  redact,
  isOneFichierError,
  ERROR_KINDS,
  type ErrorKind,
  type OneFichierErrorInit,
} from './errors';
export { OneFichierClient } from './client';
// The defaults of ClientOptions' `polling`, `limits` and `retry`.
export { DEFAULT_UPLOAD_POLLING } from './context';
export { DEFAULT_LIMITS } from './policy/pacer';
export { DEFAULT_RETRY } from './policy/retry';
export { FLOOD_CODES } from './policy/classify';
export { decodeFileName, nameIssue, nameProblem, showControls, localNameProblem, localFileNameFor, MAX_NAME_LENGTH } from './names';
export { parisToIsoUtc, parisToIsoWithOffset, parisToEpochMs, formatDateTime } from './dates';
export { whirlpoolHex } from './hash';
export { bytesSource, iterableSource } from './sources';
export { CORE_HINT, hintFrom, hintCodes, type Hint, type HintSubject, type HintTable } from './hints';
// One-way sync (local → 1fichier) and uploads that know what is already there (sync/). The local side is
// read by the Node entry (scanLocalFolder, planFolderSync).
export * from './sync/types';
export { describePlan } from './sync/plan';
export { runSyncPlan, type RunSyncOptions } from './sync/execute';
export {
  FolderFileIndex,
  uploadWithConflictPolicy,
  type IfExists,
  type ConflictUploadOptions,
  type ConflictUploadResult,
  type ExistingFileEndpoints,
} from './sync/existing';
// Many items at once, one outcome per item (groups/): what the n8n node's grouping uses.
export { outcomesByHalves, refusedForOneFile, type ItemOutcome } from './groups/outcomes';
export { removeEach, moveEach, copyEach, setAttributesEach, MAX_FILES_PER_LIST_REQUEST, type ListEndpoints } from './groups/files';
export {
  uploadEach,
  uploadRequests,
  MAX_FILES_PER_GROUPED_UPLOAD,
  MAX_BYTES_PER_GROUPED_UPLOAD,
  type GroupUploadOptions,
} from './groups/upload';
export { sharedStoredNames, storedFileName, type BatchUpload, type SharedStoredName } from './sync/shared-names';
export { MemoryReplacedLinks, type ReplacedLink, type ReplacedLinkStore } from './replaced-links';
// Shared facts: every front end takes these from here instead of writing its own (a lint rule checks it).
export {
  FILE_URL_DOMAINS,
  FILE_URL_OTHER_DOMAINS,
  FILE_URL_PATTERN,
  canonicalFileUrl,
  findFileUrls,
  parseFileUrl,
  type FileUrl,
  type FileUrlMatch,
} from './fileUrls';
export { DEFAULT_BASE_URL, BASE_URL_HINT, checkBaseUrl, type BaseUrlCheck } from './baseUrl';
export { URL_LIST_SEPARATORS, splitUrlList } from './urlList';
export {
  MAX_FILE_SIZE,
  MAX_REQUEST_SIZE,
  MAX_FILES_PER_UPLOAD,
  TOKEN_LIFETIME_MS,
  FOLDER_LIST_INTERVAL_MS,
  LISTING_INTERVAL_MS,
  ACCOUNT_LIST_INTERVAL_MS,
  USER_INFO_INTERVAL_MS,
} from './limits';
export { formatSize, formatSizeExact, sizeUnitsFor, SIZE_UNITS_EN, SIZE_UNITS_FR, type SizeUnits } from './sizes';
// What the user reads for an error, in their language (errorTexts.ts).
export { localizedErrorText, type ErrorText } from './errorTexts';
export { reasonText, skippedFor, unreadableReason, type Reason, type ReasonCode } from './reasons';
