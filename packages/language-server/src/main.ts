/**
 * Entry point: `node dist/server.js --stdio` (also accepts --node-ipc and --socket=<port>, the transports
 * vscode-languageserver reads from the command line).
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { createCoreApi, openFileSource } from './core-adapter';
import { startServer } from './server';

const transports = ['--stdio', '--node-ipc', '--socket', '--pipe', '--clientProcessId'];
if (!process.argv.some((arg) => transports.some((t) => arg === t || arg.startsWith(`${t}=`)))) {
  process.stderr.write(
    "onefichier-language-server: start it with --stdio (for example `node dist/server.js --stdio`); an editor's LSP client does this.\n",
  );
  process.exit(2);
}

const connection = createConnection(ProposedFeatures.all);
startServer(connection, { createApi: createCoreApi, openFile: openFileSource, env: process.env });
