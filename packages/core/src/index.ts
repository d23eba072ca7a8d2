/**
 * @onefichier/core: the 1fichier API client. Pure entry: no Node globals or modules; HTTP and time are
 * injected (see docs/architecture.md). The Node defaults live in '@onefichier/core/node'.
 */
export * from './types';
export { OneFichierError, TransportError, redact, isOneFichierError, type ErrorKind, type OneFichierErrorInit } from './errors';
export { ERROR_KINDS } from './errors';
export { OneFichierClient } from './client';
export { DEFAULT_UPLOAD_POLLING } from './context';
export { LanePacer, MemoryPaceStore, DEFAULT_LIMITS, type PacedCall, type PaceWait, type LaneKind } from './policy/pacer';
export { resetSharedLimiters } from './policy/accounts';
export { DEFAULT_RETRY, decideRetry, type RetryDecision } from './policy/retry';
export { FLOOD_CODES, RETRYABLE_STATUSES, extractCode, interpretAnswer, errorFromMessage, isFlood } from './policy/classify';
export {
  encodeFileName,
  decodeFileName,
  nameProblem,
  checkName,
  shownName,
  showControls,
  localNameProblem,
  localFileNameFor,
  MAX_NAME_LENGTH,
} from './names';
export { parisToIsoUtc, parisToIsoWithOffset, parisToEpochMs, toParisDateText, isParisSummerTime, formatDateTime } from './dates';
export { whirlpoolHex, createWhirlpoolHasher, accountIdOf, type IncrementalHash } from './hash';
export { encodeMultipart, makeBoundary, type MultipartField, type MultipartFile, type EncodedMultipart } from './multipart';
export { bytesSource, iterableSource } from './sources';
export { SettledBytes, type BufferReuse } from './lending';
export { CORE_HINT, hintFrom, hintCodes, type Hint, type HintSubject, type HintTable } from './hints';
export { networkReason } from './network';
// One-way sync (local → 1fichier) and uploads that know what is already there (sync/).
export * from './sync/types';
export { planSync, describePlan, type PlanSyncOptions } from './sync/plan';
export { runSyncPlan, counts as syncCounts, type RunSyncOptions } from './sync/execute';
export { loadRemoteTree, type SyncEndpoints, type RemoteWalk } from './sync/remote';
export { findIdentical, whirlpoolOfSource } from './sync/identical';
export {
  FolderFileIndex,
  uploadWithConflictPolicy,
  type IfExists,
  type ConflictUploadOptions,
  type ConflictUploadResult,
  type ExistingFileEndpoints,
} from './sync/existing';
export { sharedStoredNames, storedFileName, type BatchUpload, type SharedStoredName } from './sync/shared-names';
export { MemoryReplacedLinks, type ReplacedLink, type ReplacedLinkStore } from './replaced-links';
export {
  SERVER_COMMANDS,
  CLIENT_LINK_COMMANDS,
  LINK_LANGUAGES,
  SERVER_LANGUAGES,
  SETTINGS_SECTION,
  API_KEY_ENV,
  API_BASE_URL_ENV,
  PROMPT_CANCEL,
  type ClientLinkCommand,
  type LanguageServerOptions,
} from './lsp-contract';
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
export { localizedErrorText, errorTextCatalogs, type ErrorText } from './errorTexts';
