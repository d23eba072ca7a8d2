import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { localFileAt, pathCandidatesAt, resolveWrittenPath } from '../src/paths';

describe('pathCandidatesAt', () => {
  it('takes the Markdown link target under the cursor', () => {
    const line = 'See [report](./out/report.pdf "title") now';
    const column = line.indexOf('report.pdf');
    const texts = pathCandidatesAt(line, column).map((c) => c.text);
    expect(texts[0]).toBe('./out/report.pdf');
    const first = pathCandidatesAt(line, column)[0]!;
    expect(line.slice(first.start, first.end)).toBe('./out/report.pdf');
  });
  it('takes an angle-bracket Markdown target with spaces', () => {
    const line = '![shot](<my files/shot 1.png>)';
    const [first] = pathCandidatesAt(line, line.indexOf('shot 1'));
    expect(first?.text).toBe('my files/shot 1.png');
    expect(line.slice(first!.start, first!.end)).toBe('my files/shot 1.png');
  });
  it('takes a quoted JSON value and a bare YAML value', () => {
    const json = '  "attachment": "../data/a b.zip",';
    expect(pathCandidatesAt(json, json.indexOf('a b')).map((c) => c.text)).toContain('../data/a b.zip');
    const yaml = 'file: data/archive.tar.gz';
    expect(pathCandidatesAt(yaml, yaml.indexOf('archive')).map((c) => c.text)).toContain('data/archive.tar.gz');
  });
  it('offers nothing away from the cursor', () => {
    expect(pathCandidatesAt('a.txt     b.txt', 7)).toEqual([]);
  });
});

describe('resolveWrittenPath', () => {
  const docUri = pathToFileURL('/home/u/notes/list.md').href;
  it('resolves relative paths against the document folder', () => {
    expect(resolveWrittenPath('../data/x.bin', docUri)).toBe('/home/u/data/x.bin');
    expect(resolveWrittenPath('my%20file.txt', docUri)).toBe('/home/u/notes/my file.txt');
  });
  it('accepts absolute paths, ~ and file URIs', () => {
    expect(resolveWrittenPath('/tmp/a.txt', docUri)).toBe('/tmp/a.txt');
    expect(resolveWrittenPath('~/a.txt', docUri)).toBe(path.join(os.homedir(), 'a.txt'));
    expect(resolveWrittenPath('file:///tmp/b%20c.txt', docUri)).toBe('/tmp/b c.txt');
  });
  it('refuses URLs, anchors and relative paths in unsaved documents', () => {
    expect(resolveWrittenPath('https://example.com/a.txt', docUri)).toBeUndefined();
    expect(resolveWrittenPath('#heading', docUri)).toBeUndefined();
    expect(resolveWrittenPath('a.txt', 'untitled:Untitled-1')).toBeUndefined();
  });
});

describe('localFileAt', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'lsp-paths-'));
    await fs.mkdir(path.join(dir, 'sub'));
    await fs.writeFile(path.join(dir, 'sub', 'data.bin'), 'hello');
  });
  afterAll(() => fs.rm(dir, { recursive: true, force: true }));

  it('finds an existing file relative to the document, with its size', async () => {
    const uri = pathToFileURL(path.join(dir, 'doc.md')).href;
    const line = 'Attach [it](sub/data.bin).';
    const found = await localFileAt(line, line.indexOf('data'), uri);
    expect(found).toMatchObject({ text: 'sub/data.bin', absolutePath: path.join(dir, 'sub', 'data.bin'), size: 5 });
  });
  it('ignores directories and missing files', async () => {
    const uri = pathToFileURL(path.join(dir, 'doc.md')).href;
    expect(await localFileAt('see sub/ here', 5, uri)).toBeUndefined();
    expect(await localFileAt('see sub/nope.bin here', 6, uri)).toBeUndefined();
  });
});
