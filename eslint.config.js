// Flat config: typescript-eslint recommended + the boundary rules of STYLE.md section 9.
import js from '@eslint/js'
import globals from 'globals'
import tseslint from 'typescript-eslint'

const packageBoundaries = {
  'no-restricted-imports': [
    'error',
    {
      patterns: [
        {
          group: ['pg', 'kysely', 'fastify', '@fastify/*'],
          message: 'Analysis packages are pure: the API owns the database and HTTP.',
        },
        {
          group: ['react', 'react-dom', 'maplibre-gl'],
          message: 'Analysis packages are pure: rendering belongs to apps/web.',
        },
        {
          group: ['node:*', 'fs', 'path'],
          message: 'Analysis packages are pure: take data as arguments, let the API do I/O.',
        },
      ],
    },
  ],
  'no-restricted-globals': [
    'error',
    { name: 'fetch', message: 'Analysis packages are pure: the API fetches.' },
    { name: 'process', message: 'Analysis packages are pure: pass options in.' },
  ],
  'no-restricted-properties': [
    'error',
    { object: 'Date', property: 'now', message: 'Pass time in as an argument.' },
    { object: 'Math', property: 'random', message: 'Pass a seed in and use a seeded PRNG.' },
  ],
}

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'data/**', 'geodata/out/**', '.ci/out/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: [
      '**/*.{js,mjs}',
      'apps/api/**/*.ts',
      'geodata/**/*.ts',
      'test/**/*.ts',
      '**/bench/**/*.ts',
    ],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['packages/*/src/**/*.ts'],
    ignores: ['packages/*/src/**/*.test.ts'],
    rules: packageBoundaries,
  },
  {
    files: ['apps/web/src/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@turf/*'],
              message: 'The web app never computes analysis geometry: ask the API.',
            },
            {
              group: ['@tongcun/coverage', '@tongcun/clustering', '@tongcun/siting'],
              message: 'Analysis runs in the API; fetch its result.',
            },
            { group: ['kysely', 'pg'], message: 'The browser has no database: call the API.' },
          ],
        },
      ],
    },
  },
)
