/**
 * File and folder names the service reserves, and names that could pass for others. rclone (backend/fichier,
 * 2019) encodes `\ < > " ' $ \``, leading/trailing spaces, control characters and `/` to full-width look-alikes
 * because "they can't be used in 1Fichier folder and file names", and decodes listings back; the toolkit does
 * the same by default ('encode'), so files stay interoperable with rclone, and the 'refuse' policy refuses
 * such names instead. Names come back from the service in their original form (`shownName`).
 *
 * Bidirectional controls (U+202E RIGHT-TO-LEFT OVERRIDE and the others) can make `report\u202Efdp.exe` look like
 * `reportexe.pdf`. The toolkit's choice: they are made visible, as `[U+202E]`, wherever a name passes: in the
 * names it sends (under 'encode'; 'refuse' refuses them) and in every name it shows. Control characters in a
 * name it shows (CR and LF that start a fake log line, ESC that drives a terminal, the other C0 and C1
 * controls, and those restored by decoding ␍ and the other control pictures) are made visible the same way.
 */
import { OneFichierError } from './errors';
import { reasonText, type Reason } from './reasons';
import type { ReservedNamePolicy } from './types';

export const MAX_NAME_LENGTH = 250;

const RESERVED_MAP: Record<string, string> = {
  '\\': '\uFF3C', // ＼
  '<': '\uFF1C', // ＜
  '>': '\uFF1E', // ＞
  '"': '\uFF02', // ＂
  "'": '\uFF07', // ＇
  $: '\uFF04', // ＄
  '`': '\uFF40', // ｀
  '/': '\uFF0F', // ／
};
const SPACE_SYMBOL = '\u2420'; // ␠
const RESERVED_CHARS = /[\\<>"'$`/]/;
// Control characters C0 and DEL; lone surrogates are invalid UTF-8 once encoded.
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Unicode's Bidi_Control characters: ALM, LRM, RLM, LRE, RLE, PDF, LRO, RLO, LRI, RLI, FSI, PDI. */
const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
/**
 * What showControls makes visible: the bidirectional controls, the C0 controls and DEL, the C1 controls,
 * and the line and paragraph separators (U+2028, U+2029), which break lines like LF.
 */
const SHOWN_CONTROLS = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g;

/** A character as a visible `[U+XXXX]`. */
function visible(ch: string): string {
  return `[U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}]`;
}

/**
 * The text with each control character (bidirectional, C0, DEL, C1, line and paragraph separators) replaced
 * by a visible `[U+XXXX]`: a name shown through it cannot pass for another name, start a new line in a log
 * or send an escape sequence to a terminal. Every name the toolkit shows goes through it (shownName).
 */
export function showControls(text: string): string {
  return text.replace(SHOWN_CONTROLS, visible);
}

/**
 * Why a name cannot be used, or undefined when it can: as it is (no policy, or 'refuse'), or under 'encode',
 * what stays refused once the reserved characters are replaced (an empty name, over 250 characters). In
 * `locale`'s language (reasons.ts), English by default.
 */
export function nameProblem(name: string, policy?: ReservedNamePolicy, locale?: string): string | undefined {
  const issue = nameIssue(name, policy);
  return issue && reasonText(issue, locale);
}

/** nameProblem as a code with its parts (reasons.ts), for a skipped entry or a localized message. */
export function nameIssue(name: string, policy?: ReservedNamePolicy): Reason | undefined {
  const asIs = issueAsIs(name);
  if (!asIs || policy !== 'encode' || typeof name !== 'string' || name.length === 0) return asIs;
  return issueAsIs(encodeFileName(name));
}

/** Why a name cannot be sent as it is, or undefined when it can. */
function issueAsIs(name: string): Reason | undefined {
  if (typeof name !== 'string' || name.length === 0) return { code: 'name_empty' };
  if (name === '.' || name === '..') return { code: 'name_dot', name };
  const length = [...name].length;
  if (length > MAX_NAME_LENGTH) return { code: 'name_too_long', length, max: MAX_NAME_LENGTH };
  const reserved = RESERVED_CHARS.exec(name);
  if (reserved) return { code: 'name_reserved', char: reserved[0] };
  if (CONTROL_CHARS.test(name)) return { code: 'name_control' };
  const bidi = name.match(BIDI_CONTROLS);
  if (bidi) return { code: 'name_bidi', control: visible(bidi[0]) };
  if (LONE_SURROGATE.test(name)) return { code: 'name_not_unicode' };
  if (name.startsWith(' ') || name.endsWith(' ')) return { code: 'name_edge_space' };
  return undefined;
}

/**
 * Maps reserved characters to rclone's full-width look-alikes (＼ ＜ ＞ ＂ ＇ ＄ ｀ ／), a leading or
 * trailing space to ␠, control characters to the Unicode control pictures (␀..␟, ␡), broken surrogates to
 * U+FFFD, "." / ".." to full-width dots, and bidirectional controls to a visible `[U+XXXX]` (not mapped
 * back). The length limit still applies afterwards.
 */
export function encodeFileName(name: string): string {
  if (name === '.') return '\uFF0E';
  if (name === '..') return '\uFF0E\uFF0E';
  let out = '';
  // Only the bidirectional controls: the C0 controls go to their control pictures below, as rclone sends them.
  name = name.replace(BIDI_CONTROLS, visible);
  for (const ch of name) {
    const code = ch.codePointAt(0) ?? 0;
    if (RESERVED_MAP[ch]) out += RESERVED_MAP[ch];
    else if (code < 0x20) out += String.fromCodePoint(0x2400 + code);
    else if (code === 0x7f) out += '\u2421';
    else if (code >= 0xd800 && code <= 0xdfff) out += '\uFFFD';
    else out += ch;
  }
  if (out.startsWith(' ')) out = SPACE_SYMBOL + out.slice(1);
  if (out.endsWith(' ')) out = out.slice(0, -1) + SPACE_SYMBOL;
  return out;
}

const DECODE_MAP: Record<string, string> = Object.fromEntries(Object.entries(RESERVED_MAP).map(([k, v]) => [v, k]));

/**
 * The inverse of encodeFileName, for display (as rclone decodes listings). Only the look-alikes the encoder
 * produces are mapped back; a name that genuinely contains them is shown with the ASCII character.
 */
export function decodeFileName(name: string): string {
  if (name === '\uFF0E') return '.';
  if (name === '\uFF0E\uFF0E') return '..';
  let out = '';
  for (const ch of name) {
    const code = ch.codePointAt(0) ?? 0;
    if (DECODE_MAP[ch]) out += DECODE_MAP[ch];
    else if (code >= 0x2400 && code < 0x2420) out += String.fromCodePoint(code - 0x2400);
    else if (code === 0x2421) out += '\u007f';
    else out += ch;
  }
  if (out.startsWith(SPACE_SYMBOL)) out = ` ${out.slice(1)}`;
  if (out.endsWith(SPACE_SYMBOL)) out = `${out.slice(0, -1)} `;
  return out;
}

/** A name as the service sent it, in the form the toolkit shows and returns: decoded, control characters visible. */
export function shownName(wire: string): string {
  return showControls(decodeFileName(wire));
}

/** A path such as file/info's "/A/B" with each segment shown (a `/` inside a name is sent as ／). */
export function shownPath(wire: string): string {
  return wire.split('/').map(shownName).join('/');
}

/** Whether a name given by a caller is the one the service shows as `shown` (once encoded and shown back). */
export function isShownAs(name: string, shown: string): boolean {
  return name === shown || shownName(encodeFileName(name)) === shown;
}

/**
 * Returns the name to send: unchanged when valid, encoded when the policy is 'encode' (the default), otherwise
 * throws `invalid_name` with what is wrong and what to do. Empty names and names over 250 characters are
 * refused under both policies, saying why.
 */
export function checkName(name: string, policy: ReservedNamePolicy = 'encode', what = 'name'): string {
  const issue = issueAsIs(name);
  if (!issue) return name;
  if (policy === 'encode' && typeof name === 'string' && name.length > 0) {
    const encoded = encodeFileName(name);
    const still = issueAsIs(encoded);
    if (!still) return encoded;
    throw new OneFichierError({
      kind: 'invalid_name',
      message: `Invalid ${what} "${preview(name)}": ${reasonText(still)}.`,
      hint: still.code === 'name_too_long' ? `Choose a name of at most ${MAX_NAME_LENGTH} characters.` : 'Choose another name.',
      details: { why: still },
    });
  }
  throw new OneFichierError({
    kind: 'invalid_name',
    message: `Invalid ${what} "${preview(name)}": ${reasonText(issue)}.`,
    hint:
      issue.code === 'name_empty'
        ? 'Give a name.'
        : issue.code === 'name_too_long'
          ? `Choose a name of at most ${MAX_NAME_LENGTH} characters.`
          : 'Rename it, or let the toolkit replace reserved characters with look-alikes, as rclone does (the default).',
    details: { why: issue },
  });
}

/**
 * Why a name from a listing cannot be a local file or folder name as it is, or undefined when it can: it
 * would leave the folder it is written in (`..`, a path separator, a look-alike `／` decodes to one, a NUL)
 * or is no name at all. `separator` is the platform's own (Node's path.sep); `/` is refused everywhere.
 */
export function localNameProblem(name: string, separator = '/', locale?: string): string | undefined {
  const issue = localNameIssue(name, separator);
  return issue && reasonText(issue, locale);
}

/** localNameProblem as a code with its parts (reasons.ts). */
export function localNameIssue(name: string, separator = '/'): Reason | undefined {
  if (name === '' || name === '.' || name === '..') return { code: 'local_name_unusable', name };
  if (name.includes('/') || name.includes(separator) || name.includes('\0')) return { code: 'local_name_separator', name };
  return undefined;
}

/**
 * The plain file name to propose when saving a listed file: path separators written as rclone's look-alikes
 * (／, and ＼ where it separates), a NUL as ␀, and leading dots dropped, as browsers do for downloads, so a
 * listing cannot steer a save to `../x` or onto a hidden file such as `.profile` ('download' if nothing is left).
 */
export function localFileNameFor(name: string, separator = '/'): string {
  let plain = '';
  for (const ch of name) plain += ch === '/' || ch === separator ? (RESERVED_MAP[ch] ?? '_') : ch === '\0' ? '\u2400' : ch;
  plain = plain.replace(/^\.+/, '');
  return plain === '' ? 'download' : plain;
}

function preview(name: unknown): string {
  const s = showControls(typeof name === 'string' ? name : String(name));
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}
