/** What both Node transports share: the request body's kind, the secrets a request carries, plain headers. */
import type { HttpRequest, StreamBody } from '../types';

export const DEFAULT_USER_AGENT = 'onefichier-toolkit/0.1.0';

export function isStreamBody(b: HttpRequest['body']): b is StreamBody {
  return typeof b === 'object' && b !== null && !(b instanceof Uint8Array) && 'chunks' in b;
}

/** The Authorization value of a request and its bare token: texts an error must not repeat. */
export function secretsOf(headers: Record<string, string>): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(headers)) {
    if (k.toLowerCase() === 'authorization') {
      out.push(v);
      const token = v.replace(/^\s*\S+\s+/, '');
      if (token !== v) out.push(token);
    }
  }
  return out;
}

export function plainHeaders(h: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  const src =
    h && typeof (h as { toJSON?: unknown }).toJSON === 'function'
      ? (h as { toJSON(): Record<string, unknown> }).toJSON()
      : ((h ?? {}) as Record<string, unknown>);
  for (const [k, v] of Object.entries(src)) {
    if (v === undefined || v === null) continue;
    out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : String(v);
  }
  return out;
}
