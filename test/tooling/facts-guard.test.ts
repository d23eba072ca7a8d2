/**
 * The lint guard on shared facts (eslint.config.mjs, SHARED_FACTS): a front end that writes its own copy of
 * a fact the core owns fails `pnpm lint`; the core itself, the facts' home, does not. ESLint runs as
 * `pnpm lint` runs it, on source given through stdin under a path of each package.
 */
import { spawnSync } from 'child_process';
import * as path from 'path';

const root = path.join(__dirname, '..', '..');
const eslintBin = path.join(root, 'node_modules', 'eslint', 'bin', 'eslint.js');

/** One copy of each fact, as the front ends had them before they imported the core's. */
const COPIES = [
  `export const a = 'https://api.1fichier.com/v1';`,
  'export const b = `${1}https://api.1fichier.com/v1`;',
  `export const c = /^https?:\\/\\/(?:www\\.)?1fichier\\.com\\/\\?([a-z0-9]{5,20})$/;`,
  `export const d = new RegExp('^https?://[^/?#\\\\s]+/?\\\\?[A-Za-z0-9]{5,40}(?:&.*)?$');`,
  `export const e = ['1fichier.com', 'alterupload.com'];`,
  `export const f = (t: string) => t.replace(/\\b(Bearer|Basic)\\s+\\S+/gi, '$1 [REDACTED]');`,
  `export const g = (e: { name?: string }) => e.name === 'OneFichierError';`,
  `export const h = new Intl.DateTimeFormat('en', { timeZone: 'Europe/Paris' });`,
  `export const i = ['B', 'KB', 'MB'];`,
  `export const j = [300e9, 500e9, 31_000, 30_000, 300_000];`,
];
/** Look-alikes that are not copies: a message prefix, a unit in prose, other numbers. */
const NOT_COPIES = [
  `export const k = (m: string) => m.replace(/^1fichier\\s+/i, '');`,
  `export const l = ['kB per second', 5000, 60_000];`,
];

interface LintMessage {
  ruleId: string | null;
  line: number;
}

function lint(filePath: string, source: string): LintMessage[] {
  const run = spawnSync(process.execPath, [eslintBin, '--stdin', '--stdin-filename', filePath, '--format', 'json'], {
    cwd: root,
    input: source,
    encoding: 'utf8',
  });
  const [result] = JSON.parse(run.stdout) as { messages: LintMessage[] }[];
  return result?.messages ?? [];
}

const guarded = (messages: LintMessage[]) => messages.filter((m) => m.ruleId === 'no-restricted-syntax').map((m) => m.line);

test.each([
  'packages/vscode-1fichier/src/copy.ts',
  'packages/language-server/src/copy.ts',
  'packages/n8n-nodes-1fichier/nodes/OneFichier/helpers/copy.ts',
  'packages/n8n-nodes-1fichier/credentials/Copy.credentials.ts',
])('a copy of every shared fact fails lint in %s', (filePath) => {
  const lines = new Set(guarded(lint(filePath, [...COPIES, ...NOT_COPIES].join('\n'))));
  expect([...lines].sort((a, b) => a - b)).toEqual(COPIES.map((_, index) => index + 1));
});

test("the core, the facts' home, may write them", () => {
  expect(guarded(lint('packages/core/src/copy.ts', COPIES.join('\n')))).toEqual([]);
});
