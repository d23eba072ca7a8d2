/** The codex files: what n8n's node panel searches besides the node's name. */
import { readFileSync } from 'fs';
import * as path from 'path';

const codex = (file: string) =>
  JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'packages', 'n8n-nodes-1fichier', 'nodes', 'OneFichier', file), 'utf8')) as {
    alias?: unknown;
  };

test.each(['OneFichier.node.json', 'OneFichierTrigger.node.json'])('%s has search aliases, "1fichier" among them', (file) => {
  const { alias } = codex(file);
  expect(Array.isArray(alias)).toBe(true);
  const words = alias as string[];
  expect(words).toContain('1fichier');
  expect(words.length).toBeGreaterThanOrEqual(4);
  for (const w of words) expect(w).toMatch(/^[a-z0-9][a-z0-9 ]*$/);
});
