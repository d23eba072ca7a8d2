/**
 * Entry point: `onefichier-language-server --stdio` (the bin is dist/server.js; also accepts --node-ipc and
 * --socket=<port>, the transports vscode-languageserver reads from the command line), `--version` and `--help`.
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { HELP, USAGE, requestedInfo, requestedTransport } from './args';
import { createCoreApi, machineReplacedLinks, openFileSource } from './core-adapter';
import { startServer } from './server';
import { SERVER_VERSION } from './version';

const info = requestedInfo(process.argv.slice(2));
if (info === 'version') {
  process.stdout.write(`${SERVER_VERSION}\n`);
  process.exit(0);
}
if (info === 'help') {
  process.stdout.write(`${HELP}\n`);
  process.exit(0);
}

if (!requestedTransport(process.argv.slice(2))) {
  process.stderr.write(`${USAGE}\n`);
  process.exit(2);
}

const connection = createConnection(ProposedFeatures.all);
startServer(connection, {
  createApi: createCoreApi,
  openFile: openFileSource,
  replacedLinks: machineReplacedLinks(),
  env: process.env,
});
