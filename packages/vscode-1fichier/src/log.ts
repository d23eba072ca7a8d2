/**
 * The "1fichier" output channel. Every line goes through `redact`, which removes the API key (and anything
 * shaped like an Authorization value) as a second line of defence after the core's own redaction.
 */
import * as vscode from 'vscode';

const secrets = new Set<string>();

/** Registers a secret that must never appear in a log line or a message. */
export function registerSecret(secret: string | undefined): void {
  if (secret && secret.length >= 4) secrets.add(secret);
}

export function redact(text: string): string {
  let out = text;
  for (const s of secrets) out = out.split(s).join('[REDACTED]');
  return out.replace(/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, '$1 [REDACTED]');
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
