/**
 * The core's public face (package.json `exports`): the entry holds what a library consumer needs, and the two
 * other subpaths hold what is not for them: the editor contract (src/lsp-contract.ts) and the seams the
 * toolkit's tests reach into (src/internal.ts, no semver promise). Neither leaks back into the entry.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as entry from '../src';
import * as internal from '../src/internal';
import * as lspContract from '../src/lsp-contract';

const packageDir = path.join(__dirname, '..');
const manifest = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8')) as {
  exports: Record<string, string | { types: string; default: string }>;
  typesVersions: Record<string, Record<string, string[]>>;
};

test('every subpath resolves for TypeScript too (typesVersions) and is built from a source file of its own', () => {
  const subpaths = Object.entries(manifest.exports).filter(([key]) => key !== '.' && key !== './package.json');
  expect(subpaths.map(([key]) => key).sort()).toEqual(['./internal', './lsp-contract', './node']);
  for (const [key, target] of subpaths) {
    if (typeof target === 'string') throw new Error(`${key} has no types condition`);
    expect(manifest.typesVersions['*']?.[key.slice(2)]).toEqual([target.types.replace(/^\.\//, '')]);
    const source = path.join(packageDir, 'src', target.default.replace(/^\.\/dist\//, '').replace(/\.js$/, '.ts'));
    expect(fs.existsSync(source)).toBe(true);
  }
});

test('the entry exports none of the internal seams and none of the editor contract', () => {
  const exported = new Set(Object.keys(entry));
  expect(Object.keys(internal).filter((name) => exported.has(name))).toEqual([]);
  expect(Object.keys(lspContract).filter((name) => exported.has(name))).toEqual([]);
  // The client and what every front end shares stay public.
  for (const name of ['OneFichierClient', 'OneFichierError', 'isOneFichierError', 'parseFileUrl', 'DEFAULT_BASE_URL', 'FLOOD_CODES']) {
    expect(exported.has(name)).toBe(true);
  }
});
