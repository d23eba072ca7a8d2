/**
 * A folder job (planning or running a sync, a folder download) in a notification with a progress bar and a
 * Cancel button: the core's events become the message (ui/progressText.ts), their byte counts the bar, and the
 * core's waits (flood, budget) explain a pause.
 */
import * as vscode from 'vscode';
import type { Services } from '../services';
import { folderEventText, waitText, type FolderJobEvent } from '../ui/progressText';

type JobReporter = (e: FolderJobEvent) => void;

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
        if (e.type === 'wait' && e.ms >= 2000) progress.report({ message: waitText(e) });
      });
      let shown = 0;
      const report: JobReporter = (e) => {
        const bytes = 'bytesTotal' in e ? e : undefined;
        const percent = bytes?.bytesTotal ? Math.min(100, (bytes.bytesDone / bytes.bytesTotal) * 100) : shown;
        progress.report({ message: folderEventText(e), increment: Math.max(0, percent - shown) });
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
