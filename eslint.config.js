import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['node_modules', 'dist', 'data', 'coverage', 'src/web/dist', 'bench/.out'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    // The page talks to the server over HTTP only: keep server-side modules out of the bundle.
    files: ['src/web/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/server/**', '**/db/**', '**/sync/**', '**/github/**', '**/sim/**', '**/config/**', 'node:*'],
              message: 'The page reaches the server over HTTP only.',
            },
          ],
        },
      ],
    },
  },
  {
    // The page's build tooling runs in Node (Vite's API and config), not in the browser.
    files: ['src/web/build.ts', 'src/web/vite.config.ts'],
    languageOptions: { globals: { ...globals.node } },
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    // Pure domain logic: no I/O, no imports from the outer layers.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/server/**', '**/db/**', '**/sync/**', '**/github/**', '**/sim/**', 'node:fs', 'node:net', 'node:http'],
              message: 'src/core is pure domain logic.',
            },
          ],
        },
      ],
    },
  },
);
