/**
 * '@onefichier/core/internal': the seams inside the client that the toolkit's own tests reach into (the pacer,
 * retry decisions, answer classification, name encoding, multipart encoding, lent buffers, sync planning).
 * NOT PUBLIC: no semver promise; any release may change or remove any of it. A library consumer needs only
 * '@onefichier/core' (index.ts) and '@onefichier/core/node'.
 */
export { LanePacer } from './policy/pacer';
export { resetSharedPacers } from './policy/accounts';
export { decideRetry } from './policy/retry';
export { extractCode, interpretAnswer, errorFromMessage, isFlood } from './policy/classify';
export { encodeFileName, checkName, shownName } from './names';
export { toParisDateText, isParisSummerTime } from './dates';
export { createWhirlpoolHasher, accountIdOf } from './hash';
export { encodeMultipart, makeBoundary } from './multipart';
export { SettledBytes } from './lending';
export { planSync } from './sync/plan';
export { errorTextCatalogs } from './errorTexts';
