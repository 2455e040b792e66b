import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const OUR_LAYERS_ABOVE_SERVICES = [
  { group: ['./resolvers', './resolvers/*', '../resolvers', '../resolvers/*', '../../resolvers/*'], message: 'Only server.ts wires resolvers; nothing imports them (CONVENTIONS.md).' },
  { group: ['./server', '../server', '../../server', './main', '../main', '../../main'], message: 'Nothing imports server.ts or main.ts (CONVENTIONS.md).' },
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.data/**', 'coverage/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // the pages the server hands to browsers (dashboard, GraphiQL set-up)
    files: ['public/**/*.js'],
    languageOptions: { sourceType: 'module', globals: { ...globals.browser, GraphiQL: 'readonly', React: 'readonly', ReactDOM: 'readonly' } },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      'no-console': 'off',
    },
  },
  {
    // the pure core: plain data in, plain data out
    files: ['src/analytics/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['../*', '../../*'], message: 'src/analytics imports nothing of ours (CONVENTIONS.md).' },
          { group: ['typeorm', 'type-graphql', 'graphql', 'pg', 'fastify', 'node:*', 'fs', 'net', 'http'], message: 'src/analytics is pure: no I/O, no ORM, no GraphQL.' },
        ],
      }],
      'no-restricted-globals': ['error', { name: 'fetch', message: 'src/analytics does no I/O.' }],
      'no-restricted-properties': ['error', { object: 'Date', property: 'now', message: 'Pass the time in; src/analytics has no clock.' }],
    },
  },
  {
    files: ['src/entities/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: ['../*', '../../*'], message: 'Entities import only typeorm, type-graphql and each other (CONVENTIONS.md).' }],
      }],
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/server.ts', 'src/main.ts', 'src/resolvers/**', 'src/analytics/**', 'src/entities/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: OUR_LAYERS_ABOVE_SERVICES }] },
  },
  {
    files: ['src/resolvers/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['../server', '../../server', '../main', '../../main'], message: 'Nothing imports server.ts or main.ts (CONVENTIONS.md).' },
          { group: ['typeorm', 'pg', '../db/*', '../../db/*'], message: 'Resolvers are thin: SQL belongs in services (CONVENTIONS.md).' },
        ],
      }],
    },
  },
);
