/**
 * The server's command line: the transport flags of vscode-languageserver (`--stdio`, `--node-ipc`,
 * `--socket=<port>`, `--pipe=<name>`), which that library reads itself. Other flags an editor adds (such as
 * `--clientProcessId`) are left to it, so the check is lenient (node:util parseArgs, not strict).
 */
import { parseArgs } from 'util';

export const USAGE =
  "onefichier-language-server: start it with --stdio (for example `onefichier-language-server --stdio`); an editor's LSP client does this. `--help` lists the options.";

/** What `--help` prints: the transports, the environment it reads, and where the setups for editors are. */
export const HELP = `Usage: onefichier-language-server --stdio | --node-ipc | --socket=<port> | --pipe=<name>

A language server for 1fichier links (hover, dead-link diagnostics, code actions), over LSP.
An editor's LSP client starts it, normally with --stdio.

Options:
  --stdio            talk LSP over stdin/stdout
  --node-ipc         talk LSP over Node's IPC channel
  --socket=<port>    talk LSP over a TCP socket
  --pipe=<name>      talk LSP over a named pipe
  --version          print the version and exit
  --help             print this help and exit

Environment:
  ONEFICHIER_API_KEY        your 1fichier API key (1fichier.com > Parameters > API key); without it,
                            hovers show link ids and links are not checked
  ONEFICHIER_API_BASE_URL   another API address (tests, the local sandbox)

Editor setups (Neovim, Helix, Emacs): the README of @onefichier/language-server.`;

/** `--version` or `--help` when asked for (they win over a transport), else undefined. */
export function requestedInfo(argv: string[]): 'version' | 'help' | undefined {
  if (argv.includes('--help') || argv.includes('-h')) return 'help';
  if (argv.includes('--version') || argv.includes('-v')) return 'version';
  return undefined;
}

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
