/**
 * The command lines of `pnpm start` (scripts/lib/playground/options.mjs), `pnpm bench` (bench/run.mjs) and
 * `pnpm test` (scripts/test.mjs), read with node:util parseArgs: the flags they take, and what a bad one
 * says. The modules are ESM, so each case runs in a child Node process.
 */
import { spawnSync } from 'child_process';
import * as path from 'path';
import { pathToFileURL } from 'url';

const root = path.join(__dirname, '..', '..');

/** Calls `fn(...args)` exported by `module` in a child process: its JSON result, or the message it threw. */
function call(module: string, fn: string, args: unknown[]): { value?: unknown; error?: string } {
  const url = pathToFileURL(path.join(root, module)).href;
  const script = `import { ${fn} } from ${JSON.stringify(url)};
try { process.stdout.write(JSON.stringify({ value: ${fn}(...${JSON.stringify(args)}) })); }
catch (e) { process.stdout.write(JSON.stringify({ error: e.message })); }`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout) as { value?: unknown; error?: string };
}

describe('pnpm start options', () => {
  const parse = (argv: string[], env: Record<string, string> = {}) =>
    call('scripts/lib/playground/options.mjs', 'parseOptions', [argv, env, '/repo']);

  test('every flag, in both --flag value and --flag=value forms, and the pnpm separator', () => {
    const { value } = parse([
      '--',
      '--only',
      'n8n',
      '--only=vscode',
      '--reset',
      '--rebuild',
      '--sandbox-port=4000',
      '--n8n-port',
      '6000',
      '--vscode-port',
      '9000',
      '--data-dir',
      '/tmp/d',
      '--playground-dir=/tmp/p',
    ]);
    expect(value).toMatchObject({
      parts: ['sandbox', 'n8n', 'vscode'],
      reset: true,
      rebuild: true,
      help: false,
      ports: { sandbox: 4000, n8n: 6000, vscode: 9000 },
      dataDir: '/tmp/d',
      playgroundDir: '/tmp/p',
    });
    expect(parse(['-h']).value).toMatchObject({ help: true });
    expect(parse([]).value).toMatchObject({
      parts: ['sandbox', 'n8n', 'vscode'],
      ports: { sandbox: 3737, n8n: 5678, vscode: 8080 },
      dataDir: '/repo/.sandbox-data',
    });
  });

  test.each([
    [['--bogus'], 'Unknown option "--bogus". Run pnpm start --help to see the options.'],
    [['--only', 'n8m'], '--only n8m: unknown part. Use one of sandbox, n8n, vscode (for example: pnpm start --only vscode).'],
    [['--only'], '--only needs a part: one of sandbox, n8n, vscode. Example: pnpm start --only n8n'],
    [['--only', '--reset'], '--only needs a part: one of sandbox, n8n, vscode. Example: pnpm start --only n8n'],
    [['--n8n-port', 'abc'], '--n8n-port needs a port number, got "abc". Example: --n8n-port 5678'],
    [['--vscode-port'], '--vscode-port needs a port number, got "". Example: --vscode-port 5678'],
    [['--sandbox-port', '70000'], '--sandbox-port 70000 is out of range: use a port between 1 and 65535.'],
    [['--data-dir'], '--data-dir needs a folder. Example: --data-dir /tmp/my-playground'],
    [['--reset=yes'], '--reset takes no value. Run pnpm start --help to see the options.'],
  ])('%j is refused: %s', (argv, message) => {
    expect(parse(argv)).toEqual({ error: message });
  });
});

describe('pnpm bench options', () => {
  const parse = (argv: string[]) => call('bench/run.mjs', 'parseBenchArgs', [argv]);

  test('every flag', () => {
    expect(parse(['--smoke', '--only', 'upload,list', '--out', '/tmp/r.json', '--profile', '--big-mib', '64', '--runs=2']).value).toEqual({
      smoke: true,
      only: ['upload', 'list'],
      out: '/tmp/r.json',
      profile: true,
      help: false,
      bigMiB: 64,
      runs: 2,
    });
    expect(parse(['--help']).value).toMatchObject({ help: true });
    expect(parse([]).value).toEqual({ smoke: false, only: null, out: null, profile: false, help: false });
  });

  test.each([
    [['--fast'], 'unknown argument "--fast"; run with --help for the usage'],
    [['smoke'], 'unknown argument "smoke"; run with --help for the usage'],
    [['--out'], '--out needs a value; run with --help for the usage'],
    [['--runs', '0'], '--runs needs a whole number >= 1'],
  ])('%j is refused: %s', (argv, message) => {
    expect(parse(argv)).toEqual({ error: message });
  });

  test('an unknown group is refused with the list of groups that exist', () => {
    // The list grows with the benchmark; what matters is that it names the groups one can use.
    expect(parse(['--only', 'upload,gpu']).error).toMatch(/^unknown group\(s\) gpu; known: upload, limiter(, [a-z0-9-]+)+$/);
  });
});

describe('pnpm test stages', () => {
  const run = (args: string[]) =>
    spawnSync(process.execPath, [path.join(root, 'scripts', 'test.mjs'), ...args], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, CI: '' },
    });

  test.each([
    [['--only', 'jst'], /^test: unknown stage jst; the stages are build, lint, jest, /],
    [['--skipp', 'e2e-vscode'], /^test: Unknown option '--skipp'\. Use --only or --skip with a comma list of stages: build, /],
    [['--only'], /^test: Option '--only <value>' argument missing\. Use --only or --skip /],
  ])('%j stops before any stage, saying what to type', (args, message) => {
    const result = run(args);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stdout).toBe('');
  });
});
