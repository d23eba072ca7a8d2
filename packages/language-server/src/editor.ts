/**
 * What the features say to the editor: log lines and messages. The connection implements it (server.ts);
 * unit tests record it. Log lines and messages name files and paths: their control characters are shown,
 * never obeyed.
 */
import { showControls } from '@onefichier/core';
import type { Connection } from 'vscode-languageserver/node';

export type MessageKind = 'info' | 'warning' | 'error';

export interface EditorOutput {
  log(message: string): void;
  /** A message the user sees (fire-and-forget). */
  show(kind: MessageKind, text: string): void;
}

/**
 * Messages and notifications are fire-and-forget; if the editor has gone away meanwhile, the failure is
 * dropped here rather than becoming an unhandled rejection that would end the process.
 */
export function sendQuietly(send: () => Promise<unknown> | void): void {
  try {
    const sent = send();
    if (sent) sent.catch(() => undefined);
  } catch {
    // the connection is already closed
  }
}

/** The connection's console and windows; nothing is shown once `isStopped()` (background work after shutdown). */
export function connectionOutput(connection: Connection, isStopped: () => boolean): EditorOutput {
  return {
    log: (message) => connection.console.log(showControls(message)),
    show(kind, text) {
      if (isStopped()) return;
      const window = connection.window;
      const message = showControls(text);
      sendQuietly(() =>
        kind === 'error'
          ? window.showErrorMessage(message)
          : kind === 'warning'
            ? window.showWarningMessage(message)
            : window.showInformationMessage(message),
      );
    },
  };
}
