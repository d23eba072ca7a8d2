/**
 * Runs an upload job in a notification with a progress bar and a Cancel button, then says what happened:
 * what was uploaded, what was skipped and why, and after a cancel or failure what was kept and what was
 * cleaned up.
 */
import * as vscode from 'vscode';
import { describeError, reportError } from '../errors';
import { plural } from '../format';
import type { ApiService } from '../api';
import type { Logger } from '../log';
import type { UploadJob, UploadOutcome, UploadQueue } from './queue';

/** What running a job uses of the extension's services. */
export interface JobServices {
  api: Pick<ApiService, 'onClientEvent'>;
  uploads: Pick<UploadQueue, 'run'>;
  log: Logger;
}

export async function runUploadJob(services: JobServices, job: UploadJob, label: string): Promise<UploadOutcome> {
  const outcome = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Uploading ${label} to 1fichier ${job.target.path}`, cancellable: true },
    async (progress, token) => {
      const controller = new AbortController();
      const sub = token.onCancellationRequested(() => controller.abort());
      // Flood and budget waits of the core explain a pause in the progress message.
      const events = services.api.onClientEvent((e) => {
        if (e.type === 'wait' && e.ms >= 2000) progress.report({ message: `waiting ${Math.ceil(e.ms / 1000)} s: ${e.message}` });
      });
      try {
        return await services.uploads.run(job, progress, controller.signal);
      } finally {
        sub.dispose();
        events.dispose();
      }
    },
  );
  announce(services, outcome, job);
  return outcome;
}

function announce(services: JobServices, outcome: UploadOutcome, job: UploadJob): void {
  const n = outcome.uploaded.length;
  for (const s of outcome.skipped) services.log.warn(`upload skipped ${s.localPath}: ${s.reason}`);
  for (const u of outcome.uploaded)
    services.log.info(
      `uploaded ${u.file.filename} (${u.file.size} bytes) to ${u.folderPath}: ${u.file.url}${u.replaced.length > 0 ? `, replacing ${u.replaced.map((r) => r.url).join(', ')}` : ''}`,
    );
  for (const w of outcome.warnings) services.log.warn(`upload: ${w}`);
  if (outcome.warnings.length > 0) {
    void vscode.window
      .showWarningMessage(
        `${plural(outcome.warnings.length, 'file')} uploaded, but the older copies ${outcome.warnings.length === 1 ? 'it was' : 'they were'} to replace could not be removed; delete them from the 1fichier view (the log names them).`,
        'Show Log',
      )
      .then((c) => c && services.log.show());
  }
  const skippedNote =
    outcome.skipped.length > 0
      ? ` Skipped ${plural(outcome.skipped.length, 'item')}: ${outcome.skipped
          .slice(0, 3)
          .map((s) => `${baseName(s.localPath)} (${s.reason})`)
          .join('; ')}${outcome.skipped.length > 3 ? '; see the log' : ''}.`
      : '';
  if (outcome.status === 'done') {
    if (n === 0) {
      void vscode.window.showWarningMessage(`Nothing was uploaded.${skippedNote}`, 'Show Log').then((c) => c && services.log.show());
      return;
    }
    const first = outcome.uploaded[0];
    const text =
      n === 1 && first
        ? `Uploaded ${first.file.filename} to ${first.folderPath}.${skippedNote}`
        : `Uploaded ${plural(n, 'file')} to ${job.target.path}.${skippedNote}`;
    const actions = n === 1 ? ['Copy Link'] : [];
    void vscode.window.showInformationMessage(text, ...actions).then(async (choice) => {
      if (choice === 'Copy Link' && first) {
        await vscode.env.clipboard.writeText(first.file.url);
        void vscode.window.setStatusBarMessage(`Copied ${first.file.url}`, 4000);
      }
    });
    return;
  }
  const kept = n > 0 ? ` ${plural(n, 'file')} had finished and ${n === 1 ? 'is' : 'are'} kept.` : ' Nothing was stored.';
  const cleaned = outcome.cleanedUp.length > 0 ? ` Removed the ${plural(outcome.cleanedUp.length, 'folder')} it had created.` : '';
  if (outcome.status === 'cancelled') {
    services.log.info(`upload to ${job.target.path} cancelled after ${plural(n, 'file')}`);
    void vscode.window.showInformationMessage(`Upload cancelled.${kept}${cleaned}`);
    return;
  }
  const { message } = describeError(outcome.error);
  reportError(services.log, 'Upload', outcome.error);
  services.log.error(`upload to ${job.target.path} failed after ${plural(n, 'file')}: ${message}.${kept}${cleaned}`);
  if (n > 0 || cleaned) void vscode.window.showWarningMessage(`The upload stopped:${kept}${cleaned}`);
}

function baseName(p: string): string {
  return p.split(/[\\/]/).pop() ?? p;
}
