/**
 * The part of the extension that talks to 1fichier: the core client over the core's Node entry (axios
 * transport, real clock, file sources, download to file). Bundled separately as dist/backend.js and loaded
 * on the first API call, so activation stays light.
 */
import { OneFichierClient, type ClientEvent, type ReservedNamePolicy, type UploadSource } from '@onefichier/core';
import { createAxiosTransport, realClock, fileSource, downloadToFile } from '@onefichier/core/node';

export interface ClientSettings {
  apiKey: string;
  baseUrl: string;
  reservedNames: ReservedNamePolicy;
  onEvent: (event: ClientEvent) => void;
}

export function createClient(settings: ClientSettings): OneFichierClient {
  return new OneFichierClient({
    transport: createAxiosTransport(),
    clock: realClock,
    apiKey: settings.apiKey,
    baseUrl: settings.baseUrl,
    reservedNames: settings.reservedNames,
    onEvent: settings.onEvent,
  });
}

/** An upload source reading a local file (stat now, stream on each attempt). */
export function localFileSource(path: string, name?: string): Promise<UploadSource> {
  return fileSource(path, name === undefined ? {} : { name });
}

export { downloadToFile };
export { nameProblem } from '@onefichier/core';
export type Backend = typeof import('./backend');
