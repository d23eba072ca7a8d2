#!/usr/bin/env node
import { parseArgs as parseCommandLine } from 'util';
import { startSandbox } from './index';
import { FAULT_CATALOG, parseFaultValue, type FaultName } from './faults';
import { LIMIT_CATALOG, parseLimitValue } from './limits';
import {
  DEFAULT_FREE_KEY,
  DEFAULT_LIMITS,
  DEFAULT_PREMIUM_KEY,
  NO_FAULTS,
  defaultDataDir,
  type Faults,
  type Limits,
  type SandboxOptionsInput,
} from './options';
import { isProfileName, PROFILE_NAMES, PROFILES } from './profiles';

interface Opt {
  flag: string;
  env: string;
  arg: string | null; // null = boolean switch
  help: string;
  /** May be given several times (each value is applied in turn). */
  repeatable?: boolean;
  apply(o: SandboxOptionsInput & { limits: Partial<Limits>; faults: Partial<Faults> }, v: string): void;
}

const num = (name: string, v: string, { int = true, min = 0, max = Infinity } = {}): number => {
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n) || (int && !Number.isInteger(n)) || n < min || n > max) {
    throw new Error(
      `${name} expects ${int ? 'an integer' : 'a number'}${max < Infinity ? ` from ${min} to ${max}` : ` >= ${min}`}, got "${v}"`,
    );
  }
  return n;
};
const bool = (name: string, v: string): boolean => {
  if (/^(1|true|yes|on)$/i.test(v)) return true;
  if (/^(0|false|no|off)$/i.test(v)) return false;
  throw new Error(`${name} expects 1/0, true/false, yes/no or on/off, got "${v}"`);
};

/** `a=1;b=2` (one or more NAME=VALUE, `;`-separated in the environment) read into `target` by `parse`. */
function assignEach(flag: string, text: string, target: object, parse: (name: string, value: string) => unknown): void {
  for (const item of text.split(';').map((x) => x.trim())) {
    if (item === '') continue;
    const i = item.indexOf('=');
    if (i <= 0) throw new Error(`${flag} expects NAME=VALUE, got "${item}"`);
    const name = item.slice(0, i).trim();
    (target as Record<string, unknown>)[name] = parse(name, item.slice(i + 1).trim());
  }
}

const OPTIONS: Opt[] = [
  {
    flag: '--profile',
    env: 'PROFILE',
    arg: 'NAME',
    help: `limits and faults to start from: ${PROFILE_NAMES.join(', ')} (default: default)`,
    apply: (o, v) => {
      if (!isProfileName(v)) throw new Error(`--profile expects one of ${PROFILE_NAMES.join(', ')}, got "${v}"`);
      o.profile = v;
    },
  },
  {
    flag: '--time-scale',
    env: 'TIME_SCALE',
    arg: 'X',
    help: "multiply the profile's durations by X (and divide its rate): 0.1 = ten times faster (default 1)",
    apply: (o, v) => {
      o.timeScale = num('--time-scale', v, { int: false, min: 1e-6 });
    },
  },
  {
    flag: '--fault-seed',
    env: 'FAULT_SEED',
    arg: 'N',
    help: 'seed of the random faults (which calls get a 5xx): the same seed and calls meet the same faults (default 1)',
    apply: (o, v) => {
      o.faultSeed = num('--fault-seed', v, { max: 0xffffffff });
    },
  },
  {
    flag: '--fault',
    env: 'FAULTS',
    arg: 'NAME=VALUE',
    help: 'switch a fault or behaviour on, e.g. --fault lostAnswers=2 --fault removalLagMs=5000 (repeatable; env: separated by ;)',
    repeatable: true,
    apply: (o, v) => assignEach('--fault', v, o.faults, parseFaultValue),
  },
  {
    flag: '--limit',
    env: 'LIMITS',
    arg: 'NAME=VALUE',
    help: 'set any limit, e.g. --limit lockExtends=true --limit tokenWindowMs=60000 (repeatable; env: separated by ;)',
    repeatable: true,
    apply: (o, v) => assignEach('--limit', v, o.limits, parseLimitValue),
  },
  {
    flag: '--port',
    env: 'PORT',
    arg: 'N',
    help: 'API host port (default 3737; 0 = any free port)',
    apply: (o, v) => {
      o.port = num('--port', v, { max: 65535 });
    },
  },
  {
    flag: '--upload-port',
    env: 'UPLOAD_PORT',
    arg: 'N',
    help: 'upload node port (default 3738)',
    apply: (o, v) => {
      o.uploadPort = num('--upload-port', v, { max: 65535 });
    },
  },
  {
    flag: '--download-port',
    env: 'DOWNLOAD_PORT',
    arg: 'N',
    help: 'download host port (default 3739)',
    apply: (o, v) => {
      o.downloadPort = num('--download-port', v, { max: 65535 });
    },
  },
  {
    flag: '--data-dir',
    env: 'DATA_DIR',
    arg: 'PATH',
    help: `data folder (default ${defaultDataDir()})`,
    apply: (o, v) => {
      o.dataDir = v;
    },
  },
  {
    flag: '--reset',
    env: 'RESET',
    arg: null,
    help: 'wipe the data folder before starting',
    apply: (o, v) => {
      o.reset = bool('--reset', v);
    },
  },
  {
    flag: '--keys',
    env: 'KEYS',
    arg: 'LIST',
    help: 'accepted API keys, comma-separated, each "premium:KEY" or "free:KEY" (a bare KEY is premium)',
    apply: (o, v) => {
      o.premiumKeys = [];
      o.freeKeys = [];
      for (const item of v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)) {
        const m = /^(?:(premium|free):)?(.*)$/.exec(item)!;
        (m[1] === 'free' ? o.freeKeys : o.premiumKeys).push(m[2]!);
      }
    },
  },
  {
    flag: '--max-file-size',
    env: 'MAX_FILE_SIZE',
    arg: 'BYTES',
    help: 'largest accepted file (default 300e9)',
    apply: (o, v) => {
      o.maxFileSize = num('--max-file-size', v, { int: false, min: 1 });
    },
  },
  {
    flag: '--token-ttl-ms',
    env: 'TOKEN_TTL_MS',
    arg: 'MS',
    help: 'download token lifetime (default 300000)',
    apply: (o, v) => {
      o.tokenTtlMs = num('--token-ttl-ms', v, { min: 1 });
    },
  },
  {
    flag: '--endpl-ttl-ms',
    env: 'ENDPL_TTL_MS',
    arg: 'MS',
    help: 'how long end.pl keeps an answer (default 7200000)',
    apply: (o, v) => {
      o.endPlTtlMs = num('--endpl-ttl-ms', v, { min: 1 });
    },
  },
  {
    flag: '--user-info-integers',
    env: 'USER_INFO_INTEGERS',
    arg: null,
    help: 'user/info answers integers where rclone expects strings',
    apply: (o, v) => {
      o.userInfoIntegers = bool('--user-info-integers', v);
    },
  },
];

const ENV_PREFIX = 'ONEFICHIER_SANDBOX_';

export function usage(): string {
  const lines = [
    'Usage: pnpm sandbox [options]    (or: node test/sandbox/dist/cli.js [options])',
    '',
    'A local 1fichier-compatible server on 127.0.0.1: API host, upload node and download host.',
    'Every option can also be set by an environment variable; flags win.',
    '',
  ];
  for (const o of OPTIONS) {
    const left = `  ${o.flag}${o.arg ? ` ${o.arg}` : ''}`;
    lines.push(`${left.padEnd(34)} ${o.help}`, `${''.padEnd(35)}env ${ENV_PREFIX}${o.env}${o.arg ? '' : '=1'}`);
  }
  lines.push('  --help'.padEnd(34) + ' show this help');
  lines.push('', 'Profiles:');
  for (const name of PROFILE_NAMES) lines.push(`  ${name.padEnd(12)} ${PROFILES[name].summary}`);
  lines.push('', `Limits (--limit NAME=VALUE; default profile's value in brackets):`);
  for (const [name, spec] of Object.entries(LIMIT_CATALOG)) {
    lines.push(`  ${name.padEnd(24)} ${spec.summary} [${String(DEFAULT_LIMITS[name as keyof Limits])}]`);
  }
  lines.push('', 'Faults and behaviours (--fault NAME=VALUE):');
  for (const [name, spec] of Object.entries(FAULT_CATALOG)) lines.push(`  ${name.padEnd(24)} ${spec.summary}`);
  return lines.join('\n');
}

/** What node:util's parseArgs refused, in this CLI's words (each says what to do). */
function usageError(error: unknown): Error {
  const e = error as { code?: string; message?: string };
  const flag = /--[\w-]+/.exec(e.message ?? '')?.[0] ?? '';
  const opt = OPTIONS.find((x) => x.flag === flag);
  switch (e.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return new Error(`Unknown option "${flag || /'([^']+)'/.exec(e.message ?? '')?.[1]}". Run with --help to see the options.`);
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return new Error(
        opt?.arg
          ? `${flag} needs a value (${opt.arg})`
          : `${flag} takes no value; set it with ${flag} alone, or with its environment variable`,
      );
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return new Error(
        `Unexpected argument ${/'([^']+)'/.exec(e.message ?? '')?.[1] ?? ''}: every option starts with --. Run with --help to see the options.`,
      );
    default:
      return error instanceof Error ? error : new Error(String(error));
  }
}

export function parseArgs(argv: string[], env: NodeJS.ProcessEnv): SandboxOptionsInput | 'help' {
  const o: SandboxOptionsInput & { limits: Partial<Limits>; faults: Partial<Faults> } = {
    port: 3737,
    uploadPort: 3738,
    downloadPort: 3739,
    limits: {},
    faults: {},
  };
  let values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  try {
    ({ values } = parseCommandLine({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        help: { type: 'boolean', short: 'h' },
        ...Object.fromEntries(
          OPTIONS.map((opt) => [
            opt.flag.slice(2),
            { type: opt.arg === null ? ('boolean' as const) : ('string' as const), multiple: opt.repeatable === true },
          ]),
        ),
      },
    }));
  } catch (e) {
    throw usageError(e);
  }
  if (values.help) return 'help';
  for (const opt of OPTIONS) {
    const v = env[ENV_PREFIX + opt.env];
    if (v !== undefined && v !== '') opt.apply(o, v);
  }
  // Flags win over the environment.
  for (const opt of OPTIONS) {
    const given = values[opt.flag.slice(2)];
    for (const v of given === undefined ? [] : Array.isArray(given) ? given : [given]) opt.apply(o, v === true ? '1' : String(v));
  }
  return o;
}

function describeFaults(f: Faults): string {
  const on = (Object.keys(NO_FAULTS) as FaultName[])
    .filter((k) => JSON.stringify(f[k]) !== JSON.stringify(NO_FAULTS[k]))
    .map((k) => `${k}=${Array.isArray(f[k]) ? f[k].join(',') : String(f[k])}`);
  return on.length ? on.join(', ') : 'none';
}

async function main(): Promise<void> {
  let parsed: SandboxOptionsInput | 'help';
  try {
    parsed = parseArgs(process.argv.slice(2), process.env);
  } catch (e) {
    console.error(`sandbox: ${(e as Error).message}`);
    process.exit(2);
  }
  if (parsed === 'help') {
    console.log(usage());
    return;
  }
  let sandbox;
  try {
    sandbox = await startSandbox(parsed);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const hint =
      err.code === 'EADDRINUSE' ? ' (another sandbox running? pick other ports with --port / --upload-port / --download-port)' : '';
    console.error(`sandbox: cannot start: ${err.message}${hint}`);
    process.exit(1);
  }
  const s = sandbox.state();
  const l = s.limits;
  const premium = parsed.premiumKeys ?? [DEFAULT_PREMIUM_KEY];
  const free = parsed.freeKeys ?? [DEFAULT_FREE_KEY];
  console.log(`API base URL: ${sandbox.apiBaseUrl}`);
  console.log(`API key: ${sandbox.premiumKey || sandbox.freeKey}`);
  const others = [...premium.slice(1).map((k) => `${k} (premium)`), ...free.map((k) => `${k} (free: no download tokens)`)];
  console.log(`Other keys: ${others.length ? others.join(', ') : 'none'}`);
  console.log(`Upload node: ${sandbox.uploadHost}`);
  console.log(`Download host: ${sandbox.downloadBaseUrl}`);
  console.log(`Data folder: ${sandbox.dataDir}`);
  console.log(`Profile: ${s.profile}${s.timeScale !== 1 ? ` (time x${s.timeScale})` : ''}`);
  console.log(
    `Limits: ${l.ratePerSecond} req/s per IP (burst ${l.burst}), flood lock ${l.lockMs / 1000} s (#${l.floodCode})` +
      `${l.lockExtends ? ', extended by calls made during it' : ''}, ` +
      (l.endpointBudgets
        ? `folder listing 1/${l.folderListWindowMs / 1000} s per folder, list-all 1/${l.listAllWindowMs / 1000} s, ` +
          `user/info 1/${l.userInfoIpWindowMs / 1000} s per IP and 1/${l.userInfoUserWindowMs / 1000} s per user` +
          `${l.tokenWindowMs > 0 ? `, get_token 1/${l.tokenWindowMs / 1000} s per IP` : ''} ` +
          `(${l.budgetsLock ? 'enforced' : 'counted, not enforced'})`
        : 'per-endpoint budgets off'),
  );
  console.log(`Faults: ${describeFaults(s.faults)}`);
  console.log(`Admin (loopback): GET ${sandbox.apiBaseUrl.replace(/\/v1$/, '')}/__sandbox/state, POST .../__sandbox/faults`);
  console.log('Press Ctrl-C to stop.');

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\nsandbox: ${signal}, stopping`);
    sandbox.stop().then(
      () => process.exit(0),
      (e: unknown) => {
        console.error(`sandbox: error while stopping: ${(e as Error).message}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

if (require.main === module) void main();
