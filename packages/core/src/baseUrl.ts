/**
 * The API base URL: its default, and the one check every front end applies to a configured value (an n8n
 * credential, a VS Code setting, a language server option), so a value refused in one is refused in all,
 * with the same words.
 */

/** The real service (docs/api-notes.md#hosts: every endpoint is `https://api.1fichier.com/v1/<group>/<name>.cgi`). */
export const DEFAULT_BASE_URL = 'https://api.1fichier.com/v1';

/** What to do about a refused base URL. */
export const BASE_URL_HINT = `Use ${DEFAULT_BASE_URL} for the real service, or a local sandbox's URL such as http://127.0.0.1:3737/v1.`;

export type BaseUrlCheck =
  | { ok: true; url: string }
  /** `problem` names the value and follows the name of the setting: `"ftp://x" is not an http(s) URL`. */
  | { ok: false; problem: string; hint: string };

/**
 * Checks a configured base URL. Empty means the default; the value is trimmed and loses its trailing
 * slashes. Refused: no scheme, a scheme other than http(s), a user name or password (the key travels in
 * the Authorization header, and a URL ends up in logs), a query or fragment (endpoint paths are appended).
 */
export function checkBaseUrl(value: string | undefined | null): BaseUrlCheck {
  const raw = (value ?? '').trim();
  if (raw === '') return { ok: true, url: DEFAULT_BASE_URL };
  const refuse = (problem: string): BaseUrlCheck => ({ ok: false, problem: `"${raw}" ${problem}`, hint: BASE_URL_HINT });
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)(.*)$/.exec(raw);
  if (!scheme || /\s/.test(raw)) return refuse('is not a valid URL');
  const [, protocol, authority, rest] = scheme as unknown as [string, string, string, string];
  if (!/^https?$/i.test(protocol)) return refuse('is not an http(s) URL');
  if (authority.includes('@')) return refuse('must not contain a user name or password');
  if (authority === '' || authority.startsWith(':')) return refuse('is not a valid URL');
  if (/[?#]/.test(rest)) return refuse('must not contain a query (?...) or fragment (#...)');
  return { ok: true, url: raw.replace(/\/+$/, '') };
}
