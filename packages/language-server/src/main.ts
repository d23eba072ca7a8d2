/**
 * Entry point: `node dist/server.js --stdio` (also accepts --node-ipc and --socket=<port>, the transports
 * vscode-languageserver reads from the command line).
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { USAGE, requestedTransport } from './args';
import { createCoreApi, machineReplacedLinks, openFileSource } from './core-adapter';
import { startServer } from './server';

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
