/**
 * The toolkit's record of replaced links. Replacing a file on 1fichier uploads a new file and removes the old
 * one, so every link to the old file dies. Whoever replaces a file records old → new here, and whoever finds a
 * dead link (the language server's quick fix) asks for the current one. A store is shared through a file by
 * the Node entry (node/replaced-links.ts); this module is pure.
 */
import { parseFileUrl } from './fileUrls';

export interface ReplacedLink {
  /** The link that died (canonical form). */
  oldUrl: string;
  /** The link of the file that replaced it (canonical form). */
  newUrl: string;
  /** The name of the file, as listings show it. */
  filename: string;
  folderId: number;
  /** When it was replaced (ISO 8601). */
  replacedAt: string;
}

export interface ReplacedLinkStore {
  record(links: readonly ReplacedLink[]): Promise<void>;
  /** The current link of a replaced one (following later replacements of the new file), or undefined. */
  find(oldUrl: string): Promise<ReplacedLink | undefined>;
}

/** How many replacements a record keeps (the newest): old links past that are rarely still written anywhere. */
const MAX_REPLACED_LINKS = 2000;

/** A link in the form records use, or the text unchanged when it is not a 1fichier link. */
function canonical(url: string): string {
  return parseFileUrl(url)?.canonicalUrl ?? url;
}

/** The links as a record keeps them: canonical, newest last, at most MAX_REPLACED_LINKS. */
export function addReplacedLinks(kept: readonly ReplacedLink[], added: readonly ReplacedLink[]): ReplacedLink[] {
  const fresh = added.map((l) => ({ ...l, oldUrl: canonical(l.oldUrl), newUrl: canonical(l.newUrl) }));
  const replaced = new Set(fresh.map((l) => l.oldUrl));
  return [...kept.filter((l) => !replaced.has(l.oldUrl)), ...fresh].slice(-MAX_REPLACED_LINKS);
}

/**
 * Where a dead link leads now: its replacement, or the replacement of that one, and so on (a nightly backup
 * replaces one file again and again). The answer names the newest file; its oldUrl is the link asked about.
 */
export function currentLink(links: readonly ReplacedLink[], oldUrl: string): ReplacedLink | undefined {
  const byOld = new Map(links.map((l) => [l.oldUrl, l]));
  const start = byOld.get(canonical(oldUrl));
  if (!start) return undefined;
  let last = start;
  const seen = new Set([start.oldUrl]);
  for (let next = byOld.get(last.newUrl); next && !seen.has(next.oldUrl); next = byOld.get(last.newUrl)) {
    seen.add(next.oldUrl);
    last = next;
  }
  return { ...last, oldUrl: start.oldUrl };
}

/** A record held by one process (tests, and callers that want no file). */
export class MemoryReplacedLinks implements ReplacedLinkStore {
  private links: ReplacedLink[] = [];

  async record(links: readonly ReplacedLink[]): Promise<void> {
    this.links = addReplacedLinks(this.links, links);
  }

  async find(oldUrl: string): Promise<ReplacedLink | undefined> {
    return currentLink(this.links, oldUrl);
  }
}
