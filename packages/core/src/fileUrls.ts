/**
 * What a 1fichier file URL is, for every front end: recognising one (a whole value, or links in running
 * text) and its canonical form, the URL the API knows the file by.
 *
 * The rule, from the evidence gathered in docs/api-notes.md#hosts:
 * - The host is one of the eleven domains of the official API page's domain table (the upload `domain`
 *   option, ids 0 to 10), or `desfichiers.net` or `mesfichiers.net` (JDownloader OneFichierCom.java lists
 *   them; plowshare maps domain 6 to mesfichiers.net), with or without `www.`. Any other host
 *   (`cdn.1fichier.com`, a mirror path such as `example.com/1fichier.com/?id`) is no file link.
 * - The path is `/` and the query starts with the file id: 5 to 20 letters and digits, as the official page
 *   states for download links. Real ids are 20 lower-case characters (`2zk52quqlm0cbjr93ri5`,
 *   docs/api-notes.md#hosts); the case is kept as written. A longer run of id characters is no id, not a truncated one.
 * - Whatever follows the id starts with `&` (`&af=3601079` affiliate tags, `&e=1`) and is not part of the
 *   file's identity. Trailing sentence punctuation (`see …/?abcde&af=1.`) ends the link.
 * - `http://` is accepted, and in text the scheme may be left out (people paste bare `1fichier.com/?abc12`).
 *
 * The canonical form is `https://<domain>/?<id>`, on the domain as written: a file uploaded on another
 * domain is valid only there, and its 1fichier.com form is "OFFLINE" (JDownloader getContentURL, which
 * sends the original domain to file/info and get_token too). For 1fichier.com it is the form listings and
 * upload answers give (file/ls.cgi `url`, end.pl `download`). Front ends send it to the API and compare
 * files by it.
 *
 * Every pattern is written without the `i` flag (letters are spelled in both cases), so FILE_URL_PATTERN
 * is the same rule when n8n compiles it for its field validation.
 */

/** The domain table of the official API page, in its order (upload `domain` ids 0..10). */
export const FILE_URL_DOMAINS: readonly string[] = [
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

/**
 * Other spellings of the table's domains that 1fichier links use: JDownloader (OneFichierCom.java, rev 53205,
 * getPluginDomains) lists desfichiers.net beside desfichiers.com; plowshare (1fichier.sh) maps domain 6 to
 * mesfichiers.net.
 */
export const FILE_URL_OTHER_DOMAINS: readonly string[] = ['desfichiers.net', 'mesfichiers.net'];

/** A file link as written, with its id and canonical URL. */
export interface FileUrl {
  /** The file id, 5 to 20 letters and digits, exactly as written. */
  id: string;
  /** The domain as written, lower-cased and without `www.`. */
  domain: string;
  /** The link exactly as written (with its `&af=...`-style suffix, if any). */
  text: string;
  /** `https://<domain>/?<id>`: the link on its own domain (a file is valid only on the domain it was uploaded on). */
  canonicalUrl: string;
}

/** A link found in a text: `text === source.slice(start, end)`. */
export interface FileUrlMatch extends FileUrl {
  start: number;
  end: number;
}

/** `abc.d` → `[aA][bB][cC]\.[dD]`: matches either case without a flag. */
function caseless(text: string): string {
  return text.replace(/[a-z]/gi, (c) => `[${c.toLowerCase()}${c.toUpperCase()}]`).replace(/\./g, '\\.');
}

const SCHEME = `${caseless('http')}[sS]?:\\/\\/`;
const HOST = `(?:${caseless('www.')})?(${[...FILE_URL_DOMAINS, ...FILE_URL_OTHER_DOMAINS].map(caseless).join('|')})`;
/** The id, not followed by another id character: `?` + 26 letters is no link. */
const ID = '\\/\\?([A-Za-z0-9]{5,20})(?![A-Za-z0-9_])';
/** `&...` up to a character that cannot be in a URL written in text, without trailing sentence punctuation. */
const SUFFIX = '((?:&[^\\s"\'<>`()\\[\\]{}\\\\|^]*(?<![.,;:!?]))?)';

/**
 * A whole value that is one file link (surrounding spaces allowed), as a RegExp source compiled without
 * flags. Groups: 1 domain, 2 id, 3 suffix.
 */
export const FILE_URL_PATTERN = `^\\s*(?:${SCHEME})?${HOST}${ID}${SUFFIX}\\s*$`;

/*
 * In running text a link must not be glued to a word or a path: a scheme must not follow a word character
 * (`xhttps://`), and without a scheme the domain must not follow a word, a dot, a slash, `@` or `:`
 * (`foo1fichier.com`, `/mirror/1fichier.com/?x`, `cdn.1fichier.com`).
 */
const IN_TEXT = `(?:(?<![A-Za-z0-9+.-])${SCHEME}|(?<![A-Za-z0-9_./@:-]))${HOST}${ID}${SUFFIX}`;

const WHOLE_VALUE = new RegExp(FILE_URL_PATTERN);

/** The URL the API knows a file by: on the domain the link names (1fichier.com when none is given). */
export function canonicalFileUrl(id: string, domain = '1fichier.com'): string {
  return `https://${domain.toLowerCase()}/?${id}`;
}

/** Every 1fichier file link in `source`, in order. */
export function findFileUrls(source: string): FileUrlMatch[] {
  const links: FileUrlMatch[] = [];
  // A new RegExp per call: a shared /g object keeps lastIndex between callers.
  for (const match of source.matchAll(new RegExp(IN_TEXT, 'g'))) {
    const [text, domain, id] = match as unknown as [string, string, string];
    const start = match.index ?? 0;
    links.push({ id, domain: domain.toLowerCase(), text, canonicalUrl: canonicalFileUrl(id, domain), start, end: start + text.length });
  }
  return links;
}

/** The file link a whole value is (a setting, a command argument, a node parameter), or undefined. */
export function parseFileUrl(value: unknown): FileUrl | undefined {
  if (typeof value !== 'string') return undefined;
  const match = WHOLE_VALUE.exec(value);
  if (!match) return undefined;
  const [, domain, id] = match as unknown as [string, string, string];
  return { id, domain: domain.toLowerCase(), text: value.trim(), canonicalUrl: canonicalFileUrl(id, domain) };
}
