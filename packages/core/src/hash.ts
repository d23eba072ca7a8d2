/** Whirlpool (the service's only checksum) via hash-wasm: pure JS + WASM, so the n8n bundle can carry it. */
import { createWhirlpool } from 'hash-wasm';

export interface IncrementalHash {
  update(chunk: Uint8Array): void;
  /** Lower-case hex. */
  digest(): string;
}

export async function createWhirlpoolHasher(): Promise<IncrementalHash> {
  const h = await createWhirlpool();
  h.init();
  return {
    update: (chunk) => {
      h.update(chunk);
    },
    digest: () => h.digest('hex'),
  };
}

/** Whirlpool of a whole byte sequence or text (convenience for small inputs and tests). */
export async function whirlpoolHex(data: Uint8Array | string): Promise<string> {
  const h = await createWhirlpoolHasher();
  h.update(typeof data === 'string' ? new TextEncoder().encode(data) : data);
  return h.digest();
}

/** Stable, non-reversible id of an API key for in-process maps (two 53-bit mixes; not a password hash). */
export function accountIdOf(secret: string): string {
  const mix = (seed: number): number => {
    let h1 = 0xdeadbeef ^ seed;
    let h2 = 0x41c6ce57 ^ seed;
    for (let i = 0; i < secret.length; i++) {
      const c = secret.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 2654435761);
      h2 = Math.imul(h2 ^ c, 1597334677);
    }
    h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
    h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
    return 4294967296 * (2097151 & h2) + (h1 >>> 0);
  };
  return `k${mix(1).toString(36)}${mix(7).toString(36)}`;
}
