/** Dates, paths and counts for tree items, tooltips and progress messages (sizes are the core's formatSize). */

/** The service's "YYYY-MM-DD HH:MM:SS" (Paris time) shown without seconds; the UTC form when known. */
export function formatDate(paris: string, utc?: string): string {
  if (utc) {
    const d = new Date(utc);
    if (!Number.isNaN(d.getTime())) {
      const pad = (n: number) => String(n).padStart(2, '0');
      return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
    }
  }
  return paris ? paris.slice(0, 16) : '';
}

/** Joins a folder path and a name: ("/", "a") → "/a", ("/a", "b") → "/a/b". */
export function joinPath(folderPath: string, name: string): string {
  return folderPath === '/' ? `/${name}` : `${folderPath}/${name}`;
}

/** "3 files" / "1 file". */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
