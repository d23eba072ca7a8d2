/**
 * Runs an upload job in a notification with a progress bar and a Cancel button, then says what happened:
 * what was uploaded, what was skipped and why, and after a cancel or failure what was kept and what was
 * cleaned up.
 */
import * as vscode from 'vscode';
import { describeError, reportError } from '../errors';
import { plural, reason, size } from '../locale';
import { waitText } from '../ui/progressText';
import type { ApiService } from '../api';
import type { Logger } from '../log';
import type { UploadJob, UploadOutcome, UploadProgressTexts, UploadQueue } from './queue';

/** What running a job uses of the extension's services. */
export interface JobServices {
  api: Pick<ApiService, 'onClientEvent'>;
  uploads: Pick<UploadQueue, 'run'>;
  log: Logger;
}

export async function runUploadJob(services: JobServices, job: UploadJob, label: string): Promise<UploadOutcome> {
  const outcome = await vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: vscode.l10n.t('Uploading {0} to 1fichier {1}', label, job.target.path),
      cancellable: true,
    },
    async (progress, token) => {
      const controller = new AbortController();
      const sub = token.onCancellationRequested(() => controller.abort());
      // Flood and budget waits of the core explain a pause in the progress message.
      const events = services.api.onClientEvent((e) => {
        if (e.type === 'wait' && e.ms >= 2000) progress.report({ message: waitText(e) });
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

/** The upload queue's progress messages in the display language (the queue itself is free of the editor API). */
export const uploadProgressTexts: UploadProgressTexts = {
  creatingFolder: (path) => vscode.l10n.t('creating folder {0}', path),
  filesUploaded: (done, total) =>
    plural(done, {
      one: vscode.l10n.t('{0} file of {1} uploaded', done, total),
      other: vscode.l10n.t('{0} files of {1} uploaded', done, total),
    }),
  queuedBehind: (n) =>
    plural(n, { one: vscode.l10n.t('queued behind {0} upload', n), other: vscode.l10n.t('queued behind {0} uploads', n) }),
  sending: (file, n, count, sent, total) => vscode.l10n.t('{0} ({1}/{2}) · {3} of {4}', file, n, count, size(sent), size(total)),
};

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
        plural(outcome.warnings.length, {
          one: vscode.l10n.t(
            '{0} file uploaded, but the older copies it was to replace could not be removed; delete them from the 1fichier view (the log names them).',
            outcome.warnings.length,
          ),
          other: vscode.l10n.t(
            '{0} files uploaded, but the older copies they were to replace could not be removed; delete them from the 1fichier view (the log names them).',
            outcome.warnings.length,
          ),
        }),
        vscode.l10n.t('Show Log'),
      )
      .then((c) => c && services.log.show());
  }
  const k = outcome.skipped.length;
  const reasons = `${outcome.skipped
    .slice(0, 3)
    .map((s) => `${baseName(s.localPath)} (${reason(s.why)})`)
    .join('; ')}${k > 3 ? vscode.l10n.t('; see the log') : ''}`;
  const skippedNote =
    k > 0
      ? ` ${plural(k, { one: vscode.l10n.t('Skipped {0} item: {1}.', k, reasons), other: vscode.l10n.t('Skipped {0} items: {1}.', k, reasons) })}`
      : '';
  if (outcome.status === 'done') {
    if (n === 0) {
      void vscode.window
        .showWarningMessage(`${vscode.l10n.t('Nothing was uploaded.')}${skippedNote}`, vscode.l10n.t('Show Log'))
        .then((c) => c && services.log.show());
      return;
    }
    const first = outcome.uploaded[0];
    const text =
      n === 1 && first
        ? `${vscode.l10n.t('Uploaded {0} to {1}.', first.file.filename, first.folderPath)}${skippedNote}`
        : `${vscode.l10n.t('Uploaded {0} files to {1}.', n, job.target.path)}${skippedNote}`;
    const copyLink = vscode.l10n.t('Copy Link');
    const actions = n === 1 ? [copyLink] : [];
    void vscode.window.showInformationMessage(text, ...actions).then(async (choice) => {
      if (choice === copyLink && first) {
        await vscode.env.clipboard.writeText(first.file.url);
        void vscode.window.setStatusBarMessage(vscode.l10n.t('Copied {0}', first.file.url), 4000);
      }
    });
    return;
  }
  const kept =
    n > 0
      ? ` ${plural(n, { one: vscode.l10n.t('{0} file had finished and is kept.', n), other: vscode.l10n.t('{0} files had finished and are kept.', n) })}`
      : ` ${vscode.l10n.t('Nothing was stored.')}`;
  const c = outcome.cleanedUp.length;
  const cleaned =
    c > 0
      ? ` ${plural(c, { one: vscode.l10n.t('Removed the {0} folder it had created.', c), other: vscode.l10n.t('Removed the {0} folders it had created.', c) })}`
      : '';
  if (outcome.status === 'cancelled') {
    services.log.info(`upload to ${job.target.path} cancelled after ${n} file(s)`);
    void vscode.window.showInformationMessage(`${vscode.l10n.t('Upload cancelled.')}${kept}${cleaned}`);
    return;
  }
  const { message } = describeError(outcome.error);
  reportError(services.log, 'Upload', outcome.error);
  services.log.error(`upload to ${job.target.path} failed after ${n} file(s): ${message}.${kept}${cleaned}`);
  if (n > 0 || cleaned) void vscode.window.showWarningMessage(`${vscode.l10n.t('The upload stopped:')}${kept}${cleaned}`);
}

function baseName(p: string): string {
  return p.split(/[\\/]/).pop() ?? p;
}
