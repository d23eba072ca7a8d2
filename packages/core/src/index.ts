/**
 * @onefichier/core: the 1fichier API client. Pure entry: no Node globals or modules; HTTP and time are
 * injected (see docs/architecture.md). The Node defaults live in '@onefichier/core/node'.
 */
export * from './types';
export { OneFichierError, TransportError, redact, isOneFichierError, type ErrorKind, type OneFichierErrorInit } from './errors';
export { OneFichierClient, DEFAULT_UPLOAD_POLLING } from './client';
export { RateLimiter, DEFAULT_LIMITS, sharedLimiter, resetSharedLimiters } from './limiter';
export {
  DEFAULT_RETRY,
  FLOOD_CODES,
  RETRYABLE_STATUSES,
  decideRetry,
  extractCode,
  interpretAnswer,
  errorFromMessage,
  isFlood,
  type RetryDecision,
} from './retry';
export { encodeFileName, decodeFileName, nameProblem, checkName, MAX_NAME_LENGTH } from './names';
export { parisToIsoUtc, parisToEpochMs, toParisDateText, isParisSummerTime } from './dates';
export { whirlpoolHex, createWhirlpoolHasher, accountIdOf, type IncrementalHash } from './hash';
export { encodeMultipart, makeBoundary, type MultipartField, type MultipartFile, type EncodedMultipart } from './multipart';
export { bytesSource, iterableSource } from './sources';
// Shared facts: every front end takes these from here instead of writing its own (a lint rule checks it).
export {
  FILE_URL_DOMAINS,
  FILE_URL_PATTERN,
  canonicalFileUrl,
  findFileUrls,
  parseFileUrl,
  type FileUrl,
  type FileUrlMatch,
} from './fileUrls';
export { DEFAULT_BASE_URL, BASE_URL_HINT, checkBaseUrl, type BaseUrlCheck } from './baseUrl';
export {
  MAX_FILE_SIZE,
  MAX_REQUEST_SIZE,
  MAX_FILES_PER_UPLOAD,
  TOKEN_LIFETIME_MS,
  FOLDER_LIST_INTERVAL_MS,
  ACCOUNT_LIST_INTERVAL_MS,
  USER_INFO_INTERVAL_MS,
} from './limits';
export { formatSize, formatSizeExact } from './sizes';
