import type { IAuthenticateGeneric, Icon, ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';
import { DEFAULT_BASE_URL } from '@onefichier/core';
import { CREDENTIAL_TEST_MESSAGES } from '../nodes/OneFichier/helpers/hints';

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
        'Leave the default for the real service. To test workflows without touching your account, point it at a local 1fichier-compatible sandbox, such as http://127.0.0.1:3737/v1. The address ends with /v1.',
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
