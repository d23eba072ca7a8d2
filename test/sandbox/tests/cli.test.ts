import { execFileSync, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseArgs, usage } from '../src/cli';
import { FAULT_CATALOG } from '../src/faults';
import { LIMIT_CATALOG } from '../src/limits';
import { DEFAULT_LIMITS, DEFAULT_PREMIUM_KEY } from '../src/options';

describe('parseArgs', () => {
  test('flags and environment set every option; flags win', () => {
    const o = parseArgs(
      [
        '--port',
        '0',
        '--limit=ratePerSecond=5',
        '--limit',
        'lockMs=1000',
        '--reset',
        '--keys',
        'premium:AAAAAAAAAAAAAAAAAAAA,free:BBBBBBBBBBBBBBBBBBBB',
        '--fault',
        'serverErrorRate=0.25',
        '--limit',
        'endpointBudgets=off',
      ],
      {
        ONEFICHIER_SANDBOX_LIMITS: 'ratePerSecond=9;burst=4',
        ONEFICHIER_SANDBOX_DATA_DIR: '/tmp/x',
        ONEFICHIER_SANDBOX_FAULTS: 'listingLagMs=100',
      },
    );
    expect(o).toMatchObject({
      port: 0,
      dataDir: '/tmp/x',
      reset: true,
      premiumKeys: ['AAAAAAAAAAAAAAAAAAAA'],
      freeKeys: ['BBBBBBBBBBBBBBBBBBBB'],
      limits: { ratePerSecond: 5, burst: 4, lockMs: 1000, endpointBudgets: false },
      faults: { serverErrorRate: 0.25, listingLagMs: 100 },
    });
  });
  test('--profile, --time-scale, --fault and --limit (repeatable), and their environment forms', () => {
    const o = parseArgs(
      [
        '--profile',
        'strict',
        '--time-scale=0.1',
        '--fault',
        'lostAnswers=2',
        '--fault',
        'lostAnswerEndpoints=file/cp.cgi,folder/mkdir.cgi',
        '--fault',
        'notFound469=true',
        '--limit',
        'lockExtends=off',
      ],
      {
        ONEFICHIER_SANDBOX_FAULTS: 'removalLagMs=5000; lostAnswerMode=drop',
        ONEFICHIER_SANDBOX_LIMITS: 'userInfoLockScope=endpoint',
        ONEFICHIER_SANDBOX_FAULT_SEED: '42',
      },
    );
    expect(o).toMatchObject({
      profile: 'strict',
      faultSeed: 42,
      timeScale: 0.1,
      faults: {
        lostAnswers: 2,
        lostAnswerEndpoints: ['file/cp.cgi', 'folder/mkdir.cgi'],
        notFound469: true,
        removalLagMs: 5000,
        lostAnswerMode: 'drop',
      },
      limits: { lockExtends: false, userInfoLockScope: 'endpoint' },
    });
  });
  test('bad profiles, faults and limits say what is allowed', () => {
    expect(() => parseArgs(['--profile', 'lenient'], {})).toThrow('--profile expects one of default, documented, strict, got "lenient"');
    expect(() => parseArgs(['--fault', 'explode=1'], {})).toThrow(/Unknown fault "explode"; known faults: serverErrorRate, /);
    expect(() => parseArgs(['--fault', 'lostAnswers'], {})).toThrow('--fault expects NAME=VALUE, got "lostAnswers"');
    expect(() => parseArgs(['--fault', 'lostAnswerMode=later'], {})).toThrow('Fault lostAnswerMode must be one of 5xx, drop');
    expect(() => parseArgs(['--fault', 'lostAnswers=1.5'], {})).toThrow('Fault lostAnswers must be an integer >= 0');
    expect(() => parseArgs(['--limit', 'lockExtends=maybe'], {})).toThrow(/Limit lockExtends expects true\/false/);
    expect(() => parseArgs(['--limit', 'toString=1'], {})).toThrow(/Unknown limit "toString"/);
    expect(() => parseArgs(['--fault-seed=1.5'], {})).toThrow('--fault-seed expects an integer from 0 to 4294967295, got "1.5"');
  });
  test('bad input says what to do', () => {
    expect(() => parseArgs(['--bogus'], {})).toThrow('Unknown option "--bogus". Run with --help to see the options.');
    expect(() => parseArgs(['--port', 'abc'], {})).toThrow('--port expects an integer from 0 to 65535, got "abc"');
    expect(() => parseArgs(['--port'], {})).toThrow('--port needs a value (N)');
    expect(() => parseArgs(['--limit'], {})).toThrow('--limit needs a value (NAME=VALUE)');
    expect(() => parseArgs([], { ONEFICHIER_SANDBOX_FAULTS: 'serverErrorRate=2' })).toThrow(
      'Fault serverErrorRate must be a share between 0 and 1',
    );
    // Limits and faults have one spelling each: --limit NAME=VALUE and --fault NAME=VALUE.
    expect(() => parseArgs(['--rate', '5'], {})).toThrow('Unknown option "--rate". Run with --help to see the options.');
    expect(() => parseArgs(['3737'], {})).toThrow(
      'Unexpected argument 3737: every option starts with --. Run with --help to see the options.',
    );
    expect(() => parseArgs(['--reset=0'], {})).toThrow(
      '--reset takes no value; set it with --reset alone, or with its environment variable',
    );
    expect(parseArgs(['--help'], {})).toBe('help');
    expect(parseArgs(['-h'], {})).toBe('help');
  });
  test('--help lists every flag with its environment variable, and every flag it lists is accepted', () => {
    const text = usage();
    const flags = [...text.matchAll(/^ {2}(--[a-z-]+)( [A-Z=|a-z]+)?/gm)].map((m) => [m[1]!, m[2]?.trim()] as const);
    expect(flags.map(([flag]) => flag)).toEqual(
      expect.arrayContaining(['--port', '--data-dir', '--keys', '--limit', '--fault', '--reset']),
    );
    for (const [flag, arg] of flags) {
      if (flag === '--help') continue;
      // Each listed flag parses (with a value of the right shape, or none), and its environment variable follows it.
      const value = { N: '1', X: '1', MS: '1', BYTES: '1', PATH: '/tmp/x', LIST: 'KEY', NAME: 'default', 'NAME=VALUE': '' }[arg ?? ''];
      if (arg === 'NAME=VALUE') continue; // parsed by the catalogs, tested above
      expect(() => parseArgs(arg ? [flag, value ?? ''] : [flag], {})).not.toThrow();
      expect(text).toMatch(new RegExp(`^ {2}${flag}\\b.*\\n {35}env ONEFICHIER_SANDBOX_[A-Z_0-9]+`, 'm'));
    }
    // Every profile, every limit (with the default profile's value) and every fault is listed with what it does.
    expect(text).toMatch(/^ {2}strict {7}the pessimistic evidence/m);
    for (const [name, spec] of Object.entries(LIMIT_CATALOG)) {
      expect(text).toContain(`  ${name.padEnd(24)} ${spec.summary} [${String(DEFAULT_LIMITS[name as keyof typeof DEFAULT_LIMITS])}]`);
    }
    for (const [name, spec] of Object.entries(FAULT_CATALOG)) expect(text).toContain(`  ${name.padEnd(24)} ${spec.summary}`);
    expect(text).toMatch(/^ {2}lockMs {19}how long a flood lock lasts \[60000\]$/m);
  });
});

describe('the CLI process', () => {
  const cli = path.join(__dirname, '..', 'dist', 'cli.js');
  beforeAll(() => {
    // Test the CLI that `pnpm sandbox` runs: build it from the current sources first.
    execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(__dirname, '..', 'tsconfig.build.json')], {
      stdio: 'inherit',
    });
  }, 60_000);
  test('prints the base URL and key first, serves, and stops cleanly on SIGTERM', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sandbox-cli-'));
    const child = spawn(process.execPath, [cli, '--port', '0', '--upload-port', '0', '--download-port', '0', '--data-dir', dir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    for (const end = Date.now() + 20_000; !out.includes('Ctrl-C') && Date.now() < end; ) await new Promise((r) => setTimeout(r, 50));
    const lines = out.split('\n');
    expect(lines[0]).toMatch(/^API base URL: http:\/\/127\.0\.0\.1:\d+\/v1$/);
    expect(lines[1]).toBe(`API key: ${DEFAULT_PREMIUM_KEY}`);
    expect(out).toContain(`Data folder: ${dir}`);
    expect(out).toContain('Profile: default\n');
    expect(out).toMatch(/Limits: 3 req\/s per IP .*\(counted, not enforced\)/);
    const base = lines[0]!.slice('API base URL: '.length);
    const r = await fetch(`${base}/folder/ls.cgi`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${DEFAULT_PREMIUM_KEY}`, 'Content-Type': 'application/json' },
      body: '{"folder_id":0}',
    });
    expect(await r.json()).toMatchObject({ status: 'OK', name: 'Root' });
    const code = await new Promise<number | null>((resolve) => {
      child.on('exit', (c) => resolve(c));
      child.kill('SIGTERM');
    });
    expect(code).toBe(0);
    expect(fs.existsSync(path.join(dir, 'state.json'))).toBe(true);
    fs.rmSync(dir, { recursive: true, force: true });
  }, 40_000);
});
