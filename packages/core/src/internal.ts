/**
 * '@onefichier/core/internal': the seams inside the client that the toolkit's own tests reach into (the pacer,
 * retry decisions, answer classification, multipart encoding, lent buffers, the sync's building blocks).
 * NOT PUBLIC: no semver promise; any release may change or remove any of it. A library consumer needs only
 * '@onefichier/core' (index.ts) and '@onefichier/core/node'.
 */
export { LanePacer, MemoryPaceStore, type PacedCall, type PaceWait, type LaneKind } from './policy/pacer';
export { resetSharedPacers } from './policy/accounts';
export { decideRetry, type RetryDecision } from './policy/retry';
export { RETRYABLE_STATUSES, extractCode, interpretAnswer, errorFromMessage, isFlood } from './policy/classify';
export { encodeFileName, checkName, shownName } from './names';
export { toParisDateText, isParisSummerTime } from './dates';
export { createWhirlpoolHasher, accountIdOf, type IncrementalHash } from './hash';
export { encodeMultipart, makeBoundary, type MultipartField, type MultipartFile, type EncodedMultipart } from './multipart';
export { SettledBytes, type BufferReuse } from './lending';
export { networkReason } from './network';
export { planSync, type PlanSyncOptions } from './sync/plan';
export { counts as syncCounts } from './sync/execute';
export { loadRemoteTree, type SyncEndpoints, type RemoteWalk } from './sync/remote';
export { findIdentical, whirlpoolOfSource } from './sync/identical';
export { errorTextCatalogs } from './errorTexts';
