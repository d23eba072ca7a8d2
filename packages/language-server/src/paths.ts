/**
 * Finding a local file path under the cursor, for "Upload to 1fichier and replace with link".
 *
 * Candidates are taken from one line: Markdown link targets, quoted strings (JSON, YAML, HTML attributes)
 * and bare words. Only a candidate that names an existing regular file is offered, so the action never
 * shows up on ordinary words.
 */
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { fileURLToPath } from 'url';

export interface PathCandidate {
  /** The path as written in the document. */
  text: string;
  /** Offsets within the line. */
  start: number;
  end: number;
}

export interface LocalFileReference extends PathCandidate {
  /** The absolute path on disk. */
  absolutePath: string;
  size: number;
}

/** Paths longer than this are not paths people type; skipping them keeps stat calls bounded. */
const MAX_PATH_LENGTH = 4096;

function pushCandidate(out: PathCandidate[], text: string, start: number): void {
  if (text.length === 0 || text.length > MAX_PATH_LENGTH) return;
  out.push({ text, start, end: start + text.length });
}

/** Every span of `line` that could be a path, most specific first, each containing `column`. */
export function pathCandidatesAt(line: string, column: number): PathCandidate[] {
  const all: PathCandidate[] = [];
  // Markdown link or image target: [text](<path with spaces> "title") or [text](path "title")
  for (const m of line.matchAll(/\]\(\s*(?:<([^>\n]+)>|([^\s)]+))/g)) {
    const text = m[1] ?? m[2] ?? '';
    pushCandidate(all, text, (m.index ?? 0) + m[0].length - text.length - (m[1] !== undefined ? 1 : 0));
  }
  // Quoted strings: JSON values, YAML scalars, HTML attributes.
  for (const m of line.matchAll(/"((?:[^"\\]|\\.)*)"|'([^']*)'|`([^`]*)`/g)) {
    const text = m[1] ?? m[2] ?? m[3] ?? '';
    pushCandidate(all, text, (m.index ?? 0) + 1);
  }
  // Bare words (plain text, unquoted YAML values), without wrapping punctuation.
  for (const m of line.matchAll(/[^\s"'`<>()[\]{},]+/g)) {
    const raw = m[0];
    const leading = raw.length - raw.replace(/^[:=]+/, '').length;
    const text = raw.slice(leading).replace(/[.,;:!?]+$/, '');
    pushCandidate(all, text, (m.index ?? 0) + leading);
  }
  const seen = new Set<string>();
  return all.filter((c) => {
    const key = `${c.start}:${c.end}`;
    if (column < c.start || column > c.end || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Turns what is written into an absolute path: `file://` URIs, `~/` (in `homeDir`), absolute paths, and
 * paths relative to the document's folder. Undefined for URLs and for relative paths in a document that is
 * not on disk.
 */
export function resolveWrittenPath(written: string, documentUri: string, homeDir = os.homedir()): string | undefined {
  let text = written.trim();
  if (/^file:\/\//i.test(text)) {
    try {
      return fileURLToPath(text);
    } catch {
      return undefined;
    }
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text) || text.startsWith('#') || text.startsWith('mailto:')) return undefined;
  // Markdown and HTML percent-encode spaces in targets; a literal `%` elsewhere is kept.
  if (/%[0-9a-f]{2}/i.test(text)) {
    try {
      text = decodeURIComponent(text);
    } catch {
      // not an encoding after all: keep as written
    }
  }
  if (text === '~' || text.startsWith('~/')) return path.join(homeDir, text.slice(1));
  if (path.isAbsolute(text)) return path.normalize(text);
  if (!documentUri.toLowerCase().startsWith('file:')) return undefined;
  let documentPath: string;
  try {
    documentPath = fileURLToPath(documentUri);
  } catch {
    return undefined;
  }
  return path.resolve(path.dirname(documentPath), text);
}

/** The first candidate under `column` that names an existing regular file, with its size. */
export async function localFileAt(
  line: string,
  column: number,
  documentUri: string,
  homeDir = os.homedir(),
): Promise<LocalFileReference | undefined> {
  for (const candidate of pathCandidatesAt(line, column)) {
    // A bare word must look like a path: it needs a separator or an extension, so `the` is never stat'ed.
    if (!/[\\/.]/.test(candidate.text)) continue;
    const absolutePath = resolveWrittenPath(candidate.text, documentUri, homeDir);
    if (!absolutePath) continue;
    try {
      const stat = await fs.stat(absolutePath);
      if (stat.isFile()) return { ...candidate, absolutePath, size: stat.size };
    } catch {
      // not a file: try the next candidate
    }
  }
  return undefined;
}
