/**
 * Classification of answers: what an API answer, HTTP status or service message means, as a OneFichierError
 * with a kind, a hint and whether a retry can help. The service uses HTTP 403 for almost every refusal and
 * sometimes answers KO with HTTP 200, so the `#NNN` code at the end of the message decides first, then the
 * HTTP status (docs/api-notes.md#envelope-and-error-codes). Whether to retry is decided in retry.ts.
 */
import { OneFichierError, redact, redactedExcerpt, rewordError, type ErrorKind } from '../errors';
import { htmlExcerpt, isObject, looksLikeHtml, str, type Json } from '../parse';

/** Flood locks: cool down, then try again. */
export const FLOOD_CODES: ReadonlySet<number> = new Set([374, 412, 223]);
/** Statuses worth a bounded exponential backoff. */
const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 500, 502, 503, 504, 509]);

/** The last `#NNN` in a service message (rclone: `#(\d{1,3})`). */
export function extractCode(message: string): number | undefined {
  const all = [...message.matchAll(/#(\d{1,3})\b/g)];
  const last = all[all.length - 1];
  return last ? Number(last[1]) : undefined;
}

interface KindRule {
  kind: ErrorKind;
  hint: string;
  retryable?: boolean;
  /** The text decides before the code: it names the case whatever number the service puts after it. */
  textFirst?: true;
}

const NO_SUCH_USER_HINT =
  'The API key is invalid, or the account is under a security lock: log in on 1fichier.com, reset the password if asked, then create a new API key (Parameters > API).';

const CODE_RULES: Record<number, KindRule> = {
  374: {
    kind: 'rate_limited',
    retryable: true,
    hint: '1fichier locked this IP for flooding (#374). The client waits and retries; if it persists, wait a few minutes and make fewer calls.',
  },
  412: {
    kind: 'rate_limited',
    retryable: true,
    hint: '1fichier locked this IP for flooding (#412). The client waits and retries; if it persists, wait a few minutes and make fewer calls.',
  },
  223: {
    kind: 'rate_limited',
    retryable: true,
    hint: '1fichier locked this account for flooding (#223). Stop other tools using the same key and wait a few minutes.',
  },
  93: { kind: 'auth', hint: NO_SUCH_USER_HINT },
  186: {
    kind: 'locked',
    hint: '1fichier blocked this IP (#186). Try from another connection or contact 1fichier support; retrying will not help.',
  },
  236: { kind: 'not_premium', hint: 'This needs a Premium or Access subscription on the account that owns the API key.' },
  620: { kind: 'locked', hint: "The file owner's account is locked (#620); the file cannot be used until its owner unlocks it." },
  // JDownloader rev 53205 preferSingleLinkcheckViaAPI: file/info answers "Owner locked #649" "pretty quickly"
  // when files are checked one by one; the words of #620, but about this IP's checks, not an account.
  649: {
    kind: 'rate_limited',
    hint: '1fichier refuses more file checks from this IP for now (#649): too many file-information requests. Wait several minutes, then check fewer files at a time; downloads and other calls are not affected.',
  },
  887: {
    kind: 'locked',
    hint: 'A download token can be used from one location at a time (#887). Use one IP, or wait a few minutes before trying from another.',
  },
  913: {
    kind: 'not_premium',
    hint: 'Premium downloads are refused from datacenter/VPN connections (#913). Enable the "use CDN" option (it spends CDN credits) or download from a residential connection.',
  },
  312: { kind: 'invalid_input', hint: 'The new name is the same as the current one; nothing was changed.' },
  // JDownloader fetchAccountInfoAPI: user/info answered too often; only that endpoint is locked.
  38: {
    kind: 'rate_limited',
    retryable: true,
    hint: '1fichier allows the account information about once per 5 minutes (#38); other calls still work. Ask for it less often.',
  },
  // JDownloader requestFileInformationAPI: "Usually goes along with http response 404".
  469: { kind: 'not_found', hint: 'The file was removed, or the link is wrong. Check the link.' },
  // JDownloader (2020); Gizmo091 (2024) sees #236 for the same text.
  200: { kind: 'not_premium', hint: 'This needs a Premium or Access subscription on the account that owns the API key.' },
};

/**
 * Rules read from the text when the code is unknown or absent, in order (docs/api-notes.md#envelope-and-error-codes).
 * Flood comes before "IP Locked": "Flood detected: IP Locked #374" is a flood lock the client waits out, while
 * a bare "IP Locked #NN" is a longer lock (JDownloader waits an hour) that retrying does not lift.
 */
const TEXT_RULES: readonly { test: RegExp; rule: KindRule }[] = [
  // JDownloader isAPIErrorPassword: "Password not provided." / "Invalid password." … "Resource not allowed #631".
  {
    test: /password not provided|invalid password|wrong password|mot de passe/i,
    rule: { kind: 'password', textFirst: true, hint: 'The file is protected by a password: give its password, or check the one given.' },
  },
  // JDownloader rev 53205 handleErrorsAPI (`(?i).*professional equipment, must have CDN.*` → errorVPNUsed): get_token
  // refuses a data-centre or VPN address; its code and HTTP status are unknown, so the text decides.
  {
    test: /professional equipment,? must have CDN/i,
    rule: {
      kind: 'cdn_required',
      textFirst: true,
      hint: "1fichier refuses Premium downloads from data-centre, VPN and proxy addresses unless they go through its CDN. Download with CDN credits (turn on the download's CDN option, which spends them), or from a residential connection.",
    },
  },
  // JDownloader handleErrorsAPI `No such user\s*#\d+` (any number; a 2026 report shows #142): the key is refused.
  { test: /no such user/i, rule: { kind: 'auth', textFirst: true, hint: NO_SUCH_USER_HINT } },
  { test: /flood/i, rule: { kind: 'rate_limited', retryable: true, hint: CODE_RULES[374]!.hint } },
  {
    test: /resource not allowed/i,
    rule: {
      kind: 'locked',
      hint: 'The owner of this file made it private or limited it to some users (#631). Ask the owner for access.',
    },
  },
  {
    test: /not authenticated/i,
    rule: {
      kind: 'auth',
      hint: '1fichier did not accept the authentication. Check that the API key is set and complete (1fichier.com > Parameters > API key).',
    },
  },
  {
    test: /must be a customer/i,
    rule: { kind: 'not_premium', hint: 'This needs a Premium or Access subscription on the account that owns the API key.' },
  },
  {
    test: /\bip locked\b/i,
    rule: {
      kind: 'locked',
      hint: '1fichier locked this IP (JDownloader reports about an hour). Retrying will not lift it: wait, then try again with fewer calls.',
    },
  },
  {
    test: /not found|no such file|no such folder|does ?n[o']t exist|introuvable|inexistant|unknown (file|folder)|invalid (url|folder|file)/i,
    rule: { kind: 'not_found', hint: 'Check the URL, folder id or path; the item may have been removed.' },
  },
  {
    test: /not empty|non vide|contains files/i,
    rule: { kind: 'conflict', hint: 'Empty the folder first, or delete it with its content.' },
  },
  {
    test: /already (exists|used)|existe d[ée]j[àa]/i,
    rule: { kind: 'conflict', hint: 'An item with this name already exists there. Use it, or choose another name.' },
  },
];

/** The rule the first matching text gives, if any. */
function ruleFromText(text: string): KindRule | undefined {
  return TEXT_RULES.find((r) => r.test.test(text))?.rule;
}

/**
 * A 403 without a KO (nginx's bare page, an empty body): rclone retries every 403 (7f776c6, "may happen when
 * request limit is exceeded"), so it is retried with a bounded backoff; it is not a flood lock (no pause of
 * the account).
 */
const BARE_403: KindRule = {
  kind: 'rate_limited',
  retryable: true,
  hint: '1fichier refused the request without saying why (HTTP 403); this can mean too many requests. The client retried; wait a few minutes and make fewer calls.',
};

const FLOOD_TEXT = /flood/i;

export function isFlood(e: OneFichierError): boolean {
  return e.kind === 'rate_limited' && ((e.code !== undefined && FLOOD_CODES.has(e.code)) || FLOOD_TEXT.test(e.message));
}

function kindFromStatus(status: number): KindRule | undefined {
  if (status === 401) return { kind: 'auth', hint: 'The API key was refused. Check it (1fichier.com > Parameters > API key).' };
  if (status === 404) return { kind: 'not_found', hint: 'Check the URL, folder id or path; the item may have been removed.' };
  if (status === 429)
    return { kind: 'rate_limited', retryable: true, hint: 'The service asked to slow down. The client backs off and retries.' };
  // 509 (bandwidth limit exceeded) is a server-side condition, not a flood lock of this client.
  if (status === 509)
    return {
      kind: 'server',
      retryable: true,
      hint: '1fichier is over its bandwidth limit for now. The client retries; if it persists, try again later.',
    };
  if (RETRYABLE_STATUSES.has(status))
    return {
      kind: 'server',
      retryable: true,
      hint: '1fichier had a temporary server problem. The client retries; if it persists, try again later.',
    };
  return undefined;
}

/** The error a service message (and HTTP status) describe. */
export function errorFromMessage(
  endpoint: string,
  httpStatus: number,
  message: string,
  secrets: readonly (string | undefined)[],
): OneFichierError {
  const clean = redact(message, secrets).trim() || `HTTP ${httpStatus} without a message`;
  const code = extractCode(clean);
  // Some texts decide before their code (textFirst): #631 also covers private files without a password.
  const byText = ruleFromText(clean);
  let rule: KindRule | undefined = byText?.textFirst ? byText : code !== undefined ? CODE_RULES[code] : undefined;
  rule ??= byText ?? kindFromStatus(httpStatus) ?? { kind: 'api', hint: 'The service refused the request; see its message.' };
  return new OneFichierError({
    kind: rule.kind,
    message: `1fichier ${endpoint}: ${clean}`,
    hint: rule.hint,
    httpStatus,
    endpoint,
    retryable: rule.retryable ?? false,
    ...(code !== undefined ? { code } : {}),
  });
}

/**
 * Interprets one API answer: the JSON object on success, otherwise throws the classified error.
 * `"status":"KO"` is an error whatever the HTTP status; non-2xx is an error; HTML is a `protocol` error
 * unless the status already says what happened (429, 5xx, 509, 401, 404).
 */
export function interpretAnswer(
  endpoint: string,
  httpStatus: number,
  text: string | undefined,
  secrets: readonly (string | undefined)[],
  headers: Record<string, string> = {},
): Json {
  const body = text ?? '';
  let json: Json | undefined;
  if (!looksLikeHtml(body)) {
    try {
      const v: unknown = JSON.parse(body);
      if (isObject(v)) json = v;
    } catch {
      json = undefined;
    }
  }
  const ok2xx = httpStatus >= 200 && httpStatus < 300;
  if (json) {
    const status = str(json.status).toUpperCase();
    if (status === 'KO' || !ok2xx) {
      const err = errorFromMessage(
        endpoint,
        httpStatus,
        str(json.message) || (status === 'KO' ? 'KO without a message' : `HTTP ${httpStatus}`),
        secrets,
      );
      return throwWithRetryAfter(err, headers);
    }
    return json;
  }
  const byStatus = httpStatus === 403 ? (ruleFromText(htmlExcerpt(body, secrets)) ?? BARE_403) : kindFromStatus(httpStatus);
  const what = looksLikeHtml(body)
    ? `an HTML page: "${htmlExcerpt(body, secrets)}"`
    : body.trim()
      ? `text that is not a JSON object: "${redactedExcerpt(body.trim(), secrets)}"`
      : 'an empty body';
  if (byStatus && !ok2xx) {
    const err = new OneFichierError({
      kind: byStatus.kind,
      message: `1fichier ${endpoint}: HTTP ${httpStatus} with ${redact(what, secrets)}`,
      hint: byStatus.hint,
      httpStatus,
      endpoint,
      retryable: byStatus.retryable ?? false,
    });
    return throwWithRetryAfter(err, headers);
  }
  throw new OneFichierError({
    kind: 'protocol',
    message: `1fichier ${endpoint}: expected JSON, the service answered (HTTP ${httpStatus}) ${redact(what, secrets)}`,
    httpStatus,
    endpoint,
    retryable: false,
  });
}

function throwWithRetryAfter(err: OneFichierError, headers: Record<string, string>): never {
  const ra = headers['retry-after'];
  const seconds = ra !== undefined ? Number(ra) : NaN;
  if (err.retryable && Number.isFinite(seconds) && seconds >= 0) throw rewordError(err, { retryAfterMs: seconds * 1000 });
  throw err;
}
