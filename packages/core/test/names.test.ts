import { OneFichierError, decodeFileName, nameProblem, showControls } from '../src';
import { checkName, encodeFileName, errorFromMessage, shownName } from '../src/internal';

describe('reserved names', () => {
  test.each([
    ['a\\b', '\\'],
    ['a<b', '<'],
    ['a>b', '>'],
    ['a"b', '"'],
    ["a'b", "'"],
    ['a$b', '$'],
    ['a`b', '`'],
    ['a/b', '/'],
  ])("under 'refuse', refuses %s with the character named", (name, ch) => {
    expect(nameProblem(name)).toContain(`character ${ch}`);
    const err = (() => {
      try {
        checkName(name, 'refuse');
      } catch (e) {
        return e as OneFichierError;
      }
      throw new Error('no error');
    })();
    expect(err).toBeInstanceOf(OneFichierError);
    expect(err.kind).toBe('invalid_name');
    expect(err.message).toContain(name);
    expect(err.hint).toMatch(/look-alikes/);
    expect(err.hint).not.toMatch(/reservedNames|encode/);
  });

  test.each([
    ['', /empty/],
    [' lead', /space/],
    ['trail ', /space/],
    ['tab\there', /control/],
    ['del\u007f', /control/],
    ['x'.repeat(251), /251 characters/],
    ['bad\ud800', /Unicode/],
    ['.', /not a usable name/],
    ['..', /not a usable name/],
  ])("under 'refuse', refuses %j", (name, why) => {
    expect(nameProblem(name)).toMatch(why);
    expect(() => checkName(name, 'refuse')).toThrow(OneFichierError);
  });

  test('what stays refused under both policies says why: empty names, names over 250 characters', () => {
    for (const policy of ['encode', 'refuse'] as const) {
      expect(() => checkName('', policy)).toThrow(
        expect.objectContaining({ kind: 'invalid_name', message: expect.stringMatching(/empty/) }),
      );
      const long = 'x'.repeat(251);
      expect(() => checkName(long, policy)).toThrow(
        expect.objectContaining({
          message: expect.stringMatching(/251 characters long; 1fichier allows at most 250/),
          hint: expect.stringMatching(/at most 250/),
        }),
      );
    }
  });

  test("by default, everyday names are sent with rclone's look-alikes", () => {
    expect(checkName("facture d'août 2026.pdf")).toBe('facture d＇août 2026.pdf');
    expect(checkName(" l'équipe — photo.jpg ")).toBe('␠l＇équipe — photo.jpg␠');
    expect(checkName('a "b" \\ <c> $d')).toBe('a ＂b＂ ＼ ＜c＞ ＄d');
  });

  test('accepts ordinary names, unicode and exactly 250 characters', () => {
    for (const n of ['report.pdf', 'Été 2026 (copie).tar.gz', '日本語.txt', 'x'.repeat(250), 'a b', 'é'.repeat(250)]) {
      expect(nameProblem(n)).toBeUndefined();
      expect(checkName(n)).toBe(n);
    }
  });

  test("encodeFileName maps to rclone's look-alikes", () => {
    expect(encodeFileName('a\\b<c>d"e\'f$g`h/i')).toBe('a＼b＜c＞d＂e＇f＄g｀h／i');
    expect(encodeFileName(' x ')).toBe('␠x␠');
    expect(encodeFileName('  x')).toBe('␠ x');
    expect(encodeFileName('a\tb\u0000\u007f')).toBe('a␉b␀␡');
    expect(encodeFileName('.')).toBe('．');
    expect(encodeFileName('..')).toBe('．．');
    expect(encodeFileName('bad\ud800')).toBe('bad\ufffd');
    expect(encodeFileName('plain.txt')).toBe('plain.txt');
  });

  test("checkName with 'encode' returns a valid encoded name, and still refuses what cannot be encoded", () => {
    expect(checkName(' $HOME.txt', 'encode')).toBe('␠＄HOME.txt');
    expect(nameProblem(checkName('a<b>', 'encode'))).toBeUndefined();
    expect(() => checkName('', 'encode')).toThrow(/empty/);
    expect(() => checkName('x'.repeat(300), 'encode')).toThrow(/300 characters/);
  });
});

describe('decodeFileName', () => {
  test.each(['a\\b<c>d"e\'f$g`h/i', ' x ', '  x', 'a\tb\u0000\u007f', '.', '..', 'plain.txt', 'été 2026'])(
    'decode(encode(%j)) gives it back',
    (name) => {
      expect(decodeFileName(encodeFileName(name))).toBe(name);
    },
  );
});

describe('bidirectional controls: made visible wherever a name passes', () => {
  test('names sent: made visible by default, refused with a clear reason under refuse', () => {
    expect(checkName('report\u202Efdp.exe')).toBe('report[U+202E]fdp.exe');
    expect(nameProblem('report\u202Efdp.exe')).toMatch(/bidirectional control \[U\+202E\].*look like another/);
    expect(() => checkName('report\u202Efdp.exe', 'refuse')).toThrow(
      expect.objectContaining({ kind: 'invalid_name', message: expect.stringContaining('report[U+202E]fdp.exe') }),
    );
  });

  test.each([
    ['report\u202Efdp.exe', 'report[U+202E]fdp.exe'],
    ['a\u200Fb\u2066c\u2069\u061C', 'a[U+200F]b[U+2066]c[U+2069][U+061C]'],
  ])('names shown: %j is shown as %j', (wire, shown) => {
    expect(shownName(wire)).toBe(shown);
  });

  test('shownName decodes the look-alikes the toolkit (and rclone) sent', () => {
    expect(shownName('facture d＇août 2026.pdf')).toBe("facture d'août 2026.pdf");
    expect(shownName('␠x␠')).toBe(' x ');
  });
});

describe('control characters: shown visibly in every name the toolkit shows', () => {
  test.each([
    ['fake\r\n[INFO] done.txt', 'fake[U+000D][U+000A][INFO] done.txt'],
    ['\u001b[2J\u001b]0;owned\u0007.txt', '[U+001B][2J[U+001B]]0;owned[U+0007].txt'],
    ['tab\there\u007f', 'tab[U+0009]here[U+007F]'],
    ['c1\u0085\u009b.txt', 'c1[U+0085][U+009B].txt'],
    ['line\u2028para\u2029.txt', 'line[U+2028]para[U+2029].txt'],
    // Restored by decoding: the control pictures rclone (and the toolkit) send for control characters.
    ['pic\u240d\u240a\u241b.txt', 'pic[U+000D][U+000A][U+001B].txt'],
  ])('%j is shown as %j', (wire, shown) => {
    expect(shownName(wire)).toBe(shown);
    expect(showControls(decodeFileName(wire))).toBe(shown);
  });

  test("names sent keep rclone's control pictures; a name sent is shown back as the listing shows it", () => {
    expect(encodeFileName('a\rb\u001b')).toBe('a\u240db\u241b');
    expect(shownName(encodeFileName('a\rb\u001b'))).toBe('a[U+000D]b[U+001B]');
  });

  test('a service message echoing a name shows its controls, and so does the error built from it', () => {
    const err = errorFromMessage('file/rename.cgi', 403, 'Bad name evil\r\n\u001b[31mOK #705\n', []);
    expect(err.message).toBe('1fichier file/rename.cgi: Bad name evil[U+000D][U+000A][U+001B][31mOK #705');
    expect(err.message).not.toMatch(/[\u0000-\u001f]/);
  });

  test('an invalid name in an error message shows its controls', () => {
    expect(() => checkName('x\u001b]0;t\u0007/'.repeat(30), 'refuse')).toThrow(
      expect.objectContaining({ message: expect.not.stringMatching(/[\u0000-\u001f]/) }),
    );
  });
});

describe('nameProblem under a policy (what front ends check while the user types)', () => {
  test("under 'encode' only what stays refused is a problem; as it is (or 'refuse'), reserved characters are", () => {
    expect(nameProblem("l'équipe $ <x>.txt", 'encode')).toBeUndefined();
    expect(nameProblem(' lead', 'encode')).toBeUndefined();
    expect(nameProblem("l'équipe.txt", 'refuse')).toMatch(/character '/);
    expect(nameProblem("l'équipe.txt")).toMatch(/character '/);
    expect(nameProblem('', 'encode')).toMatch(/empty/);
    expect(nameProblem('x'.repeat(251), 'encode')).toMatch(/251 characters/);
  });
});
