/** The pure entry must not touch Node globals or modules: n8n's verification rules forbid them in the bundle. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const SRC = join(__dirname, '..', 'src');

function pureFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return name === 'node' ? [] : pureFiles(p);
    return p.endsWith('.ts') ? [p] : [];
  });
}

/** Code without comments and string contents, so a word in a message or a comment does not count. */
function codeOnly(source: string): string {
  return source
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/(^|[^:])\/\/.*$/gm, '$1')
    .replace(/`(?:\\[\s\S]|[^`\\])*`/g, '``')
    .replace(/'(?:\\.|[^'\\\n])*'/g, "''")
    .replace(/"(?:\\.|[^"\\\n])*"/g, '""');
}

const FORBIDDEN_IDENTIFIERS = [
  'process',
  'setTimeout',
  'setInterval',
  'setImmediate',
  'clearTimeout',
  'clearInterval',
  'Buffer',
  'console',
  'globalThis',
  '__dirname',
  '__filename',
  'require',
];

describe('pure entry (src outside src/node)', () => {
  const files = pureFiles(SRC);

  test('there are pure source files to check', () => {
    expect(files.map((f) => relative(SRC, f))).toEqual(
      expect.arrayContaining(['index.ts', 'client.ts', 'limiter.ts', 'retry.ts', 'parse.ts', 'errors.ts']),
    );
  });

  test.each(FORBIDDEN_IDENTIFIERS)('no file uses %s', (word) => {
    const offenders = files.filter((f) => new RegExp(`(^|[^.\\w$])${word}\\b`).test(codeOnly(readFileSync(f, 'utf8'))));
    expect(offenders.map((f) => relative(SRC, f))).toEqual([]);
  });

  test('imports are relative files or hash-wasm only', () => {
    const bad: string[] = [];
    for (const f of files) {
      const src = readFileSync(f, 'utf8');
      for (const m of src.matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)) {
        const spec = m[1] ?? m[2]!;
        if (!spec.startsWith('./') && !spec.startsWith('../') && spec !== 'hash-wasm') bad.push(`${relative(SRC, f)}: ${spec}`);
        if (spec.startsWith('./node') || spec.includes('/node/')) bad.push(`${relative(SRC, f)}: ${spec}`);
      }
    }
    expect(bad).toEqual([]);
  });

  test('the scanner itself catches a forbidden use', () => {
    expect(/(^|[^.\w$])setTimeout\b/.test(codeOnly('const x = 1; setTimeout(() => x, 1);'))).toBe(true);
    expect(/(^|[^.\w$])process\b/.test(codeOnly("// process is mentioned in a comment\nconst s = 'process';"))).toBe(false);
  });
});
