/**
 * The server in the client's language (InitializeParams.locale): a French hover writes its words, sizes
 * ("Mo", "octets") and dates as French does; English stays as it was.
 */
import { findFileUrls, type FileInfo } from '@onefichier/core';
import { hoverMarkdown } from '../src/features/hover';
import { l10n, setLocale } from '../src/l10n';

const NNBSP = '\u202f';
const NBSP = '\u00a0';
const [link] = findFileUrls('see https://1fichier.com/?abc123def4 here');
const file = { filename: "facture d'août 2026.pdf", size: 1_500_000, date: '2026-08-03 10:05:00', passwordProtected: false } as FileInfo;
const found = { state: 'known' as const, status: { state: 'found' as const, file, checkedAt: 0 } };

afterEach(() => setLocale(undefined));

test('a French client gets the hover in French, with 1fichier units and a French date', () => {
  setLocale('fr');
  const text = hoverMarkdown(link!, found, 'Visual Studio Code');
  expect(text).toContain(`- Taille${NNBSP}: 1,5${NBSP}Mo (1${NNBSP}500${NNBSP}000${NBSP}octets)`);
  expect(text).toContain(`- Envoyé le${NNBSP}: 03/08/2026`);
  expect(text).toContain(`- Mot de passe${NNBSP}: aucun`);
  expect(text).toContain('_Lien 1fichier `abc123def4`_');
  expect(hoverMarkdown(link!, { state: 'no_key' }, 'Neovim')).toContain('Les détails du fichier demandent une clé API.');
});

test('a locale without a bundle, or none, reads English as before', () => {
  for (const locale of [undefined, 'en-us', 'de']) {
    setLocale(locale);
    const text = hoverMarkdown(link!, found, 'Visual Studio Code');
    expect(text).toContain('- Size: 1.5 MB (1,500,000 bytes)');
    expect(text).toContain('- Password: none');
    expect(l10n.t('Folder')).toBe('Folder');
  }
});
