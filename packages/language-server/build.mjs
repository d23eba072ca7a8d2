// Bundles the server into one file, dist/server.js, runnable as `node dist/server.js --stdio`.
// The core is taken from its TypeScript sources so the bundle never depends on the core's build state.
// Everything the server runs is in that one file, so the published package has no runtime dependencies
// and ships no source map (test/package.test.ts checks both on the packed file list).
import { build } from 'esbuild';
import { writeFileSync } from 'fs';
import { fileURLToPath } from 'url';
import * as path from 'path';
import { whirlpoolOnlyHashWasm, writeThirdPartyNotices } from '../../scripts/lib/bundle.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const core = path.resolve(here, '../core/src');

const result = await build({
  entryPoints: [path.join(here, 'src/main.ts')],
  outfile: path.join(here, 'dist/server.js'),
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: false,
  // Half the size and a faster cold start; names are kept so error classes still read right in logs.
  minify: true,
  keepNames: true,
  legalComments: 'none',
  banner: { js: '#!/usr/bin/env node' },
  alias: {
    '@onefichier/core/node': path.join(core, 'node/index.ts'),
    '@onefichier/core/lsp-contract': path.join(core, 'lsp-contract.ts'),
    '@onefichier/core': path.join(core, 'index.ts'),
    'hash-wasm': whirlpoolOnlyHashWasm(),
  },
  metafile: true,
  logLevel: 'warning',
});

// The licences of the bundled packages (published beside the bundle), and the metafile the VS Code
// extension's build reads to list them in its own notices (not published).
writeThirdPartyNotices('@onefichier/language-server', [result.metafile], path.join(here, 'dist/ThirdPartyNotices.txt'));
// Its paths are made absolute: esbuild writes them relative to where this build ran.
const inputs = Object.keys(result.metafile.inputs).map((input) => (input.startsWith('(') ? input : path.resolve(input)));
writeFileSync(path.join(here, 'dist/server.meta.json'), JSON.stringify({ inputs: Object.fromEntries(inputs.map((i) => [i, {}])) }));
