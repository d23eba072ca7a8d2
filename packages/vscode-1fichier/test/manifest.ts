/**
 * The extension's manifest as VS Code shows it: every `%key%` replaced by its text from package.nls.json
 * (English) or package.nls.<locale>.json, as VS Code does when it loads the extension.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..');

function resolve(value: unknown, texts: Record<string, string>): unknown {
  if (typeof value === 'string') {
    const key = /^%(.+)%$/.exec(value)?.[1];
    return key !== undefined && key in texts ? texts[key] : value;
  }
  if (Array.isArray(value)) return value.map((v) => resolve(v, texts));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v, texts)]));
  return value;
}

/** The manifest with its texts in `locale` (English when not given); typed loosely, as JSON.parse would be. */
export function readManifest(locale?: string): any {
  const raw: unknown = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const texts = JSON.parse(readFileSync(join(root, locale ? `package.nls.${locale}.json` : 'package.nls.json'), 'utf8')) as Record<
    string,
    string
  >;
  return resolve(raw, texts);
}
