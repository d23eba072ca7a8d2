/**
 * A folder job (planning or running a sync, a folder download) in a notification with a progress bar and a
 * Cancel button: the core's events become the message, their byte counts the bar, and the core's waits
 * (flood, budget) explain a pause.
 */
import * as vscode from 'vscode';
import type { Services } from '../services';

/** What a job's events look like to the bar: a message, and byte counts when the job moves bytes. */
export interface ProgressEvent {
  message: string;
  bytesDone?: number;
  bytesTotal?: number;
}

export type JobReporter = (e: ProgressEvent) => void;

export async function withJobProgress<T>(
  services: Services,
  title: string,
  job: (report: JobReporter, signal: AbortSignal) => Promise<T>,
): Promise<T> {
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title, cancellable: true },
    async (progress, token) => {
      const controller = new AbortController();
      const cancel = token.onCancellationRequested(() => controller.abort());
      const waits = services.api.onClientEvent((e) => {
        if (e.type === 'wait' && e.ms >= 2000)
          progress.report({ message: vscode.l10n.t('waiting {0} s: {1}', Math.ceil(e.ms / 1000), e.message) });
      });
      let shown = 0;
      const report: JobReporter = (e) => {
        const percent = e.bytesTotal && e.bytesDone !== undefined ? Math.min(100, (e.bytesDone / e.bytesTotal) * 100) : shown;
        progress.report({ message: e.message, increment: Math.max(0, percent - shown) });
        shown = Math.max(shown, percent);
      };
      try {
        return await job(report, controller.signal);
      } finally {
        cancel.dispose();
        waits.dispose();
      }
    },
  );
}
