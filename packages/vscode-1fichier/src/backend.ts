/**
 * The part of the extension that talks to 1fichier: the core client over the core's Node entry (axios
 * transport, real clock, file sources, download to file). Bundled separately as dist/backend.js and loaded
 * on the first API call, so activation stays light.
 */
import type { ClientEvent, OneFichierClient, ReservedNamePolicy, UploadSource } from '@onefichier/core';
import { createNodeClient, fileSource, downloadToFile } from '@onefichier/core/node';
import { FileReplacedLinks } from '@onefichier/core/node';
import type { ReplacedLinkStore } from '@onefichier/core';

export interface ClientSettings {
  apiKey: string;
  baseUrl: string;
  reservedNames: ReservedNamePolicy;
  onEvent: (event: ClientEvent) => void;
}

/** A client that takes its turns from the machine's pace ledger: every window, the language server and other tools share one pace. */
export function createClient(settings: ClientSettings): OneFichierClient {
  return createNodeClient({
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
// Folder sync and folder download (the core's sync units): the commands plan, show, then run.
export { planFolderSync, planFolderDownload, runFolderDownload } from '@onefichier/core/node';
// Symbolic links met in a picked folder: followed inside it, skipped with the reason when they lead out.
export { resolveLink } from '@onefichier/core/node';
export { runSyncPlan } from '@onefichier/core';
// A name already taken: the upload queue's rules (with the Whirlpool check of Skip If Identical).
export { uploadWithConflictPolicy, FolderFileIndex } from '@onefichier/core';
export { nameIssue, nameProblem } from '@onefichier/core';
/** The machine's record of replaced links, which the language server reads for its quick fix on a dead link. */
export function replacedLinks(onProblem: (message: string) => void): ReplacedLinkStore {
  return new FileReplacedLinks(undefined, onProblem);
}
export type Backend = typeof import('./backend');
