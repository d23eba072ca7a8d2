/** The link under the cursor (what a link is, is tested with the core's rule in core/test/fileUrls.test.ts). */
import { linkAt } from '../src/links';

describe('linkAt', () => {
  const text = 'a https://1fichier.com/?abcde12345 b';
  it('finds the link under a cursor, including at its ends', () => {
    expect(linkAt(text, 2)?.id).toBe('abcde12345');
    expect(linkAt(text, 20)?.id).toBe('abcde12345');
    expect(linkAt(text, 34)?.id).toBe('abcde12345');
    expect(linkAt(text, 0)).toBeUndefined();
    expect(linkAt(text, 36)).toBeUndefined();
  });
  it('gives the canonical URL of a link on another domain of the table: on that domain (a file is valid only there), without the tag', () => {
    expect(linkAt('x megadl.fr/?abcde12345&af=2 y', 5)?.canonicalUrl).toBe('https://megadl.fr/?abcde12345');
  });
});
