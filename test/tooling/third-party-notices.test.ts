/**
 * scripts/lib/bundle.mjs: ThirdPartyNotices.txt from esbuild metafiles. Run on a made-up node_modules (a pnpm
 * store path, a scoped package, a package without a licence file, the toolkit's own sources) and on the
 * Whirlpool-only hash-wasm it resolves.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';

const lib = pathToFileURL(path.join(__dirname, '..', '..', 'scripts', 'lib', 'bundle.mjs')).href;

function runModule(code: string, cwd: string): string {
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', `import * as b from '${lib}';\n${code}`], {
    cwd,
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(run.stderr);
  return run.stdout;
}

function pkg(root: string, dir: string, manifest: object, licence?: string): void {
  fs.mkdirSync(path.join(root, dir), { recursive: true });
  fs.writeFileSync(path.join(root, dir, 'package.json'), JSON.stringify(manifest));
  fs.writeFileSync(path.join(root, dir, 'index.js'), '');
  if (licence !== undefined) fs.writeFileSync(path.join(root, dir, 'LICENSE'), licence);
}

test('lists each bundled package once with its version, licence and licence text, and none of the toolkit', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'notices-'));
  pkg(
    root,
    'node_modules/.pnpm/left@1.2.3/node_modules/left',
    { name: 'left', version: '1.2.3', license: 'MIT', homepage: 'https://left.example' },
    'MIT text of left',
  );
  pkg(
    root,
    'node_modules/@scope/right',
    { name: '@scope/right', version: '0.1.0', license: 'ISC', repository: { url: 'https://right.example' } },
    'ISC text',
  );
  pkg(root, 'node_modules/bare', { name: 'bare', version: '2.0.0', license: 'BSD-2-Clause' });
  fs.mkdirSync(path.join(root, 'packages/core/src'), { recursive: true });
  const metafile = {
    inputs: {
      'node_modules/.pnpm/left@1.2.3/node_modules/left/index.js': {},
      'node_modules/.pnpm/left@1.2.3/node_modules/left/lib/more.js': {},
      'node_modules/@scope/right/index.js': {},
      'node_modules/bare/index.js': {},
      'packages/core/src/index.ts': {},
      '(disabled):fs': {},
    },
  };
  runModule(`b.writeThirdPartyNotices('demo', [${JSON.stringify(metafile)}], 'notices.txt', process.cwd());`, root);
  const text = fs.readFileSync(path.join(root, 'notices.txt'), 'utf8');
  fs.rmSync(root, { recursive: true, force: true });
  const listed = text.split('\n').filter((l) => l.startsWith('- '));
  expect(listed).toEqual([
    '- @scope/right 0.1.0 (ISC): https://right.example',
    '- bare 2.0.0 (BSD-2-Clause): https://www.npmjs.com/package/bare',
    '- left 1.2.3 (MIT): https://left.example',
  ]);
  expect(text).toContain('MIT text of left');
  expect(text).toContain('ISC text');
  expect(text).toContain('The package ships no licence file; its package.json declares the licence BSD-2-Clause.');
  expect(text).not.toContain('core');
});

test("resolves hash-wasm's Whirlpool-only build from the core's dependencies", () => {
  const file = runModule('process.stdout.write(b.whirlpoolOnlyHashWasm());', process.cwd());
  expect(path.basename(file)).toBe('whirlpool.umd.min.js');
  expect(fs.readFileSync(file, 'utf8')).toContain('createWhirlpool');
});
