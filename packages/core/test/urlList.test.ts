import { splitUrlList } from '../src';

describe('a typed list of URLs', () => {
  test.each([
    ['https://a.example/x.zip', ['https://a.example/x.zip']],
    ['https://a.example/x.zip https://b.example/y.zip', ['https://a.example/x.zip', 'https://b.example/y.zip']],
    ['https://a.example/x.zip,https://b.example/y.zip', ['https://a.example/x.zip', 'https://b.example/y.zip']],
    ['https://a.example/x.zip, https://b.example/y.zip,', ['https://a.example/x.zip', 'https://b.example/y.zip']],
    ['  https://a.example/x.zip\n\nhttps://b.example/y.zip\t', ['https://a.example/x.zip', 'https://b.example/y.zip']],
    // A comma inside an address is part of it.
    ['https://a.example/get?ids=1,2,3 HTTP://b.example/z', ['https://a.example/get?ids=1,2,3', 'HTTP://b.example/z']],
    ['', []],
    [' , ', []],
  ])('%j', (text, urls) => {
    expect(splitUrlList(text)).toEqual(urls);
  });
});
