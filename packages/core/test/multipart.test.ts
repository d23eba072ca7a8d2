/**
 * The multipart body's part headers (packages/core/src/multipart.ts). The live upload node reads a file part
 * only when its first header is Content-Disposition: with Content-Type first it keeps nothing and answers
 * "Pas de fichier trouvé dans l'envoi" (docs/api-notes.md#upload-node-refusals).
 */
import { bytesSource } from '../src';
import { encodeMultipart } from '../src/internal';

const dec = new TextDecoder();

async function bodyText(fields: { name: string; value: string }[], files: { filename: string; data: string }[]): Promise<string> {
  const mp = encodeMultipart(
    fields,
    files.map((f) => ({ filename: f.filename, source: bytesSource(f.filename, new TextEncoder().encode(f.data)) })),
    'BOUNDARY42',
  );
  const parts: Uint8Array[] = [];
  for await (const chunk of mp.body.chunks) parts.push(chunk);
  return parts.map((p) => dec.decode(p)).join('');
}

/** Each part's header lines, in order, as sent. */
function partHeaders(body: string): string[][] {
  return body
    .split('--BOUNDARY42')
    .slice(1, -1)
    .map((part) => part.slice(2, part.indexOf('\r\n\r\n')).split('\r\n'));
}

test("every part's first header is Content-Disposition, and a file part has no Content-Type", async () => {
  const body = await bodyText(
    [
      { name: 'did', value: '42' },
      { name: 'domain', value: '0' },
    ],
    [
      { filename: 'report.pdf', data: '%PDF-1.7' },
      { filename: 'été "x".txt', data: 'hello' },
    ],
  );
  const heads = partHeaders(body);
  expect(heads).toHaveLength(4);
  for (const lines of heads) expect(lines[0]).toMatch(/^Content-Disposition: form-data; name="/);
  expect(heads.slice(2)).toEqual([
    ['Content-Disposition: form-data; name="file[]"; filename="report.pdf"'],
    ['Content-Disposition: form-data; name="file[]"; filename="été %22x%22.txt"'],
  ]);
  expect(body).not.toMatch(/content-type/i);
});
