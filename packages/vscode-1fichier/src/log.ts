/**
 * The "1fichier" output channel. Every line goes through `redact`, which removes the API key (and anything
 * shaped like an Authorization value) as a second line of defence after the core's own redaction, and through
 * the core's showControls, so a name or path (a local one too) cannot start a fake line or drive the terminal.
 */
import * as vscode from 'vscode';
import { redact as redactSecrets, showControls } from '@onefichier/core';

const secrets = new Set<string>();

/** Registers a secret that must never appear in a log line or a message. */
export function registerSecret(secret: string | undefined): void {
  if (secret && secret.length >= 4) secrets.add(secret);
}

/** The core's redaction, with every secret registered in this window. */
export function redact(text: string): string {
  return redactSecrets(text, [...secrets]);
}

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  show(): void;
  dispose(): void;
}

export function createLogger(): Logger {
  const channel = vscode.window.createOutputChannel('1fichier', { log: true });
  return {
    info: (m) => channel.info(showControls(redact(m))),
    warn: (m) => channel.warn(showControls(redact(m))),
    error: (m) => channel.error(showControls(redact(m))),
    show: () => channel.show(true),
    dispose: () => channel.dispose(),
  };
}
