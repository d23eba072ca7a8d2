/** Upload step 1: an upload node and an upload id from get_upload_server (docs/api-notes.md#upload). */
import type { ClientContext } from '../context';
import * as P from '../parse';
import type { CallOptions, UploadServer } from '../types';

/** A GET that still says Content-Type: application/json, as the service wants; the node gets the API's scheme. */
export async function getUploadServer(c: ClientContext, opts: CallOptions): Promise<UploadServer> {
  const { host, id } = P.parseUploadServer(await c.api.callJson('upload/get_upload_server.cgi', undefined, opts.signal));
  const scheme = c.settings.scheme;
  return { host, id, uploadUrl: `${scheme}://${host}/upload.cgi?id=${id}`, endUrl: `${scheme}://${host}/end.pl?xid=${id}` };
}
