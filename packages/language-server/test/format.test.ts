import { escapeMarkdown, formatDate } from '../src/format';

describe('formatDate', () => {
  it("writes dates as the VS Code tree does (the core's formatDateTime), in the given zone", () => {
    expect(formatDate(new Date('2021-06-22T12:57:25Z'), 'Europe/Paris')).toBe('2021-06-22 14:57');
    expect(formatDate(new Date('2021-06-22T12:57:25Z'), 'UTC')).toBe('2021-06-22 12:57');
  });
});

describe('escapeMarkdown', () => {
  it('keeps file names literal', () => {
    expect(escapeMarkdown('*draft*_[1].zip')).toBe('\\*draft\\*\\_\\[1\\]\\.zip');
  });
});
