/**
 * Every hint the n8n node and its credential show, in n8n's words: what to do, naming the credential's
 * fields and the node's operations and options, never the core's functions or options.
 */
import { DEFAULT_BASE_URL } from '@onefichier/core';

/** Where the key is, as the credential's field description says. */
const KEY_PAGE = 'https://1fichier.com/console/params.pl';

/**
 * The credential test's verdicts. 1fichier answers a wrong key with HTTP 403 `No such user #93`
 * (shared/1fichier-api.md, rclone #6165) and the sandbox answers a path outside its API with 403
 * `Unknown endpoint #712` (test/sandbox/src/errors.ts); anything that is not a JSON answer with a status
 * did not come from the API at all.
 */
export const CREDENTIAL_TEST_MESSAGES = {
  unknownKey: `1fichier does not know this API key (No such user #93). Copy it again from ${KEY_PAGE} into "API Key". If it is right, the account may be under a security lock: log in on 1fichier.com, reset the password, then create a new key.`,
  notTheApi: `This API Base URL is not the API's address (Unknown endpoint #712): it must end with /v1, for example ${DEFAULT_BASE_URL}, or http://127.0.0.1:3737/v1 for the playground's sandbox.`,
  refused: `1fichier refused the request. Check "API Key" (${KEY_PAGE}), that the account has a Premium or Access subscription (the API needs one), and that "API Base URL" ends with /v1.`,
  notJson: `"API Base URL" did not answer like the 1fichier API. Use ${DEFAULT_BASE_URL} (or a sandbox's address ending with /v1); if it is right, 1fichier may be down: try again later.`,
} as const;
