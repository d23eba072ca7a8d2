/**
 * The "1fichier" output channel. Every line goes through `redact`, which removes the API key (and anything
 * shaped like an Authorization value) as a second line of defence after the core's own redaction.
 */
import * as vscode from 'vscode';
import { redact as redactSecrets } from '@onefichier/core';

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
    info: (m) => channel.info(redact(m)),
    warn: (m) => channel.warn(redact(m)),
    error: (m) => channel.error(redact(m)),
    show: () => channel.show(true),
    dispose: () => channel.dispose(),
  };
}
