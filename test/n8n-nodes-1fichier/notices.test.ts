/**
 * What the node's bundles include from npm: their licences ship in dist/ThirdPartyNotices.txt (written by
 * scripts/build.mjs from esbuild's metafiles), and the core's bundle carries hash-wasm's Whirlpool build only.
 */
import { execFileSync } from 'child_process';
import { readFileSync } from 'fs';
import { join, resolve } from 'path';

const pkgDir = resolve(__dirname, '..', '..', 'packages', 'n8n-nodes-1fichier');

beforeAll(() => {
  execFileSync(process.execPath, [join(pkgDir, 'scripts', 'build.mjs')], { cwd: pkgDir, stdio: 'pipe' });
}, 120_000);

test('dist/ThirdPartyNotices.txt lists hash-wasm with its licence text, and the tarball ships it', () => {
  const notices = readFileSync(join(pkgDir, 'dist', 'ThirdPartyNotices.txt'), 'utf8');
  expect(notices).toMatch(/^- hash-wasm \d+\.\d+\.\d+ \(MIT\)/m);
  expect(notices).toContain('Permission is hereby granted, free of charge');
  const manifest = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as { files: string[] };
  expect(manifest.files).toContain('dist');
});

test("the core's bundle has hash-wasm's Whirlpool and none of its other algorithms", () => {
  const core = readFileSync(join(pkgDir, 'dist', 'lib', 'onefichier-core.js'), 'utf8');
  expect(core).toContain('createWhirlpool');
  expect(core).not.toMatch(/createBLAKE2b|createSHA3|createArgon2/);
  expect(core.length).toBeLessThan(300 * 1024);
});
