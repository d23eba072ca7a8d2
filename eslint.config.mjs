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
    message: 'Use SERVER_COMMANDS / CLIENT_LINK_COMMANDS from @onefichier/core (packages/core/src/lsp-contract.ts).',
  },
  {
    selector: 'Literal[value=/^ONEFICHIER_API_(KEY|BASE_URL)$/]',
    message: 'Use API_KEY_ENV / API_BASE_URL_ENV from @onefichier/core (packages/core/src/lsp-contract.ts).',
  },
  {
    selector: "ArrayExpression:has(> Literal[value='markdown']):has(> Literal[value='yaml'])",
    message: 'Use LINK_LANGUAGES / SERVER_LANGUAGES from @onefichier/core (packages/core/src/lsp-contract.ts).',
  },
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
    files: ['packages/vscode-1fichier/src/**/*.ts', 'packages/language-server/src/**/*.ts'],
    rules: { 'no-restricted-syntax': ['error', ...CONTRACT_COPIES] },
  },
  {
    files: ['packages/vscode-1fichier/media/**', 'packages/language-server/**/*.browser.*'],
    languageOptions: { globals: { ...globals.browser } },
  },
);
