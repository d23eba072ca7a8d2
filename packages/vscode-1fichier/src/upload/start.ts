/** Shared by every upload entry point: local paths (or ready sources) + a target folder → a queued job. */
import { basename } from 'node:path';
import { UserError } from '../errors';
import { plural } from '../format';
import type { Services } from '../services';
import type { FolderNode } from '../tree/nodes';
import { collectLocalItems } from './local';
import type { LocalUploadItem, UploadOutcome } from './queue';
import { runUploadJob } from './run';

export async function uploadPaths(services: Services, paths: readonly string[], target: FolderNode): Promise<UploadOutcome> {
  if (paths.length === 0) throw new UserError('Nothing to upload.', 'Pick at least one file or folder.');
  await services.api.client(); // fails early (with the "Set API Key" button) before walking folders
  const backend = services.api.getBackend();
  const { items, skipped } = await collectLocalItems(paths, (p, name) => backend.localFileSource(p, name));
  const label = paths.length === 1 ? basename(paths[0] as string) : plural(paths.length, 'item');
  return runUploadJob(services, { target: { id: target.id, path: target.path }, items, skipped }, label);
}

export async function uploadItems(services: Services, items: LocalUploadItem[], target: FolderNode, label: string): Promise<UploadOutcome> {
  return runUploadJob(services, { target: { id: target.id, path: target.path }, items }, label);
}
