// One JSON request over fetch, for the playground (scripts/lib/playground) and its e2e test (test/e2e/start).

/**
 * Sends `body` as JSON (when given) and reads the answer as text, then as JSON when it is JSON. Resolves with
 * the HTTP status, both readings and the Set-Cookie headers; never throws on an HTTP error status.
 */
export async function requestJson(url, { method = 'GET', body, headers = {}, timeoutMs = 30_000 } = {}) {
  const res = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await res.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, json, text, setCookie: res.headers.getSetCookie?.() ?? [] };
}
