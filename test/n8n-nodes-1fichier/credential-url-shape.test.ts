/**
 * The credential's "API Base URL" in n8n's credential form: a malformed address shows a notice before any
 * test, and the notice's rule is the core's (checkBaseUrl). The form decides what to show with n8n-workflow's
 * displayParameter (through the editor's displayParameterPath with an empty path and no node, as for
 * every credential field), which is called here the same way.
 */
import { NodeHelpers, type INodeProperties } from 'n8n-workflow';
import { BASE_URL_HINT, checkBaseUrl, DEFAULT_BASE_URL } from '../../packages/core/src';
import { OneFichierApi } from '../../packages/n8n-nodes-1fichier/credentials/OneFichierApi.credentials';

const credential = new OneFichierApi();
const notice = credential.properties.find((p) => p.type === 'notice') as INodeProperties;
/** The accepted shape, read where n8n reads it: the first of the conditions that hide the notice. */
const hideRules = notice.displayOptions?.hide?.baseUrl as { _cnd: { regex?: string } }[];
const ACCEPTED_BASE_URL_PATTERN = hideRules[0]!._cnd.regex!;

/** Whether n8n's credential form shows the notice for this value of "API Base URL". */
const shown = (baseUrl: string) => NodeHelpers.displayParameterPath({ baseUrl }, notice, '', null, null);

const ACCEPTED = [
  DEFAULT_BASE_URL,
  `${DEFAULT_BASE_URL}/`,
  'http://127.0.0.1:3737/v1',
  '  http://127.0.0.1:3737/v1  ',
  'HTTPS://API.1FICHIER.COM/v1',
  'http://[::1]:3737/v1',
  'http://sandbox.local',
];
const REFUSED = [
  '127.0.0.1:3737/v1',
  'api.1fichier.com/v1',
  'ftp://api.1fichier.com/v1',
  'https://user:secret@api.1fichier.com/v1',
  'https://api.1fichier.com/v1?x=1',
  'https://api.1fichier.com/v1#top',
  'https://api.1fichier .com/v1',
  'https://',
  'http://:3737/v1',
  'htps://api.1fichier.com/v1',
];

test('the notice sits under "API Base URL" and says what to type', () => {
  const names = credential.properties.map((p) => p.name);
  expect(names.indexOf('baseUrlShapeNotice')).toBe(names.indexOf('baseUrl') + 1);
  expect(notice.displayName).toContain(BASE_URL_HINT);
});

test.each(ACCEPTED)('no notice for %j, an address the node accepts', (value) => {
  expect(checkBaseUrl(value).ok).toBe(true);
  expect(shown(value)).toBe(false);
});

test.each(REFUSED)('the notice shows for %j, an address the node refuses', (value) => {
  expect(checkBaseUrl(value).ok).toBe(false);
  expect(shown(value)).toBe(true);
});

test('no notice for an empty value (the default is used) or an expression (judged when it runs)', () => {
  expect(shown('')).toBe(false);
  expect(shown('={{ $env.ONEFICHIER_BASE_URL }}')).toBe(false);
});

test('the pattern is a plain regular expression, as n8n compiles it (no flags)', () => {
  const accepted = new RegExp(ACCEPTED_BASE_URL_PATTERN);
  expect(ACCEPTED.every((v) => accepted.test(v))).toBe(true);
  expect(REFUSED.some((v) => accepted.test(v))).toBe(false);
});

test('the description says what a network code from the test means, naming the field and not the key', () => {
  const baseUrl = credential.properties.find((p) => p.name === 'baseUrl');
  expect(baseUrl?.description).toMatch(/ECONNREFUSED.*ENOTFOUND.*could not reach this address and the key was not checked/);
});
