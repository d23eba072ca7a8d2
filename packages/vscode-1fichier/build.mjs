#!/usr/bin/env node
// Bundles the extension with esbuild: dist/extension.js (activation: tree, commands, providers; light),
// dist/backend.js (the core's Node entry and axios, loaded on first API use) and dist/languageClient.js
// (vscode-languageclient, loaded only when a linkable document opens). Copies the language server's
// bundle in when it exists. `--production` minifies and drops source maps.
import { build } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readMetafile, whirlpoolOnlyHashWasm, writeThirdPartyNotices } from '../../scripts/lib/bundle.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const production = process.argv.includes('--production');
const dist = join(here, 'dist');
rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });

// The core only needs Whirlpool: hash-wasm's single-algorithm build is 13 KB instead of 217 KB for all of them.
const whirlpoolOnly = whirlpoolOnlyHashWasm();
// axios loads form-data (for FormData bodies, which the core never sends: it encodes multipart itself), and
// form-data loads the 137 KB MIME database; an empty database changes nothing for this extension.
const emptyMimeDb = join(here, 'build', 'empty-mime-db.json');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  external: ['vscode', './backend.js', './languageClient.js'],
  minify: production,
  sourcemap: production ? false : 'linked',
  logLevel: 'warning',
  legalComments: 'none',
  metafile: true,
  // Resolve the core from source so the bundle never depends on the core having been built first.
  alias: {
    '@onefichier/core/node': join(here, '../core/src/node/index.ts'),
    '@onefichier/core/lsp-contract': join(here, '../core/src/lsp-contract.ts'),
    '@onefichier/core': join(here, '../core/src/index.ts'),
    'hash-wasm': whirlpoolOnly,
    'mime-db': emptyMimeDb,
  },
};

const results = await Promise.all([
  build({ ...common, entryPoints: [join(here, 'src/extension.ts')], outfile: join(dist, 'extension.js') }),
  build({ ...common, entryPoints: [join(here, 'src/backend.ts')], outfile: join(dist, 'backend.js') }),
  build({ ...common, entryPoints: [join(here, 'src/languageClient.ts')], outfile: join(dist, 'languageClient.js') }),
]);

const server = join(here, '../language-server/dist/server.js');
if (existsSync(server)) {
  copyFileSync(server, join(dist, 'server.js'));
} else {
  process.stdout.write(`note: ${server} not built yet; the language client will log that it is missing\n`);
}
// The licences of everything the .vsix bundles, the language server's bundle included (its build writes its metafile).
const serverMeta = readMetafile(join(here, '../language-server/dist/server.meta.json'));
writeThirdPartyNotices(
  'vscode-1fichier',
  [...results.map((r) => r.metafile), ...(existsSync(server) && serverMeta ? [serverMeta] : [])],
  join(dist, 'ThirdPartyNotices.txt'),
);
for (const f of ['extension.js', 'backend.js', 'languageClient.js']) {
  process.stdout.write(`dist/${f}: ${(statSync(join(dist, f)).size / 1024).toFixed(1)} KB\n`);
}
