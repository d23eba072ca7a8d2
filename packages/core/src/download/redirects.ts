/**
 * Which redirects from a token URL the client follows (docs/api-notes.md#download-tokens-and-range: every
 * real client follows them: rclone object.go, JDownloader, Gizmo091, the C# SDK). The rule keeps a token
 * and its bytes inside 1fichier: a 1fichier host (`1fichier.com` and its sub-domains, such as
 * `a-4.1fichier.com`), or the token URL's own host name (the sandbox's second download host is the same
 * loopback address on another port); never from https down to http; at most MAX_DOWNLOAD_REDIRECTS.
 */

/** Go's default client, which rclone uses, stops at 10; a download host that needs more than 5 is broken. */
export const MAX_DOWNLOAD_REDIRECTS = 5;

export type RedirectCheck = { ok: true; url: string } | { ok: false; problem: string };

/** Where a redirect from `from` with this `Location` leads, or why the client does not follow it. */
export function checkRedirect(from: string, location: string | undefined): RedirectCheck {
  if (!location || location.trim() === '') return { ok: false, problem: 'a redirect without a Location header' };
  let source: URL;
  let target: URL;
  try {
    source = new URL(from);
    target = new URL(location.trim(), source);
  } catch {
    return { ok: false, problem: `a redirect to an invalid address (${location.slice(0, 100)})` };
  }
  const where = `${target.protocol}//${target.host}`;
  if (target.protocol !== 'https:' && target.protocol !== 'http:') return { ok: false, problem: `a redirect to ${where}` };
  if (source.protocol === 'https:' && target.protocol === 'http:') return { ok: false, problem: `a redirect from https down to ${where}` };
  if (target.username || target.password) return { ok: false, problem: `a redirect to ${where} with credentials in the address` };
  const host = target.hostname.toLowerCase();
  if (host !== source.hostname.toLowerCase() && host !== '1fichier.com' && !host.endsWith('.1fichier.com'))
    return { ok: false, problem: `a redirect to ${where}, which is not a 1fichier host` };
  return { ok: true, url: target.href };
}
