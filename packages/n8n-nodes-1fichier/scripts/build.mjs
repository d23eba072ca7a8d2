#!/usr/bin/env node
// Builds dist/ for n8n: each node and credential bundled with esbuild into CommonJS. The core
// (@onefichier/core, a devDependency) is bundled once into dist/lib/onefichier-core.js and required
// relatively, so the action node and the trigger share one rate limiter per account in an n8n process.
// Nothing else may be required at run time except n8n-workflow and crypto: n8n installs no dependencies
// of a verified community package.
import { build } from 'esbuild';
import { cpSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { whirlpoolOnlyHashWasm, writeThirdPartyNotices } from '../../../scripts/lib/bundle.mjs';

const pkgDir = join(dirname(fileURLToPath(import.meta.url)), '..');
// Built aside, then swapped in: tests and a running n8n may be reading dist/ while it is rebuilt.
const finalDist = join(pkgDir, 'dist');
const dist = join(pkgDir, `.dist-build-${process.pid}`);
const coreEntry = join(pkgDir, '..', 'core', 'src', 'index.ts');
const coreOut = join(dist, 'lib', 'onefichier-core.js');

const entries = [
  'nodes/OneFichier/OneFichier.node.ts',
  'nodes/OneFichier/OneFichierTrigger.node.ts',
  'credentials/OneFichierApi.credentials.ts',
];

/** Module names the bundles may leave as require(): n8n provides n8n-workflow, Node provides crypto. */
const RUNTIME_EXTERNALS = ['n8n-workflow', 'crypto', 'node:crypto'];

/** outFile: the bundle being built, so the core is required relative to where that file will live. */
function guard(kind, outFile) {
  return {
    name: 'onefichier-guard',
    setup(b) {
      b.onResolve({ filter: /^@onefichier\/core\/node/ }, (args) => ({
        errors: [
          { text: `${args.importer} imports the core's Node entry (axios, fs): the n8n node may only use the pure @onefichier/core` },
        ],
      }));
      b.onResolve({ filter: /^@onefichier\/core$/ }, () => {
        if (kind === 'core') return { path: coreEntry };
        let rel = relative(dirname(outFile), coreOut).split(sep).join('/');
        if (!rel.startsWith('.')) rel = `./${rel}`;
        return { path: rel, external: true };
      });
    },
  };
}

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  external: RUNTIME_EXTERNALS,
  sourcemap: false,
  legalComments: 'none',
  logLevel: 'warning',
  charset: 'utf8',
  inject: [join(pkgDir, 'scripts', 'host-globals.js')],
  // The core hashes with Whirlpool only (scripts/lib/bundle.mjs).
  alias: { 'hash-wasm': whirlpoolOnlyHashWasm() },
  metafile: true,
};

// A failed build leaves no half-written folder behind.
process.on('exit', () => rmSync(dist, { recursive: true, force: true }));
const metafiles = [(await build({ ...common, entryPoints: [coreEntry], outfile: coreOut, plugins: [guard('core', coreOut)] })).metafile];
for (const entry of entries) {
  const outFile = join(dist, entry.replace(/\.ts$/, '.js'));
  metafiles.push(
    (await build({ ...common, entryPoints: [join(pkgDir, entry)], outfile: outFile, plugins: [guard('node', outFile)] })).metafile,
  );
}
// The licences of the bundled packages, which the bundles do not carry (legalComments: 'none').
writeThirdPartyNotices('n8n-nodes-1fichier', metafiles, join(dist, 'ThirdPartyNotices.txt'));

// Icons next to the files that name them, and the codex files n8n reads for categories and docs.
function copyAssets(dir) {
  for (const name of readdirSync(join(pkgDir, dir))) {
    const rel = join(dir, name);
    if (statSync(join(pkgDir, rel)).isDirectory()) copyAssets(rel);
    else if (/\.(svg|png)$/.test(name) || /\.node\.json$/.test(name)) {
      mkdirSync(dirname(join(dist, rel)), { recursive: true });
      cpSync(join(pkgDir, rel), join(dist, rel));
    }
  }
}
for (const dir of ['nodes', 'credentials', 'icons']) copyAssets(dir);
rmSync(finalDist, { recursive: true, force: true });
renameSync(dist, finalDist);
process.stdout.write(`built ${relative(process.cwd(), finalDist) || 'dist'}: ${entries.length} entries + lib/onefichier-core.js\n`);
