// What every esbuild bundle of the toolkit shares (packages/language-server/build.mjs,
// packages/n8n-nodes-1fichier/scripts/build.mjs, packages/vscode-1fichier/build.mjs):
// - the core hashes with Whirlpool only, so hash-wasm's single-algorithm build (13 KB) replaces the build of
//   every algorithm (217 KB);
// - the licence notices of the packages a bundle includes, which esbuild drops (legalComments: 'none'), are
//   written beside it as ThirdPartyNotices.txt, from esbuild's metafile (the inputs it really bundled).
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** hash-wasm's Whirlpool-only build, resolved from the core's dependencies: an esbuild alias for 'hash-wasm'. */
export function whirlpoolOnlyHashWasm() {
  const coreRequire = createRequire(join(repoRoot, 'packages', 'core', 'package.json'));
  return join(dirname(coreRequire.resolve('hash-wasm/package.json')), 'dist', 'whirlpool.umd.min.js');
}

const LICENCE_FILE = /^(licen[cs]e|copying|notice)(\.(md|txt|markdown))?$/i;

/**
 * The packages under node_modules that esbuild bundled, from one or more metafiles (`metafile: true`), each
 * with its version, licence and licence text. `cwd` is where esbuild ran (its metafile paths are relative to
 * it). The toolkit's own packages are resolved from source, outside node_modules, and are not listed.
 */
function bundledPackages(metafiles, cwd = process.cwd()) {
  const dirs = new Map();
  for (const meta of metafiles) {
    for (const input of Object.keys(meta.inputs)) {
      if (input.startsWith('(disabled)')) continue;
      const file = resolve(cwd, input.replace(/^[a-z-]+:/, ''));
      const parts = file.split(sep);
      const at = parts.lastIndexOf('node_modules');
      if (at < 0) continue;
      const nameParts = parts[at + 1]?.startsWith('@') ? 2 : 1;
      const dir = parts.slice(0, at + 1 + nameParts).join(sep);
      dirs.set(dir, true);
    }
  }
  const packages = new Map();
  for (const dir of dirs.keys()) {
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    const key = `${manifest.name}@${manifest.version}`;
    if (packages.has(key)) continue;
    const licenceFiles = readdirSync(dir)
      .filter((f) => LICENCE_FILE.test(f))
      .sort();
    const repository = typeof manifest.repository === 'string' ? manifest.repository : manifest.repository?.url;
    packages.set(key, {
      name: manifest.name,
      version: manifest.version,
      license: typeof manifest.license === 'string' ? manifest.license : (manifest.license?.type ?? 'UNKNOWN'),
      url: manifest.homepage ?? repository ?? `https://www.npmjs.com/package/${manifest.name}`,
      texts: licenceFiles.map((f) => readFileSync(join(dir, f), 'utf8').trim()),
    });
  }
  return [...packages.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** ThirdPartyNotices.txt for `what` (the bundle's name), listing `packages` (bundledPackages). */
function thirdPartyNotices(what, packages) {
  const lines = [
    `${what}: third-party notices`,
    '',
    `${what} includes the following third-party software, bundled into its JavaScript files. Each is`,
    'distributed under its own licence, reproduced below.',
    '',
    ...packages.map((p) => `- ${p.name} ${p.version} (${p.license}): ${p.url}`),
  ];
  for (const p of packages) {
    lines.push('', '='.repeat(78), `${p.name} ${p.version} (${p.license})`, p.url, '='.repeat(78), '');
    if (p.texts.length > 0) lines.push(p.texts.join('\n\n'));
    else lines.push(`The package ships no licence file; its package.json declares the licence ${p.license}.`);
  }
  return `${lines.join('\n')}\n`;
}

/** Writes `outFile` from the metafiles of the bundles it covers; returns the packages listed. */
export function writeThirdPartyNotices(what, metafiles, outFile, cwd = process.cwd()) {
  const packages = bundledPackages(metafiles, cwd);
  writeFileSync(outFile, thirdPartyNotices(what, packages));
  return packages;
}

/** Reads a metafile written with JSON.stringify(result.metafile), if it is there. */
export function readMetafile(file) {
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined;
}
