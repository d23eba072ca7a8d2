/**
 * Finding 1fichier file links in any text (Markdown, plain text, HTML, JSON, YAML).
 *
 * Pure: no I/O, so it runs on every document change without touching the network.
 */

/** The domain table of the official API page (upload `domain` ids 0..10): every one serves the same files. */
export const ONEFICHIER_DOMAINS: readonly string[] = [
  '1fichier.com',
  'alterupload.com',
  'cjoint.net',
  'desfichiers.com',
  'dfichiers.com',
  'megadl.fr',
  'mesfichiers.org',
  'piecejointe.net',
  'pjointe.com',
  'tenvoi.com',
  'dl4free.com',
];

export interface FoundLink {
  /** The file id, 5 to 20 letters and digits, exactly as written. */
  id: string;
  /** The domain as written, lower-cased and without `www.`. */
  domain: string;
  /** The link exactly as written in the document (with its `&af=...`-style suffix, if any). */
  text: string;
  /** `https://1fichier.com/?<id>`: the identity the API knows the file by, whatever domain was written. */
  canonicalUrl: string;
  /** Offsets in the text: `text === source.slice(start, end)`. */
  start: number;
  end: number;
}

const escapeForRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/*
 * `https://` is optional because people paste bare `1fichier.com/?abc12` in notes; without a scheme the link
 * must not be glued to a word or a path (`foo1fichier.com`, `/mirror/1fichier.com/?x`), hence the lookbehind.
 * The id must not be followed by another id character, so `?abcdefghijklmnopqrstuvwxyz` (26) is no link,
 * and a suffix is only taken after `&` (`&af=123`, `&amp;e=1` inside HTML attributes).
 */
const LINK_PATTERN = new RegExp(
  '(?:(?<![A-Za-z0-9+.-])https?:\\/\\/|(?<![A-Za-z0-9_./@:-]))' +
    '(?:www\\.)?' +
    `(${ONEFICHIER_DOMAINS.map(escapeForRegExp).join('|')})` +
    '\\/\\?([A-Za-z0-9]{5,20})(?![A-Za-z0-9_])' +
    '((?:&[^\\s"\'<>`()\\[\\]{}\\\\|^]*)?)',
  'gi',
);

/** Punctuation that ends a sentence rather than a query string (`see https://1fichier.com/?abcde&af=1.`). */
const TRAILING_PUNCTUATION = /[.,;:!?]+$/;

export function canonicalFileUrl(id: string): string {
  return `https://1fichier.com/?${id}`;
}

/** Every 1fichier file link in `source`, in document order. */
export function findLinks(source: string): FoundLink[] {
  const links: FoundLink[] = [];
  for (const match of source.matchAll(LINK_PATTERN)) {
    const [whole, domain, id, rawSuffix] = match as unknown as [string, string, string, string];
    const suffix = rawSuffix.replace(TRAILING_PUNCTUATION, '');
    const text = whole.slice(0, whole.length - rawSuffix.length) + suffix;
    const start = match.index ?? 0;
    links.push({
      id,
      domain: domain.toLowerCase(),
      text,
      canonicalUrl: canonicalFileUrl(id),
      start,
      end: start + text.length,
    });
  }
  return links;
}

/** The link under `offset` (a cursor touching either end counts), or undefined. */
export function linkAt(source: string, offset: number): FoundLink | undefined {
  return findLinks(source).find((l) => offset >= l.start && offset <= l.end);
}

/**
 * Parses a value given to a command (a URL, with or without scheme, any domain of the table) into the
 * file's canonical URL, or undefined when it is no 1fichier file link.
 */
export function parseFileLink(value: unknown): FoundLink | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  const links = findLinks(trimmed);
  return links.length === 1 && links[0]!.start === 0 && links[0]!.end === trimmed.length ? links[0] : undefined;
}
