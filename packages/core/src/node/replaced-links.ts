/**
 * The machine's record of replaced links (replaced-links.ts) in a small JSON file beside the pace ledger
 * (ledger.ts), so what the VS Code extension replaces, the language server can offer as a quick fix. Changes
 * are made under a lock and written to a temporary file renamed over the record, as the ledger does. The record
 * is a convenience: when its file cannot be used, recording does nothing and lookups find nothing.
 */
import { promises as fsp } from 'node:fs';
import { dirname, join } from 'node:path';
import lockfile from 'proper-lockfile';
import { addReplacedLinks, currentLink, type ReplacedLink, type ReplacedLinkStore } from '../replaced-links';
import { defaultLedgerPath } from './ledger';

/** The record's file: in the pace ledger's folder ($ONEFICHIER_PACE_DIR, else the user's cache folder). */
export function defaultReplacedLinksPath(env: Record<string, string | undefined> = process.env): string {
  return join(dirname(defaultLedgerPath(env)), 'replaced-links.json');
}

export class FileReplacedLinks implements ReplacedLinkStore {
  /** `onProblem` hears why a change could not be written (the replacement itself is done either way). */
  constructor(
    readonly path = defaultReplacedLinksPath(),
    private readonly onProblem: (message: string) => void = () => undefined,
  ) {}

  async record(links: readonly ReplacedLink[]): Promise<void> {
    if (links.length === 0) return;
    let release: (() => Promise<void>) | undefined;
    try {
      await fsp.mkdir(dirname(this.path), { recursive: true });
      release = await lockfile.lock(this.path, {
        realpath: false,
        stale: 5_000,
        retries: { retries: 200, factor: 1.2, minTimeout: 2, maxTimeout: 25, randomize: true },
        onCompromised: () => undefined,
      });
      const text = JSON.stringify({ links: addReplacedLinks(await this.load(), links) });
      const tmp = `${this.path}.${process.pid}.tmp`;
      await fsp.writeFile(tmp, text);
      await fsp.rename(tmp, this.path);
    } catch (e) {
      this.onProblem(`The record of replaced links ${this.path} could not be written (${e instanceof Error ? e.message : String(e)}).`);
    } finally {
      await release?.().catch(() => undefined);
    }
  }

  async find(oldUrl: string): Promise<ReplacedLink | undefined> {
    return currentLink(await this.load(), oldUrl);
  }

  private async load(): Promise<ReplacedLink[]> {
    try {
      const parsed = JSON.parse(await fsp.readFile(this.path, 'utf8')) as { links?: unknown };
      return Array.isArray(parsed.links) ? parsed.links.filter(isReplacedLink) : [];
    } catch {
      // No record yet, or one cut by a crash or edited by hand: nothing is known.
      return [];
    }
  }
}

function isReplacedLink(value: unknown): value is ReplacedLink {
  const l = value as ReplacedLink;
  return (
    typeof l === 'object' && l !== null && typeof l.oldUrl === 'string' && typeof l.newUrl === 'string' && typeof l.filename === 'string'
  );
}
