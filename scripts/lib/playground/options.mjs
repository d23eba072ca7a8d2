// Command-line options of `pnpm start`: parsed strictly, so a typo is an error that says what to type,
// never a silently ignored flag.
import { isAbsolute, resolve } from 'node:path';
import { parseScriptArgs } from '../args.mjs';

const PARTS = ['sandbox', 'n8n', 'vscode'];

/** The sandbox's default is `pnpm sandbox`'s: API host 3737, upload node 3738, download host 3739. */
const DEFAULT_PORTS = { sandbox: 3737, n8n: 5678, vscode: 8080 };

/** The real service's API base URL (docs/api-notes.md#hosts). */
const REAL_API_BASE_URL = 'https://api.1fichier.com/v1';

export class UsageError extends Error {}

export const USAGE = `Usage: pnpm start [options]

Starts a local 1fichier playground: the sandbox (a local 1fichier-compatible server), a real n8n with the
1fichier node, and a real VS Code (code-server) with the 1fichier extension, all pointed at the sandbox.
With ONEFICHIER_API_KEY set, n8n and VS Code use the real 1fichier service instead (no sandbox).
Ctrl-C stops everything it started.

Options:
  --only <part>          start only sandbox, n8n or vscode (repeat it, or use a comma list, for several);
                         n8n and vscode still get the sandbox they talk to, unless ONEFICHIER_API_KEY is set
  --reset                wipe the sandbox's data folder first (uploaded files and folders are lost)
  --sandbox-port <port>  sandbox API port (default ${DEFAULT_PORTS.sandbox}; its upload node and download host use the next two)
  --n8n-port <port>      n8n editor port (default ${DEFAULT_PORTS.n8n}; its task broker uses the next port)
  --vscode-port <port>   code-server port (default ${DEFAULT_PORTS.vscode})
  --data-dir <dir>       sandbox data folder (default .sandbox-data, kept between runs)
  --playground-dir <dir> n8n and VS Code state, logs (default .playground, ignored by git)
  --rebuild              rebuild the packages even when their build looks up to date
  -h, --help             show this help

Environment:
  ONEFICHIER_API_KEY     use the real service with this key (never printed)
  ONEFICHIER_TOOLS_DIR   where n8n, Node 24 and code-server are installed (default ~/.cache/onefichier-toolkit)`;

function parsePort(flag, value) {
  if (!/^\d+$/.test(value ?? ''))
    throw new UsageError(`${flag} needs a port number, got ${JSON.stringify(value ?? '')}. Example: ${flag} ${DEFAULT_PORTS.n8n}`);
  const port = Number(value);
  if (port < 1 || port > 65535) throw new UsageError(`${flag} ${value} is out of range: use a port between 1 and 65535.`);
  return port;
}

function parseParts(value) {
  if (!value) throw new UsageError(`--only needs a part: one of ${PARTS.join(', ')}. Example: pnpm start --only n8n`);
  const parts = value
    .split(',')
    .map((p) => p.trim().toLowerCase())
    .filter(Boolean);
  for (const part of parts) {
    if (!PARTS.includes(part))
      throw new UsageError(`--only ${part}: unknown part. Use one of ${PARTS.join(', ')} (for example: pnpm start --only vscode).`);
  }
  return parts;
}

/**
 * Parses argv (without node and the script) and the environment into the playground's options.
 * @returns {{ parts: string[], reset: boolean, rebuild: boolean, help: boolean, ports: {sandbox:number,n8n:number,vscode:number},
 *   dataDir: string, playgroundDir: string, realApiKey: string|undefined, apiBaseUrl: string|undefined }}
 */
export function parseOptions(argv, env, repoRoot) {
  const opts = {
    parts: null,
    reset: false,
    rebuild: false,
    help: false,
    ports: { ...DEFAULT_PORTS },
    dataDir: resolve(repoRoot, '.sandbox-data'),
    playgroundDir: resolve(repoRoot, env.ONEFICHIER_PLAYGROUND_DIR || '.playground'),
    realApiKey: undefined,
  };
  const portFlags = { 'sandbox-port': 'sandbox', 'n8n-port': 'n8n', 'vscode-port': 'vscode' };
  const folder = (flag, value) => {
    if (!value) throw new UsageError(`--${flag} needs a folder. Example: --${flag} /tmp/my-playground`);
    return isAbsolute(value) ? value : resolve(process.cwd(), value);
  };
  /** Each option with a value, and what it says when the value is missing. */
  const needsValue = {
    only: () => parseParts(undefined),
    'sandbox-port': () => parsePort('--sandbox-port', undefined),
    'n8n-port': () => parsePort('--n8n-port', undefined),
    'vscode-port': () => parsePort('--vscode-port', undefined),
    'data-dir': () => folder('data-dir', undefined),
    'playground-dir': () => folder('playground-dir', undefined),
  };
  let values;
  try {
    values = parseScriptArgs(argv, {
      help: { type: 'boolean', short: 'h' },
      reset: { type: 'boolean' },
      rebuild: { type: 'boolean' },
      only: { type: 'string', multiple: true },
      'sandbox-port': { type: 'string' },
      'n8n-port': { type: 'string' },
      'vscode-port': { type: 'string' },
      'data-dir': { type: 'string' },
      'playground-dir': { type: 'string' },
    });
  } catch (err) {
    const flag = /--([\w-]+)/.exec(err.message)?.[1];
    if (err.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && flag in needsValue) needsValue[flag]();
    if (err.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE')
      throw new UsageError(`--${flag} takes no value. Run pnpm start --help to see the options.`);
    const given = /'([^']+)'/.exec(err.message)?.[1] ?? '';
    throw new UsageError(`Unknown option ${JSON.stringify(given)}. Run pnpm start --help to see the options.`);
  }
  opts.help = values.help === true;
  opts.reset = values.reset === true;
  opts.rebuild = values.rebuild === true;
  if (values.only) opts.parts = [...new Set(values.only.flatMap((value) => parseParts(value)))];
  for (const [flag, part] of Object.entries(portFlags))
    if (values[flag] !== undefined) opts.ports[part] = parsePort(`--${flag}`, values[flag]);
  if (values['data-dir'] !== undefined) opts.dataDir = folder('data-dir', values['data-dir']);
  if (values['playground-dir'] !== undefined) opts.playgroundDir = folder('playground-dir', values['playground-dir']);
  if (opts.help) return opts;
  opts.parts ??= [...PARTS];
  // n8n and VS Code are pointed at the sandbox, so it comes with them.
  if (!opts.parts.includes('sandbox')) opts.parts.unshift('sandbox');

  const key = env.ONEFICHIER_API_KEY;
  if (key !== undefined && key.trim() !== '') {
    if (/\s/.test(key.trim()) || key.trim().length < 8) {
      throw new UsageError(
        'ONEFICHIER_API_KEY does not look like a 1fichier API key (too short or contains spaces). Copy it again from https://1fichier.com/console/params.pl, or unset it to use the sandbox.',
      );
    }
    opts.realApiKey = key.trim();
    opts.apiBaseUrl = REAL_API_BASE_URL;
    if (opts.parts.length === 1) {
      throw new UsageError(
        '--only sandbox and ONEFICHIER_API_KEY contradict each other: with the key set nothing uses the sandbox. Unset ONEFICHIER_API_KEY to run the sandbox.',
      );
    }
    opts.parts = opts.parts.filter((p) => p !== 'sandbox');
    if (opts.reset)
      throw new UsageError('--reset wipes the sandbox, which is not used when ONEFICHIER_API_KEY is set. Drop --reset, or unset the key.');
  }

  const used = portsInUse(opts).map(({ name, port }) => [name, port]);
  for (const [name, port] of used) {
    if (port > 65535) throw new UsageError(`${name} would need port ${port}: choose a lower base port.`);
  }
  for (let a = 0; a < used.length; a++) {
    for (let b = a + 1; b < used.length; b++) {
      if (used[a][1] === used[b][1])
        throw new UsageError(`${used[a][0]} and ${used[b][0]} would both use port ${used[a][1]}: choose different ports.`);
    }
  }
  return opts;
}

/** Every port the chosen parts listen on, with the flag that moves it. */
export function portsInUse(opts) {
  const list = [];
  if (opts.parts.includes('sandbox')) {
    list.push(
      { name: 'sandbox API', port: opts.ports.sandbox, flag: '--sandbox-port' },
      { name: 'sandbox upload node', port: opts.ports.sandbox + 1, flag: '--sandbox-port' },
      { name: 'sandbox download host', port: opts.ports.sandbox + 2, flag: '--sandbox-port' },
    );
  }
  if (opts.parts.includes('n8n')) {
    list.push(
      { name: 'n8n', port: opts.ports.n8n, flag: '--n8n-port' },
      { name: 'n8n task broker', port: opts.ports.n8n + 1, flag: '--n8n-port' },
    );
  }
  if (opts.parts.includes('vscode')) list.push({ name: 'VS Code', port: opts.ports.vscode, flag: '--vscode-port' });
  return list;
}
