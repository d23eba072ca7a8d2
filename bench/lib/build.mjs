// Bundles the TypeScript workers (bench/src/*.ts) with esbuild, straight from the packages' sources, so a
// benchmark always measures the code in the checkout without depending on anybody's `dist/` being fresh.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';

export async function buildWorkers(root, outDir) {
  const require = createRequire(join(root, 'package.json'));
  const esbuild = require('esbuild');
  const srcDir = join(root, 'bench', 'src');
  const entryPoints = readdirSync(srcDir)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => join(srcDir, f));
  const alias = {
    '@onefichier/core/node': join(root, 'packages/core/src/node/index.ts'),
    '@onefichier/core': join(root, 'packages/core/src/index.ts'),
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
