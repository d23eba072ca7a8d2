import type { IncomingMessage, ServerResponse } from 'http';
import type { SandboxCore } from './core';
import { drain, escapeHtml, sendHtml, sendJson, sleep } from './http-util';
import type { Acl } from './state';
import { fileUrl, SHARE_URL_PREFIX } from './util';

/**
 * The website's public page of a shared folder, `https://1fichier.com/dir/<id>` (the `url` folder/share.cgi
 * hands out). rclone's `shared_folder` option reads it: `GET /dir/<id>?json=1`, or `POST` with the form
 * body `json=1&pass=<password>` for a protected folder (rclone backend/fichier api.go listSharedFiles),
 * and decodes a JSON array of `{filename, link, size}` (structs.go SharedFile); JDownloader's folder reader
 * also requires `password` and `acl` as numbers. Without `json=1` the page is HTML. Served on the API
 * listener: a proxy maps 1fichier.com there.
 */
export async function handleWebsite(core: SandboxCore, url: URL, req: IncomingMessage, res: ServerResponse): Promise<void> {
  core.count('dir');
  if (core.faults.slowMs > 0) await sleep(core.faults.slowMs);
  if (req.method !== 'GET' && req.method !== 'POST') {
    drain(req);
    return sendHtml(res, 405, '405 Not Allowed', '<h1>405 Not Allowed</h1>');
  }
  const params = new URLSearchParams(url.search);
  if (req.method === 'POST') {
    const form = new URLSearchParams(await core.readText(req));
    for (const [k, v] of form) params.set(k, v);
  } else {
    drain(req);
  }
  const id = /^\/dir\/([A-Za-z0-9]+)\/?$/.exec(url.pathname)?.[1];
  const shareUrl = id === undefined ? undefined : SHARE_URL_PREFIX + id;
  const folder = [...core.store.folders.values()].find((f) => f.share.enabled && f.share.url === shareUrl);
  if (!folder) return sendHtml(res, 404, '1fichier.com: Cloud Storage', '<p>This folder does not exist, or is not shared.</p>');
  if (folder.share.pass && params.get('pass') !== folder.share.pass) {
    // What the real page answers here is unknown; a password form is what a website shows, and it is not JSON.
    return sendHtml(
      res,
      200,
      '1fichier.com: Cloud Storage',
      '<form method="post"><p>This folder is protected by a password.</p><input type="password" name="pass"><input type="submit"></form>',
    );
  }
  const now = core.now();
  const files = [...core.store.files.values()]
    .filter((f) => f.owner === folder.owner && f.folderId === folder.id && f.visibleAt <= now)
    .sort((a, b) => a.filename.localeCompare(b.filename))
    .slice(0, core.listingCap())
    // `password` and `acl` are numbers (0 or 1) that JDownloader's folder reader requires (OneFichierComFolder.java).
    .map((f) => ({
      filename: f.filename,
      link: fileUrl(f.id, f.domain),
      size: f.size,
      password: f.pass ? 1 : 0,
      acl: hasAcl(f.acl) ? 1 : 0,
    }));
  if (params.get('json') === '1') return sendJson(res, 200, files);
  const rows = files
    .map((f) => `<tr><td><a href="${escapeHtml(f.link)}">${escapeHtml(f.filename)}</a></td><td>${f.size}</td></tr>`)
    .join('');
  return sendHtml(res, 200, folder.name, `<table class="premium">${rows}</table>`);
}

/** Whether a file has any access rule (file/chattr.cgi `acl`): the public page says so as 1, else 0. */
function hasAcl(acl: Acl): boolean {
  return acl.ip.length > 0 || acl.country.length > 0 || acl.email.length > 0 || acl.premium > 0;
}
