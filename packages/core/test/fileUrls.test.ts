/** What a 1fichier file URL is: the one rule every front end uses (fileUrls.ts). */
import { FILE_URL_DOMAINS, FILE_URL_OTHER_DOMAINS, FILE_URL_PATTERN, findFileUrls, parseFileUrl } from '../src';

describe('findFileUrls', () => {
  it('finds a plain https link and gives its canonical URL and exact offsets', () => {
    const text = 'Get it at https://1fichier.com/?2zk52quqlm0cbjr93ri5 today';
    const [link, ...rest] = findFileUrls(text);
    expect(rest).toHaveLength(0);
    expect(link).toEqual({
      id: '2zk52quqlm0cbjr93ri5',
      domain: '1fichier.com',
      text: 'https://1fichier.com/?2zk52quqlm0cbjr93ri5',
      canonicalUrl: 'https://1fichier.com/?2zk52quqlm0cbjr93ri5',
      start: 10,
      end: 52,
    });
    expect(text.slice(link!.start, link!.end)).toBe(link!.text);
  });

  it.each([...FILE_URL_DOMAINS, ...FILE_URL_OTHER_DOMAINS])(
    'recognises every domain of the table and its other spellings, and keeps the domain in the URL sent: %s',
    (domain) => {
      const [link] = findFileUrls(`x https://www.${domain.toUpperCase()}/?abcde12345 y`);
      expect(link?.domain).toBe(domain);
      // A file is valid only on the domain it was uploaded on (JDownloader getContentURL): never rewritten.
      expect(link?.canonicalUrl).toBe(`https://${domain}/?abcde12345`);
    },
  );

  it('knows desfichiers.net and mesfichiers.net, as JDownloader and plowshare do', () => {
    expect(FILE_URL_OTHER_DOMAINS).toEqual(['desfichiers.net', 'mesfichiers.net']);
    expect(findFileUrls('https://desfichiers.net/?abcde12345 and mesfichiers.net/?fghij67890').map((l) => l.canonicalUrl)).toEqual([
      'https://desfichiers.net/?abcde12345',
      'https://mesfichiers.net/?fghij67890',
    ]);
  });

  it('accepts www., http, upper-case domains and keeps the id as written', () => {
    const links = findFileUrls('http://www.1fichier.com/?AbCdE and HTTPS://WWW.MEGADL.FR/?zz999');
    expect(links.map((l) => [l.domain, l.id])).toEqual([
      ['1fichier.com', 'AbCdE'],
      ['megadl.fr', 'zz999'],
    ]);
  });

  it('keeps an &af= style suffix in the link but not a sentence full stop', () => {
    const text = 'Mirror: https://1fichier.com/?fzrlqa5ogmx4dzbcpga6&af=3601079.';
    const [link] = findFileUrls(text);
    expect(link?.text).toBe('https://1fichier.com/?fzrlqa5ogmx4dzbcpga6&af=3601079');
    expect(link?.canonicalUrl).toBe('https://1fichier.com/?fzrlqa5ogmx4dzbcpga6');
  });

  it('finds links inside Markdown, HTML attributes, JSON and YAML', () => {
    const markdown = '[the data](https://1fichier.com/?mdlink0001) and <https://cjoint.net/?angle0002>';
    const html = '<a href="https://1fichier.com/?htmlattr03&amp;e=1">x</a>';
    const json = '{"mirror": "https://dl4free.com/?jsonval004", "n": 1}';
    const yaml = "files:\n  - url: https://tenvoi.com/?yamlval05\n  - 'https://pjointe.com/?yamlq0006'";
    expect(findFileUrls(markdown).map((l) => l.id)).toEqual(['mdlink0001', 'angle0002']);
    expect(findFileUrls(html).map((l) => l.text)).toEqual(['https://1fichier.com/?htmlattr03&amp;e=1']);
    expect(findFileUrls(json).map((l) => l.text)).toEqual(['https://dl4free.com/?jsonval004']);
    expect(findFileUrls(yaml).map((l) => l.id)).toEqual(['yamlval05', 'yamlq0006']);
  });

  it('finds a bare link without scheme, but not one glued to another host or path', () => {
    expect(findFileUrls('see 1fichier.com/?bare12345').map((l) => l.id)).toEqual(['bare12345']);
    expect(findFileUrls('https://evil.example/1fichier.com/?abcde12345')).toEqual([]);
    expect(findFileUrls('https://cdn.1fichier.com/?abcde12345')).toEqual([]);
    expect(findFileUrls('not1fichier.com/?abcde12345')).toEqual([]);
  });

  it('rejects ids that are too short, too long or followed by other id characters', () => {
    expect(findFileUrls('https://1fichier.com/?abcd')).toEqual([]);
    expect(findFileUrls('https://1fichier.com/?abcdefghijklmnopqrstu')).toEqual([]);
    expect(findFileUrls('https://1fichier.com/?abcde_1')).toEqual([]);
    expect(findFileUrls('https://1fichier.com/dir/abcde')).toEqual([]);
    expect(findFileUrls('https://a-4.1fichier.com/p1058755667')).toEqual([]);
  });

  it('finds several links on one line, in order, and again on the next call', () => {
    const line = 'https://1fichier.com/?first1 https://1fichier.com/?second2,https://1fichier.com/?third3';
    expect(findFileUrls(line).map((l) => l.id)).toEqual(['first1', 'second2', 'third3']);
    expect(findFileUrls(line)).toHaveLength(3);
  });
});

describe('parseFileUrl', () => {
  it('takes a value that is exactly one link, from any domain of the table, to its canonical URL on that domain', () => {
    expect(parseFileUrl(' https://alterupload.com/?abcde12345&af=1 ')).toEqual({
      id: 'abcde12345',
      domain: 'alterupload.com',
      text: 'https://alterupload.com/?abcde12345&af=1',
      canonicalUrl: 'https://alterupload.com/?abcde12345',
    });
    expect(parseFileUrl('http://www.DESFICHIERS.net/?abcde12345')?.canonicalUrl).toBe('https://desfichiers.net/?abcde12345');
    expect(parseFileUrl('1fichier.com/?abcde12345')?.canonicalUrl).toBe('https://1fichier.com/?abcde12345');
    expect(parseFileUrl('https://1fichier.com/?2zk52quqlm0cbjr93ri5')?.id).toBe('2zk52quqlm0cbjr93ri5');
  });

  it('refuses anything else', () => {
    expect(parseFileUrl('https://1fichier.com/?abcde12345 https://1fichier.com/?other12345')).toBeUndefined();
    expect(parseFileUrl('see https://1fichier.com/?abcde12345')).toBeUndefined();
    expect(parseFileUrl('https://1fichier.com/?abcde12345&af=1.')).toBeUndefined();
    expect(parseFileUrl('https://example.com/?abcde12345')).toBeUndefined();
    // 21 id characters: the id rule is 5 to 20 (the n8n node used to accept up to 40).
    expect(parseFileUrl('https://1fichier.com/?abcdefghij0123456789x')).toBeUndefined();
    expect(parseFileUrl('ftp://1fichier.com/?abcde12345')).toBeUndefined();
    expect(parseFileUrl(42)).toBeUndefined();
  });

  it('agrees with FILE_URL_PATTERN compiled as n8n compiles a field validation (wrapped in ^...$, no flags)', () => {
    const pattern = new RegExp(`^${FILE_URL_PATTERN}$`);
    const values = [
      'https://1fichier.com/?abcde12345',
      'HTTPS://WWW.1FICHIER.COM/?abcde12345',
      'http://megadl.fr/?abcde12345&af=99',
      '1fichier.com/?abcde12345',
      'https://1fichier.com/?abcd',
      'https://1fichier.com/?abcde12345&af=1.',
      'https://1fichier.com/?abcde12345 extra',
      'https://cdn.1fichier.com/?abcde12345',
      'https://example.com/?abcde12345',
    ];
    for (const value of values) expect([value, pattern.test(value)]).toEqual([value, parseFileUrl(value) !== undefined]);
  });
});
