/**
 * @onefichier/core/node: the Node defaults (axios transport, real clock, file sources, download to file,
 * ONEFICHIER_API_KEY) for the VS Code extension and scripts. Never imported by the n8n node.
 */
import { OneFichierClient } from '../client';
import { OneFichierError } from '../errors';
import { API_KEY_ENV } from '../lsp-contract';
import type { ClientOptions } from '../types';
import { realClock } from './clock';
import { machinePacer } from './ledger';
import { createAxiosTransport, type AxiosTransportOptions } from './transport';

export { realClock } from './clock';
export { createAxiosTransport, type AxiosTransportOptions } from './transport';
export { fileSource, readableSource } from './files';
export { downloadToFile, type DownloadToFileOptions, type DownloadedFile } from './download';
export { scanLocalFolder, planFolderSync, type FolderSyncOptions, type ScanOptions } from './sync';
export { resolveLink, type ResolvedLink } from './links';
export {
  planFolderDownload,
  runFolderDownload,
  whirlpoolOfFile,
  type FolderDownloadPlan,
  type FolderDownloadReport,
  type FolderDownloadEvent,
  type PlannedDownload,
  type PlanFolderDownloadOptions,
  type RunFolderDownloadOptions,
} from './download-folder';
export { machinePacer, defaultLedgerPath, FilePaceStore, PACE_DIR_ENV, LEDGER_WARNING_CODE } from './ledger';
export { FileReplacedLinks, defaultReplacedLinksPath } from './replaced-links';

export { API_KEY_ENV } from '../lsp-contract';

/** The key from ONEFICHIER_API_KEY, or undefined. */
export function apiKeyFromEnv(env: Record<string, string | undefined> = process.env): string | undefined {
  const v = env[API_KEY_ENV]?.trim();
  return v ? v : undefined;
}

export type NodeClientOptions = Partial<ClientOptions> & { axios?: AxiosTransportOptions };

/**
 * A client with the axios transport and the real clock; the key comes from options, else ONEFICHIER_API_KEY.
 * It takes its turns from the machine's pace ledger (shared with every other process that uses this entry),
 * unless it is given its own pacer or clock.
 */
export function createNodeClient(options: NodeClientOptions = {}): OneFichierClient {
  const apiKey = options.apiKey ?? apiKeyFromEnv();
  if (!apiKey) {
    throw new OneFichierError({
      kind: 'auth',
      message: `No 1fichier API key: none was given and ${API_KEY_ENV} is not set.`,
      hint: `Create a key at https://1fichier.com/console/params.pl and pass it as apiKey or set ${API_KEY_ENV}.`,
    });
  }
  const { axios: axiosOptions, ...rest } = options;
  return new OneFichierClient({
    ...rest,
    apiKey,
    transport: options.transport ?? createAxiosTransport(axiosOptions),
    clock: options.clock ?? realClock,
    ...(options.pacer || options.clock ? {} : { pacer: machinePacer() }),
  });
}
