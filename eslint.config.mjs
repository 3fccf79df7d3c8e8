// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const nodeBuiltins = [
  'fs',
  'path',
  'os',
  'child_process',
  'worker_threads',
  'crypto',
  'http',
  'https',
  'net',
  'stream',
  'url',
  'util',
  'zlib',
  'events',
  'buffer',
  'process',
  'readline',
  'tty',
  'dgram',
  'cluster',
  'module',
  'perf_hooks',
  'timers',
  'v8',
  'vm',
  'assert',
  'dns',
  'tls',
];
// Exact module names (a gitignore-style pattern "events" would also match "./events").
const nodePaths = (message) => nodeBuiltins.map((name) => ({ name, message }));
const nodeImports = ['node:*'];

/** Dependency direction (DESIGN.md §5): renderer → shared ← electron/core ← electron/main. */
const layerRules = [
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'shared/ is pure: no electron.' },
            ...nodePaths('shared/ is pure: no Node built-ins (it runs in the renderer too).'),
          ],
          patterns: [
            {
              group: nodeImports,
              message: 'shared/ is pure: no Node built-ins (it runs in the renderer too).',
            },
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
      'no-restricted-globals': [
        'error',
        'window',
        'document',
        'process',
        'require',
        'Buffer',
        '__dirname',
      ],
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
          paths: [
            {
              name: 'electron',
              message: 'Only electron/main and electron/preload may import electron.',
            },
          ],
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
          paths: [
            { name: 'electron', message: 'The renderer talks only through the contract.' },
            ...nodePaths('The renderer runs sandboxed: no Node built-ins.'),
          ],
          patterns: [
            {
              group: ['**/electron/**'],
              message: 'The renderer talks only through the contract (shared/api).',
            },
            { group: nodeImports, message: 'The renderer runs sandboxed: no Node built-ins.' },
            {
              group: ['better-sqlite3', 'serialport', 'ws'],
              message: 'The renderer never touches storage, ports or printers.',
            },
          ],
        },
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
