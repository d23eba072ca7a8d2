/**
 * The server's version, the one field read from packages/language-server/package.json. build.mjs bundles
 * this require, so the published bin carries the version it was built with (no file is read at run time).
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const SERVER_VERSION: string = (require('../package.json') as { version: string }).version;
