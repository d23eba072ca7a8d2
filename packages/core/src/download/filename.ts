/**
 * The file name of a download, from its Content-Disposition header (docs/api-notes.md#download-tokens-and-range).
 * The real host sends `filename="…"` (Gizmo091 OneFichierCom.php reads it with `/filename="(.*?)"/`); with a
 * non-ASCII name those are raw UTF-8 bytes, which HTTP clients hand over one character per byte (latin1).
 * A name from the header is the stored one, so it is shown as the file was given (look-alikes decoded,
 * bidirectional controls visible: names.ts); a name the caller knows is already shown that way.
 */
import { shownName } from '../names';

/**
 * `filename*=UTF-8''…` (RFC 5987) when present; else `filename="…"`, decoded from UTF-8 when its characters
 * are the bytes of valid UTF-8. When the quoted name is not plain ASCII the name the caller knows (from a
 * listing or file/info, JSON and so unambiguous) wins; without a header, the known name.
 */
export function downloadFilename(disposition: string | undefined, knownName: string | undefined): string | undefined {
  const known = knownName?.trim() ? knownName : undefined;
  const fromHeader = headerFilename(disposition, known !== undefined);
  return fromHeader === undefined ? known : shownName(fromHeader);
}

/** The name the header gives (as stored), or undefined where it gives none, or an unsure one while a name is known. */
function headerFilename(disposition: string | undefined, nameKnown: boolean): string | undefined {
  if (!disposition) return undefined;
  const star = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(disposition);
  if (star) {
    try {
      return decodeURIComponent(star[1]!.trim());
    } catch {
      // A malformed filename*: fall through to the quoted form.
    }
  }
  const plain = /filename\s*=\s*"([^"]*)"|filename\s*=\s*([^;]+)/i.exec(disposition);
  const raw = plain ? (plain[1] ?? plain[2] ?? '').trim() : '';
  if (raw === '') return undefined;
  if (/^[\x20-\x7e]*$/.test(raw)) return raw;
  return nameKnown ? undefined : (utf8FromByteChars(raw) ?? raw);
}

/** The text whose UTF-8 bytes are these characters (each 0-255), or undefined when they are not valid UTF-8. */
function utf8FromByteChars(chars: string): string | undefined {
  const bytes = new Uint8Array(chars.length);
  for (let i = 0; i < chars.length; i++) {
    const code = chars.charCodeAt(i);
    if (code > 0xff) return undefined;
    bytes[i] = code;
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}
