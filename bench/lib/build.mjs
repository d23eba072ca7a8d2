// Bundles the TypeScript workers (bench/src/*.ts) with esbuild, straight from the packages' sources, so a
// benchmark always measures the code in the checkout without depending on anybody's `dist/` being fresh.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';

/**
 * The commit whose core is the "old path" of the transfer figures: the last one before the rewrite that changed the
 * transport, the download body and the file writer (bench/src/baseline-worker.ts).
 */
const BASELINE_COMMIT = 'c3ad156';
const BASELINE_WORKER = 'baseline-worker.ts';

export async function buildWorkers(root, outDir) {
  const srcDir = join(root, 'bench', 'src');
  const entryPoints = readdirSync(srcDir)
    .filter((f) => f.endsWith('.ts') && f !== BASELINE_WORKER)
    .map((f) => join(srcDir, f));
  const workers = await bundle(root, outDir, entryPoints, join(root, 'packages/core/src'));
  workers['baseline-worker'] = await buildBaselineWorker(root, outDir);
  return workers;
}

/**
 * The baseline worker, bundled against the core's sources at BASELINE_COMMIT (git archive into the build
 * folder). Without git history (a source tarball) there is no old path: the figures that need it are skipped.
 */
async function buildBaselineWorker(root, outDir) {
  const dir = join(outDir, 'baseline-src');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  try {
    const tar = join(outDir, 'baseline.tar');
    execFileSync('git', ['-C', root, 'archive', '--format=tar', '-o', tar, BASELINE_COMMIT, 'packages/core/src'], { stdio: 'pipe' });
    execFileSync('tar', ['-xf', tar, '-C', dir], { stdio: 'pipe' });
    rmSync(tar, { force: true });
  } catch (err) {
    return { missing: `the core at ${BASELINE_COMMIT} could not be taken from git (${String(err.message).split('\n')[0]})` };
  }
  const built = await bundle(root, join(outDir, 'baseline'), [join(root, 'bench', 'src', BASELINE_WORKER)], join(dir, 'packages/core/src'));
  return built['baseline-worker'];
}

/** Bundles `entryPoints` with @onefichier/core resolved to the sources in `coreSrc`. */
async function bundle(root, outDir, entryPoints, coreSrc) {
  const require = createRequire(join(root, 'package.json'));
  const esbuild = require('esbuild');
  const srcDir = join(root, 'bench', 'src');
  const alias = {
    '@onefichier/core/node': join(coreSrc, 'node/index.ts'),
    '@onefichier/core': join(coreSrc, 'index.ts'),
    '@onefichier/sandbox': join(root, 'test/sandbox/src/index.ts'),
  };
  for (const [name, path] of Object.entries(alias)) {
    if (!existsSync(path)) throw new Error(`${name} is not in the checkout (${path} is missing)`);
  }
  await esbuild.build({
    entryPoints,
    outdir: outDir,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: 'inline',
    logLevel: 'error',
    plugins: [
      {
        name: 'workspace-sources',
        setup(b) {
          b.onResolve({ filter: /^@onefichier\/(core|core\/node|sandbox)$/ }, (a) => ({ path: alias[a.path] }));
        },
      },
    ],
    // Workers import hash-wasm too (the "hashing alone" figure uses the very hasher the core uses).
    nodePaths: [join(root, 'packages/core/node_modules'), join(root, 'test/sandbox/node_modules')],
  });
  return Object.fromEntries(
    entryPoints.map((p) => {
      const base = p.slice(srcDir.length + 1, -3);
      return [base, join(outDir, `${base}.js`)];
    }),
  );
}
