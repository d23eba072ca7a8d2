/**
 * The server's command line: the transport flags of vscode-languageserver (`--stdio`, `--node-ipc`,
 * `--socket=<port>`, `--pipe=<name>`), which that library reads itself. Other flags an editor adds (such as
 * `--clientProcessId`) are left to it, so the check is lenient (node:util parseArgs, not strict).
 */
import { parseArgs } from 'util';

export const USAGE =
  "onefichier-language-server: start it with --stdio (for example `node dist/server.js --stdio`); an editor's LSP client does this.";

/** The transport asked for, or undefined when there is none (the server cannot start then). */
export function requestedTransport(argv: string[]): string | undefined {
  const { values } = parseArgs({
    args: argv,
    strict: false,
    allowPositionals: true,
    options: {
      stdio: { type: 'boolean' },
      'node-ipc': { type: 'boolean' },
      socket: { type: 'string' },
      pipe: { type: 'string' },
      clientProcessId: { type: 'string' },
    },
  });
  if (values.stdio === true) return 'stdio';
  if (values['node-ipc'] === true) return 'node-ipc';
  if (typeof values.socket === 'string' && /^\d+$/.test(values.socket)) return 'socket';
  if (typeof values.pipe === 'string' && values.pipe !== '') return 'pipe';
  return undefined;
}
