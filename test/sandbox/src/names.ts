import { Errors } from './errors';

/**
 * The characters 1fichier reserves in file and folder names (rclone's encoder maps them to look-alikes):
 * `\ < > " ' $ \``, plus control characters and DEL, and leading or trailing spaces. The reference does not
 * say whether the real service rejects or alters them; the sandbox rejects them (#705) so a client that
 * forgets to encode finds out here.
 */
const RESERVED = /[\\<>"'$`\u0000-\u001f\u007f]/;

export function checkName(name: string): void {
  if (name.length === 0) throw Errors.missingField('name');
  if (name.length > 250) throw Errors.nameTooLong();
  if (RESERVED.test(name) || name !== name.trim() || name === '.' || name === '..') throw Errors.reservedName(name);
}

const TYPES: Record<string, string> = {
  txt: 'text/plain',
  md: 'text/markdown',
  html: 'text/html',
  htm: 'text/html',
  css: 'text/css',
  csv: 'text/csv',
  js: 'application/javascript',
  json: 'application/json',
  xml: 'application/xml',
  pdf: 'application/pdf',
  zip: 'application/zip',
  gz: 'application/gzip',
  tar: 'application/x-tar',
  '7z': 'application/x-7z-compressed',
  rar: 'application/vnd.rar',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  svg: 'image/svg+xml',
  mp3: 'audio/mpeg',
  mp4: 'video/mp4',
  mkv: 'video/x-matroska',
  avi: 'video/x-msvideo',
  iso: 'application/x-iso9660-image',
  bin: 'application/octet-stream',
};

export function contentTypeFor(filename: string): string {
  const ext = /\.([A-Za-z0-9]+)$/.exec(filename)?.[1]?.toLowerCase();
  // Own keys only: an extension such as "constructor" must not pick up an Object.prototype member.
  return ext !== undefined && Object.hasOwn(TYPES, ext) ? TYPES[ext]! : 'application/octet-stream';
}
