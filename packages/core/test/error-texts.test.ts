/** The user's text for an error in their language, chosen by kind and code; the English message unchanged. */
import { ERROR_KINDS, OneFichierError, localizedErrorText } from '../src';
import { errorFromMessage, errorTextCatalogs } from '../src/internal';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('error texts', () => {
  it('has a French text and hint for every kind, with no placeholder left unfilled', () => {
    for (const kind of ERROR_KINDS) {
      const t = localizedErrorText(new OneFichierError({ kind, message: 'x' }), 'fr');
      expect(t?.text).toMatch(/\S/);
      expect(t?.hint).toMatch(/\S/);
      expect(`${t?.text} ${t?.hint}`).not.toMatch(/\{\w+\}/);
    }
  });

  it('picks the code before the kind and fills in the service words and code, in guillemets', () => {
    const e = errorFromMessage('file/info.cgi', 403, 'Flood detected #649', []);
    const t = localizedErrorText(e, 'fr-CA');
    expect(t?.text).toContain('vérifications de fichiers');
    expect(t?.text).toContain('«\u00a0Flood detected\u00a0» (code 649)');
    // The English message stays for logs and reports.
    expect(e.message).toContain('Flood detected');
    expect(JSON.stringify(e.toJSON())).not.toMatch(/répondu/);
  });

  it('fills sizes in the locale and the wait delay', () => {
    const t = localizedErrorText(new OneFichierError({ kind: 'file_too_large', message: 'x', retryAfterMs: 4500 }), 'fr');
    expect(t?.hint).toContain('300\u00a0Go');
    expect(t?.hint).toContain('5\u00a0s');
  });

  it('leaves English to the error itself', () => {
    expect(localizedErrorText(new OneFichierError({ kind: 'auth', message: 'x' }), 'en')).toBeUndefined();
  });

  it('uses only placeholders the filler knows', () => {
    const known = ['code', 'filecount', 'filelimit', 'requestlimit', 'said', 'seconds'];
    for (const catalog of Object.values(errorTextCatalogs())) {
      const all = [catalog.serviceSaid, catalog.waitAbout, ...Object.values(catalog.byKind).flatMap((t) => [t.text, t.hint])];
      for (const s of all) for (const p of placeholders(s)) expect(known).toContain(p);
    }
  });
});
