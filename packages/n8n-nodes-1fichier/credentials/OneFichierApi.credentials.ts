import type { IAuthenticateGeneric, Icon, ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';
import { BASE_URL_HINT, DEFAULT_BASE_URL } from '@onefichier/core';
import { CREDENTIAL_TEST_MESSAGES } from '../nodes/OneFichier/helpers/hints';

/**
 * The base URLs the core's checkBaseUrl (packages/core/src/baseUrl.ts) accepts, as a regular expression: an
 * http(s) scheme, a host that is neither empty nor carrying a user name or password, a path without query,
 * fragment or spaces. n8n can show a field only through displayOptions conditions, so the rule is restated
 * here; test/n8n-nodes-1fichier/credential-url-shape.test.ts keeps it equal to checkBaseUrl. Not exported: n8n
 * and its loaders take every export of a credential file for a credential class.
 */
const ACCEPTED_BASE_URL_PATTERN = '^\\s*[Hh][Tt][Tt][Pp][Ss]?://[^/?#@\\s:][^/?#@\\s]*(?:/[^?#\\s]*)?\\s*$';

/** Shown under "API Base URL" while it holds an address the node would refuse. */
const BASE_URL_SHAPE_NOTICE = `This API Base URL will not work: it must start with http:// or https://, with no spaces, user name, password, query (?...) or fragment (#...). ${BASE_URL_HINT}`;

export class OneFichierApi implements ICredentialType {
  name = 'oneFichierApi';

  displayName = '1fichier API';

  icon: Icon = { light: 'file:../icons/onefichier.svg', dark: 'file:../icons/onefichier.dark.svg' };

  documentationUrl = 'https://1fichier.com/api.html';

  properties: INodeProperties[] = [
    {
      displayName: 'API Key',
      name: 'apiKey',
      type: 'string',
      typeOptions: { password: true },
      required: true,
      default: '',
      description:
        'Your 1fichier API key, from https://1fichier.com/console/params.pl (a Premium or Access subscription is required to use the API)',
    },
    {
      displayName: 'API Base URL',
      name: 'baseUrl',
      type: 'string',
      default: DEFAULT_BASE_URL,
      description:
        'Leave the default for the real service. To test workflows without touching your account, point it at a local 1fichier-compatible sandbox, such as http://127.0.0.1:3737/v1. The address ends with /v1. If the credential test answers ECONNREFUSED, ENOTFOUND, EAI_AGAIN, ETIMEDOUT or ECONNRESET, n8n could not reach this address and the key was not checked: correct the address, start the sandbox it names, or check that the n8n machine can reach the 1fichier API (proxy, firewall, DNS).',
    },
    {
      displayName: BASE_URL_SHAPE_NOTICE,
      name: 'baseUrlShapeNotice',
      type: 'notice',
      default: '',
      // Hidden for an accepted address, an empty one (the default is used) and an expression ("={{ ... }}",
      // judged when it runs). Only `hide`: n8n shows a field whose `show` condition meets an expression.
      displayOptions: {
        hide: {
          baseUrl: [{ _cnd: { regex: ACCEPTED_BASE_URL_PATTERN } }, { _cnd: { regex: '^\\s*$' } }, { _cnd: { startsWith: '=' } }],
        },
      },
    },
    {
      displayName: 'Processes Sharing This Key',
      name: 'processesSharingKey',
      type: 'number',
      typeOptions: { minValue: 1, maxValue: 100, numberPrecision: 0 },
      default: 1,
      description:
        'How many n8n processes use 1fichier from the same IP at the same time: in queue mode, the number of workers (plus the main process if it runs executions). Each process then calls 1fichier that many times more slowly, so that together they stay within its limits. Other tools on the same machine count as one more.',
    },
  ];

  authenticate: IAuthenticateGeneric = {
    type: 'generic',
    properties: {
      headers: {
        Authorization: '=Bearer {{$credentials.apiKey}}',
      },
    },
  };

  // A host that cannot be reached (connection refused, unknown name, time-out) reads as n8n's own words: the
  // error's code alone, such as "ECONNREFUSED" (credentials-tester.service.js returns `error.cause.code`
  // before any rule is read; rules only see answers). Our own sentence would need a `testedBy` function, and
  // n8n hands that function only `helpers.request`, which the community-package scanner refuses
  // (@n8n/eslint-plugin-community-nodes, no-deprecated-workflow-functions); global fetch would skip n8n's
  // proxy settings. So "API Base URL"'s description says what those codes mean, and the notice above
  // catches a malformed address before any test.
  // remote/ls.cgi is authenticated and has no documented budget; user/info.cgi is limited to
  // one call per 5 minutes per account, so testing the credential with it could lock the key.
  // 1fichier refuses with HTTP 403 and a JSON KO answer, and n8n reads the rules only on answers it did not
  // treat as errors (n8n/dist/services/credentials-tester.service.js): every status is let through, and the
  // rules, read in order, turn the answer into the credential's own words.
  test: ICredentialTestRequest = {
    request: {
      baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
      url: '/remote/ls.cgi',
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: {},
      json: true,
      ignoreHttpStatusErrors: true,
    },
    rules: [
      {
        type: 'responseSuccessBody',
        properties: { key: 'message', value: 'No such user #93', message: CREDENTIAL_TEST_MESSAGES.unknownKey },
      },
      {
        type: 'responseSuccessBody',
        properties: { key: 'message', value: 'Unknown endpoint #712', message: CREDENTIAL_TEST_MESSAGES.notTheApi },
      },
      { type: 'responseSuccessBody', properties: { key: 'status', value: 'KO', message: CREDENTIAL_TEST_MESSAGES.refused } },
      // An HTML page, an empty body or JSON without a status: n8n compares with ===, so `undefined` matches
      // exactly the answers that have no status at all.
      { type: 'responseSuccessBody', properties: { key: 'status', value: undefined, message: CREDENTIAL_TEST_MESSAGES.notJson } },
    ],
  };
}
