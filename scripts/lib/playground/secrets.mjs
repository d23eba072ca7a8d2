// Sign-in details the playground generates once and keeps (mode 0600) in its own folder, so later runs
// print the same ones. They protect local services only; the 1fichier API key is never written here.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** A password n8n accepts (8-64 characters, a digit and an upper-case letter) and code-server too. */
export function generatePassword() {
  return `Pg${randomBytes(12).toString('base64url').replace(/[-_]/g, 'x')}7`;
}

/** Reads the JSON secret at `file`, or creates it with `create()` the first time. */
export function loadOrCreate(file, create) {
  if (existsSync(file)) {
    try {
      return JSON.parse(readFileSync(file, 'utf8'));
    } catch {
      /* unreadable: make a new one below */
    }
  }
  const value = create();
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600 });
  return value;
}
