/** The record of replaced links: written by replacements, read to offer a dead link its current one. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FolderFileIndex, MemoryReplacedLinks, bytesSource, uploadWithConflictPolicy, type IfExists } from '../src';
import { FileReplacedLinks, defaultReplacedLinksPath } from '../src/node';
import { FakeStorage } from './fake-storage';

const source = (name: string, text: string) => bytesSource(name, new TextEncoder().encode(text));

describe('uploadWithConflictPolicy records what a replacement did', () => {
  test('each replace records old → new, and the first link leads to the newest file after several replaces', async () => {
    const s = new FakeStorage();
    const record = new MemoryReplacedLinks();
    const put = (text: string, ifExists: IfExists) =>
      uploadWithConflictPolicy(s, new FolderFileIndex(s), source('nightly.sql', text), { folderId: 0, ifExists, replacedLinks: record });
    const first = (await put('one', 'keepBoth')).file.url;
    const second = await put('two', 'replace');
    expect(await record.find(first)).toMatchObject({ oldUrl: first, newUrl: second.file.url, filename: 'nightly.sql', folderId: 0 });
    const third = await put('three', 'skipIfIdentical');
    expect(third.action).toBe('replaced');
    expect(await record.find(first)).toMatchObject({ oldUrl: first, newUrl: third.file.url });
    expect(await record.find(second.file.url)).toMatchObject({ newUrl: third.file.url });
    // Nothing replaced, nothing recorded: the current link is no one's replacement.
    await put('three', 'skipIfIdentical');
    await put('four', 'skip');
    expect(await record.find(third.file.url)).toBeUndefined();
  });
});

describe('FileReplacedLinks', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'replaced-links-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const link = (oldId: string, newId: string) => ({
    oldUrl: `https://1fichier.com/?${oldId}`,
    newUrl: `https://1fichier.com/?${newId}`,
    filename: 'a.txt',
    folderId: 3,
    replacedAt: '2026-12-07T08:00:00.000Z',
  });

  test('what one process records, another finds (the same file); links are compared in their canonical form', async () => {
    const path = join(dir, 'replaced-links.json');
    await new FileReplacedLinks(path).record([link('aaaaaaaaaa', 'bbbbbbbbbb')]);
    const reader = new FileReplacedLinks(path);
    expect(await reader.find('https://1fichier.com/?aaaaaaaaaa')).toMatchObject({ newUrl: 'https://1fichier.com/?bbbbbbbbbb' });
    expect(await reader.find('https://1fichier.com/?aaaaaaaaaa&af=42')).toMatchObject({ newUrl: 'https://1fichier.com/?bbbbbbbbbb' });
    expect(await reader.find('https://1fichier.com/?cccccccccc')).toBeUndefined();
  });

  test('a damaged file is read as empty and rewritten by the next record; an unusable place is reported, never thrown', async () => {
    const path = join(dir, 'replaced-links.json');
    writeFileSync(path, '{"links": [tru');
    const store = new FileReplacedLinks(path);
    expect(await store.find('https://1fichier.com/?aaaaaaaaaa')).toBeUndefined();
    await store.record([link('aaaaaaaaaa', 'bbbbbbbbbb')]);
    expect(await store.find('https://1fichier.com/?aaaaaaaaaa')).toBeDefined();

    const problems: string[] = [];
    const blocked = join(dir, 'a-file');
    writeFileSync(blocked, '');
    await new FileReplacedLinks(join(blocked, 'replaced-links.json'), (m) => problems.push(m)).record([link('aaaaaaaaaa', 'bbbbbbbbbb')]);
    expect(problems).toEqual([expect.stringMatching(/^The record of replaced links .* could not be written/)]);
  });

  test('it lives beside the pace ledger, so ONEFICHIER_PACE_DIR moves both', () => {
    expect(defaultReplacedLinksPath({ ONEFICHIER_PACE_DIR: dir })).toBe(join(dir, 'replaced-links.json'));
  });
});
