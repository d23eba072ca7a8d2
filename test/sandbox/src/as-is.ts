/**
 * A file stored under a name exactly as given, the way another client (the website, an older tool) may
 * have stored it: through get_upload_server, the upload node and end.pl, like any client, but without the
 * toolkit's name encoding. Tests use it to show how names the toolkit would never send (a raw U+202E, a
 * look-alike typed by hand) are shown.
 */
import { randomBytes } from 'crypto';

interface Hosts {
  apiBaseUrl: string;
}

/** Uploads `data` as `name` with `key` into `folderId`; returns the file's URL. */
export async function uploadAsIs(hosts: Hosts, key: string, name: string, data: Uint8Array, folderId = 0): Promise<string> {
  const auth = { Authorization: `Bearer ${key}` };
  const server = await fetch(`${hosts.apiBaseUrl}/upload/get_upload_server.cgi`, {
    headers: { ...auth, 'Content-Type': 'application/json' },
  });
  const { url: host, id } = (await server.json()) as { url: string; id: string };
  const scheme = new URL(hosts.apiBaseUrl).protocol;
  const boundary = `AsIs${randomBytes(12).toString('hex')}`;
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="did"\r\n\r\n${folderId}\r\n`),
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file[]"; filename="${name}"\r\n\r\n`),
    Buffer.from(data),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  await fetch(`${scheme}//${host}/upload.cgi?id=${id}`, {
    method: 'POST',
    headers: { ...auth, 'Content-Type': `multipart/form-data; boundary=${boundary}`, 'Content-Length': String(body.length) },
    body,
    redirect: 'manual',
  });
  const end = await fetch(`${scheme}//${host}/end.pl?xid=${id}`, { headers: { ...auth, JSON: '1' } });
  const links = ((await end.json()) as { links?: { download: string }[] }).links ?? [];
  if (!links[0]) throw new Error(`uploadAsIs: the sandbox stored nothing for "${name}"`);
  return links[0].download;
}
