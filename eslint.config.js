// ESLint flat config: recommended sets, the determinism fence around shared/ (docs/ARCHITECTURE.md)
// and the import directions of the layout (eslint.boundaries.mjs).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { boundariesRule } from './eslint.boundaries.mjs';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'data/**', 'test-artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/ban-ts-comment': 'error',
    },
  },
  {
    files: ['shared/**/*.ts', 'db/**/*.ts', 'auditor/**/*.ts', 'server/**/*.ts', 'client/**/*.ts'],
    plugins: { adal: { rules: { boundaries: boundariesRule } } },
    rules: { 'adal/boundaries': 'error' },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
  {
    // shared/ decides draws: it must be pure and identical in Node and in the browser.
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*', 'fs', 'path', 'crypto', 'os', 'child_process', 'http', 'https'], message: 'shared/ must not do I/O or use Node-only modules.' },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'No environment in shared/.' },
        { name: 'window', message: 'No browser globals in shared/.' },
        { name: 'document', message: 'No browser globals in shared/.' },
        { name: 'Buffer', message: 'Use Uint8Array in shared/.' },
        { name: 'fetch', message: 'No I/O in shared/.' },
        { name: 'setTimeout', message: 'No clock in shared/.' },
        { name: 'performance', message: 'No clock in shared/.' },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'No Math.random in shared/.' },
        { object: 'Date', property: 'now', message: 'No clock in shared/.' },
        { property: 'localeCompare', message: 'Locale-dependent compare is forbidden in shared/.' },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'No clock in shared/.' },
      ],
    },
  }
);
