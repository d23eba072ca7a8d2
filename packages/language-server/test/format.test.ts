import { escapeMarkdown, formatDate } from '../src/format';

describe('formatDate', () => {
  it('names the time zone it shows', () => {
    const text = formatDate(new Date('2021-06-22T12:57:25Z'), 'Europe/Paris');
    expect(text).toMatch(/22 Jun 2021/);
    expect(text).toMatch(/14:57/);
    expect(formatDate(new Date('2021-06-22T12:57:25Z'), 'UTC')).toMatch(/12:57.*UTC/);
  });
});

describe('escapeMarkdown', () => {
  it('keeps file names literal', () => {
    expect(escapeMarkdown('*draft*_[1].zip')).toBe('\\*draft\\*\\_\\[1\\]\\.zip');
  });
});
