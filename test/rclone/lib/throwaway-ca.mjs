// A certificate authority made for one run and thrown away with its folder: a CA certificate (given to
// rclone with --ca-cert) and one server certificate for 1fichier.com and *.1fichier.com signed by it, made
// with Debian's openssl. Nothing is installed in a system trust store.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

function openssl(dir, args) {
  const r = spawnSync('openssl', args, { cwd: dir, encoding: 'utf8' });
  if (r.error) throw new Error(`openssl could not be started (${r.error.message}); install Debian's openssl package`);
  if (r.status !== 0) throw new Error(`openssl ${args.join(' ')} failed:\n${r.stderr}`);
}

/**
 * Makes the CA and the server certificate in `dir` (a fresh temporary folder).
 * @returns {{ caFile: string, cert: string, key: string }} the CA file path, and the server's PEM cert and key
 */
export function makeThrowawayCa(dir, names = ['1fichier.com', '*.1fichier.com']) {
  const days = '2';
  openssl(dir, ['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'ca.key']);
  openssl(dir, [
    'req',
    '-x509',
    '-new',
    '-key',
    'ca.key',
    '-sha256',
    '-days',
    days,
    '-subj',
    '/CN=onefichier toolkit rclone stage, throw-away CA',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
    '-out',
    'ca.pem',
  ]);
  openssl(dir, ['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'server.key']);
  openssl(dir, ['req', '-new', '-key', 'server.key', '-subj', `/CN=${names[0]}`, '-out', 'server.csr']);
  // Go checks the subjectAltName only (no CN fallback) and wants serverAuth.
  writeFileSync(
    join(dir, 'server.ext'),
    [
      `subjectAltName=${names.map((n) => `DNS:${n}`).join(',')}`,
      'basicConstraints=CA:FALSE',
      'keyUsage=critical,digitalSignature',
      'extendedKeyUsage=serverAuth',
      '',
    ].join('\n'),
  );
  openssl(dir, [
    'x509',
    '-req',
    '-in',
    'server.csr',
    '-CA',
    'ca.pem',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-days',
    days,
    '-sha256',
    '-extfile',
    'server.ext',
    '-out',
    'server.pem',
  ]);
  return {
    caFile: join(dir, 'ca.pem'),
    cert: readFileSync(join(dir, 'server.pem'), 'utf8'),
    key: readFileSync(join(dir, 'server.key'), 'utf8'),
  };
}
