// ESLint for every package of the workspace (`pnpm lint` runs it from the root). The n8n package also runs
// n8n's own community-node rules from its folder (packages/n8n-nodes-1fichier/eslint.config.mjs).
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** What the core's pure entry may not touch: n8n's verification rules forbid Node globals and modules in the bundle. */
const NODE_ONLY_GLOBALS = [
  'process',
  'setTimeout',
  'setInterval',
  'setImmediate',
  'clearTimeout',
  'clearInterval',
  'clearImmediate',
  'Buffer',
  'console',
  'globalThis',
  'global',
  '__dirname',
  '__filename',
  'require',
  'module',
].map((name) => ({ name, message: 'The pure core gets side effects injected (transport, clock); Node APIs belong in src/node.' }));

/**
 * The extension <-> language server contract has one home, packages/core/src/lsp-contract.ts: the front ends
 * import its names rather than writing the command ids, the key's variable or the language list again.
 */
const CONTRACT_COPIES = [
  {
    selector: 'Literal[value=/^onefichier\\.(lsp\\.\\w+|copyDirectLink|downloadFile|revealInTree)$/]',
    message: 'Use SERVER_COMMANDS / CLIENT_LINK_COMMANDS from @onefichier/core/lsp-contract (packages/core/src/lsp-contract.ts).',
  },
  {
    selector: 'Literal[value=/^ONEFICHIER_API_(KEY|BASE_URL)$/]',
    message: 'Use API_KEY_ENV / API_BASE_URL_ENV from @onefichier/core/lsp-contract (packages/core/src/lsp-contract.ts).',
  },
  {
    selector: "ArrayExpression:has(> Literal[value='markdown']):has(> Literal[value='yaml'])",
    message: 'Use LINK_LANGUAGES / SERVER_LANGUAGES from @onefichier/core/lsp-contract (packages/core/src/lsp-contract.ts).',
  },
];

/**
 * Facts with one home in the core (packages/core/src/index.ts exports them): a front end that writes its own
 * copy again fails lint. Each selector finds the shape a copy takes; the message says what to import instead.
 */
const SHARED_FACTS = [
  {
    selector: 'Literal[value=/api\\.1fichier\\.com/], TemplateElement[value.raw=/api\\.1fichier\\.com/]',
    message: 'The API base URL is DEFAULT_BASE_URL from @onefichier/core (checked with checkBaseUrl).',
  },
  {
    selector:
      'Literal[regex.pattern=/fichier\\\\\\.|\\{5,/], Literal[value=/fichier\\\\\\.|\\{5,/], Literal[value=/^(www\\.)?(alterupload|cjoint|desfichiers|dfichiers|megadl|mesfichiers|piecejointe|pjointe|tenvoi|dl4free)\\./]',
    message: 'What a 1fichier file URL is belongs to @onefichier/core: parseFileUrl, findFileUrls, FILE_URL_PATTERN, canonicalFileUrl.',
  },
  {
    selector: 'Literal[regex.pattern=/Bearer|Basic/]',
    message: 'Redaction is redact() from @onefichier/core.',
  },
  {
    selector: "Literal[value='OneFichierError']",
    message: "Recognise the core's errors with isOneFichierError from @onefichier/core (it works across bundles).",
  },
  {
    selector: "Literal[value='Europe/Paris']",
    message: "The API's Paris-time dates are converted by parisToEpochMs / parisToIsoUtc from @onefichier/core.",
  },
  {
    selector: 'Literal[value=/^[kKMGT]i?B$/]',
    message: 'Sizes are shown with formatSize / formatSizeExact from @onefichier/core (decimal units).',
  },
  {
    selector:
      'Literal[value=300000000000], Literal[value=500000000000], Literal[value=30000], Literal[value=31000], Literal[value=300000], Literal[value=3600000]',
    message: "The service's limits are constants of @onefichier/core (MAX_FILE_SIZE, FOLDER_LIST_INTERVAL_MS, USER_INFO_INTERVAL_MS, ...).",
  },
];

/** The front ends: thin adapters over the core (their tests may use literal URLs and sizes). */
const FRONT_END_SOURCES = [
  'packages/vscode-1fichier/src/**',
  'packages/language-server/src/**',
  'packages/n8n-nodes-1fichier/{nodes,credentials}/**',
];

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/out/**',
      '**/coverage/**',
      'test-artifacts/**',
      '.sandbox-data/**',
      '.playground/**',
      'bench/tmp/**',
      '**/*.d.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.es2022 } },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // `any` is sometimes the honest type at a library boundary (n8n, VS Code fakes); keep it visible, not forbidden.
      '@typescript-eslint/no-explicit-any': 'off',
      'no-empty': ['error', { allowEmptyCatch: false }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      // Names and wire formats here deal with control characters on purpose (the service reserves them).
      'no-control-regex': 'off',
    },
  },
  {
    files: ['**/*.cjs', '**/*.js'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/test/**', '**/tests/**', '**/*.test.ts'],
    languageOptions: { globals: { ...globals.jest, ...globals.mocha } },
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  {
    // The core's pure entry: no Node globals, no module but relative files and hash-wasm.
    files: ['packages/core/src/**/*.ts'],
    ignores: ['packages/core/src/node/**'],
    languageOptions: { globals: { ...globals.es2022 } },
    rules: {
      'no-restricted-globals': ['error', ...NODE_ONLY_GLOBALS],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!\\.{1,2}/|hash-wasm$).*',
              message: 'The pure core imports only its own files and hash-wasm; Node code goes in src/node.',
            },
          ],
        },
      ],
    },
  },
  {
    files: FRONT_END_SOURCES,
    rules: { 'no-restricted-syntax': ['error', ...SHARED_FACTS, ...CONTRACT_COPIES] },
  },
  {
    // The tree's listing model is tested without VS Code (test/unit/model.test.ts): it stays free of it.
    files: ['packages/vscode-1fichier/src/tree/{model,nodes,shared}.ts', 'packages/vscode-1fichier/src/format.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'vscode', message: 'The listing model has no VS Code in it; rendering goes in tree/provider.ts.' }] },
      ],
    },
  },
  {
    files: ['packages/vscode-1fichier/media/**', 'packages/language-server/**/*.browser.*'],
    languageOptions: { globals: { ...globals.browser } },
  },
);
