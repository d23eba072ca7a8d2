/**
 * Network failures in words: a transport's code ('ECONNREFUSED', 'ERR_INVALID_URL', …) becomes the reason a
 * person reads in "Cannot reach <address> (<reason>)", the title of every `network` error (pipeline.ts
 * errorOf). The code itself stays in the error's details (`transportCode`).
 */

const REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'no such host',
  EAI_AGAIN: 'the host name could not be looked up',
  ETIMEDOUT: 'no answer in time',
  ESOCKETTIMEDOUT: 'no answer in time',
  ECONNABORTED: 'no answer in time',
  ECONNRESET: 'the connection was cut',
  EPIPE: 'the connection was cut',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ERR_INVALID_URL: 'not a valid URL: it must start with https:// or http://',
  ERR_TLS_CERT_ALTNAME_INVALID: 'its TLS certificate is for another name',
  CERT_HAS_EXPIRED: 'its TLS certificate has expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'its TLS certificate is self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'its TLS certificate is self-signed',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'its TLS certificate could not be checked',
  EPROTO: 'the secure connection failed (is it http rather than https?)',
};

/** The reason a transport code gives, in words; an unknown code as it is. */
export function networkReason(code: string): string {
  return REASONS[code] ?? `network error ${code}`;
}

/**
 * What could not be reached: the API base URL for the API's own calls, otherwise the address's origin (an
 * upload node's or a download's query carries ids and tokens, which an error title does not need).
 */
export function unreachableAddress(url: string | undefined, baseUrl: string): string {
  if (url === undefined || url.startsWith(baseUrl)) return baseUrl;
  try {
    return new URL(url).origin;
  } catch {
    return baseUrl;
  }
}
