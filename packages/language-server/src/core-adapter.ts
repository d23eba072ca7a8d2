/** The one place that builds the core's client, with the core's Node transport, clock and file sources. */
import type { ReplacedLinkStore, UploadSource } from '@onefichier/core';
import { FileReplacedLinks, createNodeClient, fileSource } from '@onefichier/core/node';
import type { LinkApi } from './link-status';
import type { ApiHooks } from './features/configuration';
import type { ServerSettings } from './settings';

export function createCoreApi(settings: ServerSettings, hooks: ApiHooks): LinkApi | undefined {
  if (!settings.apiKey) return undefined;
  return createNodeClient({
    apiKey: settings.apiKey,
    baseUrl: settings.apiBaseUrl,
    reservedNames: settings.reservedNames ?? 'encode',
    // createNodeClient takes its turns from the machine's pace ledger, shared with the VS Code extension's
    // windows and every other tool on this machine, so the server needs no slower pace of its own.
    // Waits and retries explain a slow hover, so they go to the editor's log (events never carry the key).
    onEvent: (event) => {
      if (event.type === 'wait' && event.reason === 'flood') hooks.floodWait(event.ms);
      if (event.type === 'retry' || (event.type === 'wait' && event.ms >= 2000)) hooks.log(`1fichier: ${event.message}`);
    },
  });
}

export function openFileSource(absolutePath: string, name: string): Promise<UploadSource> {
  return fileSource(absolutePath, { name });
}

/** The machine's record of replaced links, which the VS Code extension and other tools write. */
export function machineReplacedLinks(): ReplacedLinkStore {
  return new FileReplacedLinks();
}
