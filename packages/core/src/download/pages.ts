/**
 * HTML pages the download host can answer instead of the file (docs/api-notes.md#download-tokens-and-range;
 * the texts and waits are JDownloader's, OneFichierCom.java errorHandlingWebsite, which reads them after
 * opening an API token URL). A page is never file content: it becomes a classified error, and "too fast"
 * tells the caller to wait and take a new token.
 */
import { OneFichierError, type ErrorKind } from '../errors';
import { DOWNLOAD_TOO_FAST_WAIT_MS } from '../limits';
import { htmlExcerpt, looksLikeHtml } from '../parse';

const MINUTE = 60_000;

interface PageRule {
  pattern: RegExp;
  kind: ErrorKind;
  hint: (m: RegExpExecArray) => string;
  retryAfterMs?: (m: RegExpExecArray) => number;
  /** Wait (retry.tooFastWaitMs), then take a new token and ask again. */
  tooFast?: true;
}

const CDN_HINT =
  '1fichier refuses Premium downloads from VPN, proxy and data-centre addresses (like #913). Enable the "use CDN" option (it spends CDN credits) or download from a residential connection.';

/** First match wins; the order is JDownloader's. */
const PAGE_RULES: readonly PageRule[] = [
  { pattern: /File not found/i, kind: 'not_found', hint: () => 'Check the URL; the file may have been removed.' },
  {
    pattern: /Software error|Can't connect DB|base de donn[ée]es impossible/i,
    kind: 'server',
    retryAfterMs: () => 10 * MINUTE,
    hint: () => '1fichier had a server error. Try again later (in about 10 minutes).',
  },
  {
    pattern: /Access to this file is protected|This file is protected|reserved access to the subscribers/i,
    kind: 'api',
    hint: () =>
      'The owner restricted access to this file (to some IP addresses, registered users, Premium users or the owner only). Ask the owner.',
  },
  {
    pattern: /Your requests are too fast/i,
    kind: 'rate_limited',
    tooFast: true,
    retryAfterMs: () => DOWNLOAD_TOO_FAST_WAIT_MS,
    hint: () =>
      '1fichier asked to slow down the downloads. The client waited and asked again; wait a minute and download fewer files at once.',
  },
  {
    pattern: /residential|professional services|professional infrastructure|requires usage of CDN credits/i,
    kind: 'not_premium',
    hint: () => CDN_HINT,
  },
  {
    pattern: /in maintenance/i,
    kind: 'server',
    retryAfterMs: () => 20 * MINUTE,
    hint: () => '1fichier is in maintenance. Try again in about 20 minutes.',
  },
  {
    pattern: /only for downloading from|massively shared internet access|IPv4 and IPv6/i,
    kind: 'locked',
    retryAfterMs: () => 10 * MINUTE,
    hint: () =>
      'The account is being used from several IP addresses at once (one location at a time, like #887). Download from one IP (not IPv4 and IPv6 together) and wait about 10 minutes.',
  },
  {
    pattern: /You must wait (?:at least |up to )?(\d+) minutes|Vous devez attendre encore (\d+) minutes/i,
    kind: 'rate_limited',
    retryAfterMs: (m) => Number(m[1] ?? m[2]) * MINUTE,
    hint: (m) => `1fichier asks to wait ${m[1] ?? m[2]} min between downloads. Try again after that.`,
  },
  {
    pattern: /IP Locked|Will be unlocked within 1h/i,
    kind: 'rate_limited',
    retryAfterMs: () => 60 * MINUTE,
    hint: () =>
      '1fichier locked this IP for downloading too much too fast; it unlocks within an hour. Wait, then download fewer files at once.',
  },
];

/** What a page means: the error, and whether waiting and taking a new token may help. */
export interface PageVerdict {
  error: OneFichierError;
  tooFast: boolean;
}

/**
 * Whether an answer with this status and these headers, starting with these bytes, is a page rather than the
 * file. A Content-Disposition means a file (a user's own .html file has one: JDownloader's
 * looksLikeDownloadableContent); otherwise an HTML Content-Type, or no Content-Type and bytes that start like
 * HTML, mean a page.
 */
export function isPage(headers: Record<string, string>, firstBytes: Uint8Array | undefined): boolean {
  if (headers['content-disposition']) return false;
  const type = headers['content-type'];
  if (type !== undefined && type.trim() !== '') return /html/i.test(type);
  if (!firstBytes) return false;
  return startsLikeHtml(new TextDecoder().decode(firstBytes.subarray(0, 512)));
}

/** A whole HTML document (or fragment), not any text that happens to start with `<`. */
function startsLikeHtml(text: string): boolean {
  return looksLikeHtml(text) && /^\s*<(!doctype\s+html|html|head|body|title|div|p|h1)\b/i.test(text);
}

/** The classified error a page means, with what the page says (secrets removed). */
export function classifyPage(status: number, html: string, secrets: readonly (string | undefined)[]): PageVerdict {
  const said = htmlExcerpt(html, secrets);
  for (const rule of PAGE_RULES) {
    const m = rule.pattern.exec(said);
    if (!m) continue;
    const retryAfterMs = rule.retryAfterMs?.(m);
    return {
      tooFast: rule.tooFast === true,
      error: new OneFichierError({
        kind: rule.kind,
        endpoint: 'download',
        httpStatus: status,
        retryable: retryAfterMs !== undefined,
        message: `The download host answered a page (HTTP ${status}): ${said}`,
        hint: rule.hint(m),
        ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
      }),
    };
  }
  return {
    tooFast: false,
    error: new OneFichierError({
      kind: 'protocol',
      endpoint: 'download',
      httpStatus: status,
      message: `The download host answered a web page instead of the file (HTTP ${status}): ${said || 'an empty page'}`,
      hint: 'Nothing was saved. Try again later; if it persists, report it with this message.',
    }),
  };
}
