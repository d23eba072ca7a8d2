/** Why something is skipped or refused, in English for logs and in the user's language by its code. */
import { promises as fsp } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OneFichierError, localizedErrorText, nameIssue, nameProblem, reasonText, type Reason, type ReasonCode } from '../src';
import { checkName } from '../src/names';
import { scanLocalFolder } from '../src/node';

/** One reason of every code, so a code added without its texts (or with a broken one) fails here. */
const SAMPLES: { [C in ReasonCode]: Extract<Reason, { code: C }> } = {
  name_empty: { code: 'name_empty' },
  name_dot: { code: 'name_dot', name: '..' },
  name_too_long: { code: 'name_too_long', length: 251, max: 250 },
  name_reserved: { code: 'name_reserved', char: '<' },
  name_control: { code: 'name_control' },
  name_bidi: { code: 'name_bidi', control: '[U+202E]' },
  name_not_unicode: { code: 'name_not_unicode' },
  name_edge_space: { code: 'name_edge_space' },
  local_name_unusable: { code: 'local_name_unusable', name: '..' },
  local_name_separator: { code: 'local_name_separator', name: 'a/b' },
  unreadable: { code: 'unreadable', error: 'EACCES' },
  not_regular_file: { code: 'not_regular_file' },
  folder_link: { code: 'folder_link', orBroken: true },
  link_unresolved: { code: 'link_unresolved' },
  link_outside: { code: 'link_outside', target: '/etc/passwd', root: 'synced' },
  empty_folder: { code: 'empty_folder' },
  file_name_unusable: { code: 'file_name_unusable', because: { code: 'name_reserved', char: '$' } },
  folder_name_unusable: { code: 'folder_name_unusable', because: { code: 'name_empty' } },
  download_folder_unusable: { code: 'download_folder_unusable', because: { code: 'local_name_unusable', name: '..' } },
  upload_name_unusable: { code: 'upload_name_unusable', name: 'a<b', because: { code: 'name_reserved', char: '<' } },
  empty_file: { code: 'empty_file' },
  too_large: { code: 'too_large', size: 301e9, max: 300e9 },
  same_stored_name: { code: 'same_stored_name', others: ['x/a.txt', 'y/a.txt'], stored: 'a.txt', picked: true, folder: '/Backups' },
  same_stored_folder: { code: 'same_stored_folder', stored: 'photos' },
  ambiguous_parent: { code: 'ambiguous_parent', folder: '/Docs', ids: [4, 5] },
  ambiguous_folder: { code: 'ambiguous_folder', folder: '/Docs', ids: [4, 5] },
  ambiguous_download: { code: 'ambiguous_download', count: 2 },
  folder_loop: { code: 'folder_loop', listed: '/a/b', id: 7, itself: undefined },
  download_loop: { code: 'download_loop', id: 7, itself: '/a' },
  local_folder_blocked: { code: 'local_folder_blocked' },
  already_there: { code: 'already_there', folder: '/Backups' },
  listed_again: { code: 'listed_again', path: '/a/b', id: 7, itself: '/a' },
  size_only: { code: 'size_only', count: 5, some: ['a.txt', 'b.txt', 'c.txt'] },
  ambiguous_left: { code: 'ambiguous_left', path: '/Docs', count: 2 },
  listing_incomplete: { code: 'listing_incomplete', path: undefined, mirror: true },
};

describe('reasons', () => {
  it('has an English and a French text for every code, French with its typography', () => {
    for (const reason of Object.values(SAMPLES)) {
      const en = reasonText(reason);
      const fr = reasonText(reason, 'fr-FR');
      expect(en).toMatch(/\S/);
      expect(fr).not.toBe(en);
      // No plain or no-break space before high punctuation, and guillemets hold no-break spaces.
      expect(fr).not.toMatch(/[ \u00a0][:;?!]/);
      expect(fr).not.toMatch(/« | »/);
    }
  });

  it('keeps the English texts the logs had, and reads English for a language without a catalog', () => {
    expect(reasonText(SAMPLES.file_name_unusable)).toBe(
      'the name cannot be used on 1fichier: it contains the character $ which 1fichier reserves (reserved: \\ < > " \' $ ` /)',
    );
    expect(reasonText(SAMPLES.same_stored_name)).toBe(
      '2 other picked files, x/a.txt, y/a.txt, would also be stored as "a.txt" in /Backups: rename one, or upload them one at a time',
    );
    expect(reasonText(SAMPLES.too_large, 'de')).toBe(reasonText(SAMPLES.too_large));
  });

  it('says nested reasons and sizes in the same language', () => {
    expect(reasonText(SAMPLES.too_large, 'fr')).toBe('il pèse 301\u00a0Go\u202f; 1fichier accepte des fichiers jusqu’à 300\u00a0Go');
    expect(reasonText(SAMPLES.upload_name_unusable, 'fr')).toContain('il contient le caractère <, que 1fichier réserve');
  });

  it('gives the name rule as a code, and its text in the asked language', () => {
    expect(nameIssue('a<b', 'refuse')).toEqual({ code: 'name_reserved', char: '<' });
    expect(nameIssue('a<b', 'encode')).toBeUndefined();
    expect(nameIssue('x'.repeat(251), 'encode')).toEqual({ code: 'name_too_long', length: 251, max: 250 });
    expect(nameProblem(' a', 'refuse', 'fr')).toBe('il commence ou finit par une espace, que 1fichier ne conserve pas');
  });

  it('lets a refused name be said in French, from the error the core throws', () => {
    let error: unknown;
    try {
      checkName('a<b', 'refuse');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(OneFichierError);
    const e = error as OneFichierError;
    expect(e.message).toContain('which 1fichier reserves');
    expect(localizedErrorText(e, 'fr')?.text).toBe(
      'Ce nom n’est pas utilisable sur 1fichier\u202f: il contient le caractère <, que 1fichier réserve (caractères réservés\u202f: \\ < > " \' $ ` /).',
    );
  });

  it('gives each entry a sync skips its code beside the English reason', async () => {
    const dir = await fsp.mkdtemp(join(tmpdir(), 'reasons-'));
    try {
      await fsp.writeFile(join(dir, 'kept.txt'), 'x');
      await fsp.mkdir(join(dir, 'sub'));
      await fsp.symlink(join(dir, 'sub'), join(dir, 'to-sub'));
      const tree = await scanLocalFolder(dir);
      expect(tree.skipped).toEqual([
        { path: 'to-sub', reason: 'a link to a folder is not followed', why: { code: 'folder_link', orBroken: false } },
      ]);
      expect(reasonText(tree.skipped[0]!.why, 'fr')).toBe('un lien vers un dossier n’est pas suivi');
    } finally {
      await fsp.rm(dir, { recursive: true, force: true });
    }
  });
});
