/** Download tokens: get_token.cgi, and the token a download holds and renews (docs/api-notes.md#download-tokens-and-range). */
import { checkFolderId, invalidInput } from '../checks';
import type { ClientContext } from '../context';
import { OneFichierError, rewordError } from '../errors';
import { TOKEN_LIFETIME_MS } from '../limits';
import * as P from '../parse';
import type { CallOptions, DownloadToken, DownloadTokenRequest } from '../types';

/** How many times an unknown 200 KO from get_token is asked again. */
const MAX_UNKNOWN_KO_RETRIES = 2;

/** Renew a token a little before the service forgets it. */
const TOKEN_RENEW_AFTER_MS = TOKEN_LIFETIME_MS - 30_000;

/** A download token (direct URL valid about 5 minutes), with every option of get_token.cgi. */
export async function getDownloadToken(c: ClientContext, req: DownloadTokenRequest, opts: CallOptions): Promise<DownloadToken> {
  const endpoint = 'download/get_token.cgi';
  let unknownKos = 0;
  const json = await c.api.exchange(
    endpoint,
    c.api.apiRequest(endpoint, tokenPayload(req)),
    (res) => {
      let j: P.Json;
      try {
        j = c.api.answerOf(endpoint, res);
      } catch (e) {
        // As rclone does (docs/api-notes.md#download-tokens-and-range), get_token answered 200 without a token
        // is asked again, unless the text or code says asking again cannot help (#93, #236, #200, #631 and its
        // password texts, #887, #913 and the data-centre refusal's "must have CDN" keep their own kinds). Only
        // an unknown KO may be transient, and it is asked again at most twice: get_token is the endpoint the
        // flood reports come from (docs/api-notes.md#rate-limits-and-budgets).
        if (e instanceof OneFichierError && res.status === 200 && e.kind === 'api') {
          unknownKos++;
          throw rewordError(e, {
            retryable: unknownKos <= MAX_UNKNOWN_KO_RETRIES,
            hint:
              unknownKos <= MAX_UNKNOWN_KO_RETRIES
                ? 'The service did not give a download token; the client asked again.'
                : 'The service did not give a download token after asking three times; try again later.',
          });
        }
        throw e;
      }
      if (P.str(j.status).toUpperCase() !== 'OK' || typeof j.url !== 'string' || !j.url) {
        throw new OneFichierError({
          kind: 'protocol',
          endpoint,
          retryable: true,
          message: '1fichier download/get_token.cgi answered without a download token.',
        });
      }
      return j;
    },
    opts.signal,
  );
  return { url: P.parseDownloadToken(json), expiresAt: c.clock.now() + TOKEN_LIFETIME_MS };
}

function tokenPayload(req: DownloadTokenRequest): P.Json {
  if (!req || typeof req.url !== 'string' || !/^https?:\/\/\S+$/i.test(req.url))
    throw invalidInput(`"${String(req?.url)}" is not a 1fichier file URL such as https://1fichier.com/?abcde12345.`);
  const payload: P.Json = { url: req.url };
  if (req.inline) payload.inline = 1;
  // Sent both ways: an omitted `cdn` takes the account's "use CDN" setting, which may spend credits (docs/api-notes.md#download-tokens-and-range).
  if (req.cdn !== undefined) payload.cdn = req.cdn ? 1 : 0;
  if (req.restrictIp !== undefined) {
    if (![0, 1, 2].includes(req.restrictIp)) throw invalidInput('restrictIp must be 0, 1 or 2.');
    payload.restrict_ip = req.restrictIp;
  }
  if (req.single) payload.single = 1;
  if (req.password) payload.pass = req.password;
  if (req.noSsl) payload.no_ssl = 1;
  if (req.folderId !== undefined) {
    checkFolderId(req.folderId, 'folderId');
    payload.folder_id = req.folderId;
  }
  if (req.filename !== undefined) payload.filename = req.filename;
  if (req.sharingUser !== undefined) payload.sharing_user = req.sharingUser;
  return payload;
}

/** The token one download uses: taken at the start, renewed when refused or when it is about to expire. */
export class HeldToken {
  private token!: DownloadToken;
  private takenAt = 0;

  private constructor(
    private readonly c: ClientContext,
    private readonly req: DownloadTokenRequest,
    private readonly signal: AbortSignal | undefined,
  ) {}

  static async take(c: ClientContext, req: DownloadTokenRequest, signal?: AbortSignal): Promise<HeldToken> {
    const held = new HeldToken(c, req, signal);
    await held.renew();
    return held;
  }

  get url(): string {
    return this.token.url;
  }

  async renew(): Promise<void> {
    this.token = await getDownloadToken(this.c, this.req, this.signal ? { signal: this.signal } : {});
    this.takenAt = this.c.clock.now();
  }

  /** A new token before resuming when this one is near the end of its life. */
  async renewIfOld(): Promise<void> {
    if (this.c.clock.now() - this.takenAt > TOKEN_RENEW_AFTER_MS) await this.renew();
  }
}
