// The shipped sizes: what a user downloads. For each published npm package, the tarball `npm pack` would
// publish (gzipped size, unpacked size, file count), and the size of each JavaScript bundle inside it.
// Each package is built and packed from a copy under bench/tmp, as its release path does (its prepack
// command), so the real dist/ folders that other runs in this checkout use are never touched. The VS Code
// extension's bundles are the vscode group's (bench/groups/vscode.mjs).
import { cpSync, mkdirSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { round } from '../lib/stats.mjs';

/** The published packages: their folder, the figure of their tarball, and their prepack build. */
const PACKAGES = [
  {
    dir: 'core',
    figure: 'core_packed_kb',
    build: (root) => [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'],
  },
  { dir: 'n8n-nodes-1fichier', figure: 'n8n_node_packed_kb', build: () => ['scripts/build.mjs'] },
  { dir: 'language-server', figure: 'language_server_packed_kb', build: () => ['build.mjs'] },
];

/** What is never copied: build output and installed modules (linked instead). */
const NOT_COPIED = new Set(['dist', 'out', 'node_modules', 'tsconfig.tsbuildinfo']);

/**
 * A real copy of the package (npm pack leaves symlinked files out) beside links to its siblings, its
 * node_modules, the repository's scripts/ and tsconfig.base.json, which the build scripts reach by relative path.
 */
function copyPackage(root, tmp, dir) {
  const base = join(tmp, `shipped-${dir}`);
  rmSync(base, { recursive: true, force: true });
  const pkg = join(base, 'packages', dir);
  mkdirSync(pkg, { recursive: true });
  const real = join(root, 'packages', dir);
  for (const entry of readdirSync(real)) {
    if (NOT_COPIED.has(entry) || entry.startsWith('.dist-build-')) continue;
    cpSync(join(real, entry), join(pkg, entry), { recursive: true, dereference: true });
  }
  symlinkSync(join(real, 'node_modules'), join(pkg, 'node_modules'));
  for (const sibling of readdirSync(join(root, 'packages'))) {
    if (sibling !== dir) symlinkSync(join(root, 'packages', sibling), join(base, 'packages', sibling));
  }
  symlinkSync(join(root, 'scripts'), join(base, 'scripts'));
  symlinkSync(join(root, 'tsconfig.base.json'), join(base, 'tsconfig.base.json'));
  return pkg;
}

function firstError(r) {
  const lines = `${r.stdout}\n${r.stderr}`.trim().split('\n');
  return (lines.find((l) => /error/i.test(l)) ?? lines.slice(-3).join(' ')).trim();
}

/** `npm pack --dry-run --json`: the tarball npm would publish, without writing it. */
function packList(pkg, dir) {
  const r = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: pkg, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`npm pack --dry-run in packages/${dir} failed: ${firstError(r)}`);
  const [packed] = JSON.parse(r.stdout);
  if (!packed?.files?.length) throw new Error(`npm pack --dry-run in packages/${dir} listed no files`);
  return packed;
}

/** `dist/lib/onefichier-core.js` → `lib_onefichier_core`: a results.json key part. */
const keyOf = (path) =>
  path
    .replace(/^dist\//, '')
    .replace(/\.js$/, '')
    .replace(/[^a-zA-Z0-9]+/g, '_')
    .toLowerCase();

export async function shippedGroup(ctx) {
  for (const { dir, figure, build } of PACKAGES) {
    ctx.log(`packing packages/${dir} from a copy under bench/tmp (its prepack build, then npm pack --dry-run)`);
    const pkg = copyPackage(ctx.root, ctx.tmp, dir);
    const built = spawnSync(process.execPath, build(ctx.root), { cwd: pkg, encoding: 'utf8' });
    if (built.status !== 0) throw new Error(`building packages/${dir} for packing failed: ${firstError(built)}`);
    const packed = packList(pkg, dir);
    const prefix = figure.replace(/_packed_kb$/, '');
    const bundles = packed.files.filter((f) => f.path.startsWith('dist/') && f.path.endsWith('.js'));
    // The core ships its compiled modules one by one, not bundles: their total is the figure that matters.
    if (dir === 'core') ctx.record(`${prefix}_shipped_js_kb`, round(bundles.reduce((sum, f) => sum + f.size, 0) / 1000, 1));
    else for (const f of bundles) ctx.record(`${prefix}_bundle_${keyOf(f.path)}_kb`, round(f.size / 1000, 1));
    ctx.record(`${prefix}_unpacked_kb`, round(packed.unpackedSize / 1000, 1));
    ctx.record(`${prefix}_packed_files`, packed.entryCount);
    const largest = [...bundles].sort((a, b) => b.size - a.size)[0];
    ctx.report(
      figure,
      round(packed.size / 1000, 1),
      `${packed.filename}: ${packed.entryCount} files, ${(packed.unpackedSize / 1000).toFixed(0)} KB unpacked` +
        (largest ? `; largest JS file ${largest.path} ${(largest.size / 1000).toFixed(0)} KB` : ''),
    );
    rmSync(join(ctx.tmp, `shipped-${dir}`), { recursive: true, force: true });
  }
}
