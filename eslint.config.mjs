// Root ESLint flat config: type-aware rules for every TypeScript file and module
// boundaries as errors. The tag constraints below are the architecture: a lib may only
// depend on layers beneath it, and the codec/topic libs are pure (no I/O packages).
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

// The layers without I/O of their own: every adapter, test helper and app may build on them.
const PURE_LAYERS = ['type:codec', 'type:contracts', 'type:domain', 'type:util'];

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    ignores: [
      '**/dist',
      '**/node_modules',
      '**/.nx',
      '**/coverage',
      '**/tmp',
      '**/*.mjs',
      '**/*.cjs',
    ],
  },
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-unnecessary-type-assertion': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          banTransitiveDependencies: true,
          depConstraints: [
            {
              sourceTag: 'type:codec',
              onlyDependOnLibsWithTags: ['type:codec'],
              bannedExternalImports: [
                '@nestjs/*',
                '@nats-io/*',
                'ioredis',
                'rxjs',
                'net',
                'node:net',
                'tls',
                'node:tls',
                'ws',
                'pino',
              ],
            },
            {
              sourceTag: 'type:domain',
              onlyDependOnLibsWithTags: [
                'type:codec',
                'type:contracts',
                'type:domain',
                'type:util',
              ],
              bannedExternalImports: [
                '@nestjs/*',
                '@nats-io/*',
                'ioredis',
                'net',
                'node:net',
                'tls',
                'node:tls',
                'ws',
              ],
            },
            { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:util'] },
            {
              // Subjects and DTOs of the NATS services: shared by every layer above, so they may
              // only use the pure libs (topic rules from the codec layer) and utilities.
              sourceTag: 'type:contracts',
              onlyDependOnLibsWithTags: ['type:codec', 'type:util'],
              bannedExternalImports: ['@nestjs/*', '@nats-io/*', 'ioredis', 'net', 'node:net'],
            },
            {
              sourceTag: 'type:testing',
              onlyDependOnLibsWithTags: [...PURE_LAYERS, 'type:testing'],
            },
            {
              sourceTag: 'type:adapter',
              onlyDependOnLibsWithTags: [...PURE_LAYERS, 'type:testing'],
              bannedExternalImports: ['@nestjs/*'],
            },
            {
              sourceTag: 'type:server',
              onlyDependOnLibsWithTags: [
                'type:codec',
                'type:contracts',
                'type:domain',
                'type:util',
                'type:adapter',
                'type:testing',
                'type:server', // server mounts http-api's Nest modules (cycles are still errors)
              ],
            },
            {
              sourceTag: 'type:app',
              onlyDependOnLibsWithTags: [
                'type:codec',
                'type:contracts',
                'type:domain',
                'type:util',
                'type:adapter',
                'type:server',
                'type:testing',
              ],
            },
            {
              sourceTag: 'type:tool',
              onlyDependOnLibsWithTags: [
                'type:codec',
                'type:contracts',
                'type:util',
                'type:testing',
              ],
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.test.ts', '**/test/**/*.ts', '**/bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  prettier,
];
