import { OneFichierError, checkName, decodeFileName, encodeFileName, nameProblem } from '../src';

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
  ])('refuses %s with the character named', (name, ch) => {
    expect(nameProblem(name)).toContain(`character ${ch}`);
    const err = (() => {
      try {
        checkName(name);
      } catch (e) {
        return e as OneFichierError;
      }
      throw new Error('no error');
    })();
    expect(err).toBeInstanceOf(OneFichierError);
    expect(err.kind).toBe('invalid_name');
    expect(err.message).toContain(name);
    expect(err.hint).toMatch(/encode/);
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
  ])('refuses %j', (name, why) => {
    expect(nameProblem(name)).toMatch(why);
    expect(() => checkName(name)).toThrow(OneFichierError);
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
