/**
 * The core's version, the one field read from packages/core/package.json (src/node and dist/node are both two
 * folders below it). A bundler (the extension's, the node's, the language server's build.mjs) inlines this
 * require at build time; the published dist reads the package's own package.json.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const CORE_VERSION: string = (require('../../package.json') as { version: string }).version;
