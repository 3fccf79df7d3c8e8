// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { builtinModules } from 'node:module';

/**
 * Every Node built-in, from the running Node itself: bare (`fs`), prefixed (`node:fs`) and
 * subpaths (`fs/promises`, `stream/web`), plus prefix-only ones (`node:test`, `node:sqlite`).
 */
const builtinNames = [...new Set(builtinModules.map((m) => m.replace(/^node:/, '').split('/')[0]))];
const builtinSource = `^(?:node:.*|(?:${builtinNames.join('|')})(?:/.*)?)$`;
const builtinImport = (message) => ({ regex: builtinSource, message });

/**
 * Dynamic imports and require calls of a module, which no-restricted-imports does not see.
 * esquery's regex literal cannot hold a slash, hence \u002F.
 */
function loaderCalls(sourcePattern, message) {
  const value = `/${sourcePattern.replaceAll('/', '\\u002F')}/`;
  return [
    { selector: `ImportExpression[source.value=${value}]`, message },
    { selector: `CallExpression[callee.name='require'][arguments.0.value=${value}]`, message },
    // createRequire(import.meta.url)('x')
    {
      selector: `CallExpression[callee.type='CallExpression'][arguments.0.value=${value}]`,
      message,
    },
  ];
}
const ELECTRON = '^electron$';
const electronOnlyInShell = 'Only electron/main and electron/preload may load electron.';

/**
 * Globals that exist only where there is a DOM (browser minus Node), plus Node's own: shared/
 * runs in the renderer, in workers and in Node. fetch, URL, TextEncoder, performance, crypto,
 * AbortController… are in all three and stay allowed. Node 22+ also defines navigator and,
 * behind a flag, Web Storage: listed anyway, a worker has no storage and pure code no device.
 */
const domOnlyGlobals = Object.keys(globals.browser).filter((name) => !(name in globals.node));
const sharedBannedGlobals = [
  ...new Set([
    ...domOnlyGlobals,
    'navigator',
    'Navigator',
    'localStorage',
    'sessionStorage',
    'Storage',
  ]),
]
  .map((name) => ({
    name,
    message: 'shared/ runs in the renderer, workers and Node: no DOM globals.',
  }))
  .concat(
    [
      'process',
      'require',
      'Buffer',
      '__dirname',
      '__filename',
      'global',
      'module',
      'exports',
      'setImmediate',
      'clearImmediate',
    ].map((name) => ({
      name,
      message: 'shared/ is pure: no Node globals (it runs in the renderer too).',
    })),
  );

/** Dependency direction (DESIGN.md §5): renderer → shared ← electron/core ← electron/main. */
const layerRules = [
  {
    // Nothing outside the Electron shell loads electron, in any form. The folder rules below
    // repeat this because a later config object replaces a rule's options, never merges them.
    files: ['**/*.{ts,tsx,mts,cts,js,mjs,cjs}'],
    ignores: ['electron/main/**', 'electron/preload/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'electron', message: electronOnlyInShell }] },
      ],
      'no-restricted-syntax': ['error', ...loaderCalls(ELECTRON, electronOnlyInShell)],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'shared/ is pure: no electron.' }],
          patterns: [
            builtinImport('shared/ is pure: no Node built-ins (it runs in the renderer too).'),
            {
              group: [
                '**/electron/**',
                '**/renderer/**',
                'react',
                'react-dom',
                'three',
                'better-sqlite3',
                'ws',
              ],
              message: 'shared/ imports nothing from the runtimes above it.',
            },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        ...loaderCalls(ELECTRON, 'shared/ is pure: no electron.'),
        ...loaderCalls(
          builtinSource,
          'shared/ is pure: no Node built-ins (it runs in the renderer too).',
        ),
      ],
      'no-restricted-globals': ['error', ...sharedBannedGlobals],
    },
  },
  {
    // Tests of pure code may read fixtures from disk; the code under test may not.
    files: ['shared/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'shared/ is pure: no electron.' }],
          patterns: [
            {
              group: ['**/electron/**', '**/renderer/**'],
              message: 'shared/ tests import only shared/.',
            },
          ],
        },
      ],
      'no-restricted-syntax': ['error', ...loaderCalls(ELECTRON, 'shared/ is pure: no electron.')],
      'no-restricted-globals': 'off',
    },
  },
  {
    files: [
      'electron/core/**/*.ts',
      'electron/serve/**/*.ts',
      'electron/workers/**/*.ts',
      'electron/cli/**/*.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: electronOnlyInShell }],
          patterns: [
            {
              group: ['**/electron/main/**', '**/electron/preload/**', '**/main/*', '**/preload/*'],
              message: 'core/serve/workers sit below the Electron shell.',
            },
            {
              group: ['**/renderer/**'],
              message: 'The renderer is only reached through the contract.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The renderer talks only through the contract.' }],
          patterns: [
            {
              group: ['**/electron/**'],
              message: 'The renderer talks only through the contract (shared/api).',
            },
            builtinImport('The renderer runs sandboxed: no Node built-ins.'),
            {
              group: ['better-sqlite3', 'serialport', 'ws'],
              message: 'The renderer never touches storage, ports or printers.',
            },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        ...loaderCalls(ELECTRON, 'The renderer talks only through the contract.'),
        ...loaderCalls(builtinSource, 'The renderer runs sandboxed: no Node built-ins.'),
      ],
    },
  },
  {
    files: ['electron/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/core/**', '**/main/**', '**/serve/**'],
              message: 'The preload only bridges the contract.',
            },
          ],
        },
      ],
    },
  },
];

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'release/**',
      'node_modules/**',
      'coverage/**',
      'e2e/artifacts/**',
      'bench/**/results/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': 'off',
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
    },
  },
  ...layerRules,
  {
    files: ['**/*.cjs', '**/*.mjs'],
    languageOptions: { globals: { ...globals.node } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
