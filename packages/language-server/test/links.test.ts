import { ONEFICHIER_DOMAINS, findLinks, linkAt, parseFileLink } from '../src/links';

describe('findLinks', () => {
  it('finds a plain https link and gives its canonical URL and exact offsets', () => {
    const text = 'Get it at https://1fichier.com/?2zk52quqlm0cbjr93ri5 today';
    const [link, ...rest] = findLinks(text);
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

  it.each(ONEFICHIER_DOMAINS)('recognises every domain of the table: %s', (domain) => {
    const [link] = findLinks(`x https://${domain}/?abcde12345 y`);
    expect(link?.domain).toBe(domain);
    expect(link?.canonicalUrl).toBe('https://1fichier.com/?abcde12345');
  });

  it('accepts www., http, upper-case domains and keeps the id as written', () => {
    const links = findLinks('http://www.1fichier.com/?AbCdE and HTTPS://WWW.MEGADL.FR/?zz999');
    expect(links.map((l) => [l.domain, l.id])).toEqual([
      ['1fichier.com', 'AbCdE'],
      ['megadl.fr', 'zz999'],
    ]);
  });

  it('keeps an &af= style suffix in the link but not a sentence full stop', () => {
    const text = 'Mirror: https://1fichier.com/?fzrlqa5ogmx4dzbcpga6&af=3601079.';
    const [link] = findLinks(text);
    expect(link?.text).toBe('https://1fichier.com/?fzrlqa5ogmx4dzbcpga6&af=3601079');
    expect(link?.canonicalUrl).toBe('https://1fichier.com/?fzrlqa5ogmx4dzbcpga6');
  });

  it('finds links inside Markdown, HTML attributes, JSON and YAML', () => {
    const markdown = '[the data](https://1fichier.com/?mdlink0001) and <https://cjoint.net/?angle0002>';
    const html = '<a href="https://1fichier.com/?htmlattr03&amp;e=1">x</a>';
    const json = '{"mirror": "https://dl4free.com/?jsonval004", "n": 1}';
    const yaml = "files:\n  - url: https://tenvoi.com/?yamlval05\n  - 'https://pjointe.com/?yamlq0006'";
    expect(findLinks(markdown).map((l) => l.id)).toEqual(['mdlink0001', 'angle0002']);
    expect(findLinks(html).map((l) => l.text)).toEqual(['https://1fichier.com/?htmlattr03&amp;e=1']);
    expect(findLinks(json).map((l) => l.text)).toEqual(['https://dl4free.com/?jsonval004']);
    expect(findLinks(yaml).map((l) => l.id)).toEqual(['yamlval05', 'yamlq0006']);
  });

  it('finds a bare link without scheme, but not one glued to another host or path', () => {
    expect(findLinks('see 1fichier.com/?bare12345').map((l) => l.id)).toEqual(['bare12345']);
    expect(findLinks('https://evil.example/1fichier.com/?abcde12345')).toEqual([]);
    expect(findLinks('https://cdn.1fichier.com/?abcde12345')).toEqual([]);
    expect(findLinks('not1fichier.com/?abcde12345')).toEqual([]);
  });

  it('rejects ids that are too short, too long or followed by other id characters', () => {
    expect(findLinks('https://1fichier.com/?abcd')).toEqual([]);
    expect(findLinks('https://1fichier.com/?abcdefghijklmnopqrstu')).toEqual([]);
    expect(findLinks('https://1fichier.com/?abcde_1')).toEqual([]);
    expect(findLinks('https://1fichier.com/dir/abcde')).toEqual([]);
    expect(findLinks('https://a-4.1fichier.com/p1058755667')).toEqual([]);
  });

  it('finds several links on one line, in order', () => {
    const ids = findLinks('https://1fichier.com/?first1 https://1fichier.com/?second2,https://1fichier.com/?third3').map((l) => l.id);
    expect(ids).toEqual(['first1', 'second2', 'third3']);
  });
});

describe('linkAt and parseFileLink', () => {
  const text = 'a https://1fichier.com/?abcde12345 b';
  it('finds the link under a cursor, including at its ends', () => {
    expect(linkAt(text, 2)?.id).toBe('abcde12345');
    expect(linkAt(text, 20)?.id).toBe('abcde12345');
    expect(linkAt(text, 34)?.id).toBe('abcde12345');
    expect(linkAt(text, 0)).toBeUndefined();
    expect(linkAt(text, 36)).toBeUndefined();
  });
  it('parses a command argument only when it is exactly one link', () => {
    expect(parseFileLink(' https://alterupload.com/?abcde12345&af=1 ')?.canonicalUrl).toBe('https://1fichier.com/?abcde12345');
    expect(parseFileLink('https://1fichier.com/?abcde12345 https://1fichier.com/?other12345')).toBeUndefined();
    expect(parseFileLink('see https://1fichier.com/?abcde12345')).toBeUndefined();
    expect(parseFileLink(42)).toBeUndefined();
  });
});
