// Lint: TypeScript rules plus nx module boundaries.
//   scope:shared  (contracts, libs) may depend only on scope:shared.
//   scope:<service> may depend on its own scope and on scope:shared, never on another service.
//   domain code (services/*/src/domain, libs/*/src/domain) imports no framework, and app code
//   (src/app) imports no adapter: enforced by the no-restricted-imports rules below.
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

export default [
  { ignores: ['**/*.js', '**/*.mjs', '**/node_modules/**', '**/dist/**', '**/generated/**', '.data/**', '.cache/**', '**/.cache/**', 'coverage/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:registration', onlyDependOnLibsWithTags: ['scope:shared', 'scope:registration'] },
            { sourceTag: 'scope:authorization', onlyDependOnLibsWithTags: ['scope:shared', 'scope:authorization'] },
            { sourceTag: 'scope:query-proxy', onlyDependOnLibsWithTags: ['scope:shared', 'scope:query-proxy'] },
            { sourceTag: 'scope:audit-log', onlyDependOnLibsWithTags: ['scope:shared', 'scope:audit-log'] },
            { sourceTag: 'scope:supplier-reporting', onlyDependOnLibsWithTags: ['scope:shared', 'scope:supplier-reporting'] },
            { sourceTag: 'scope:supplier-simulators', onlyDependOnLibsWithTags: ['scope:shared', 'scope:supplier-simulators'] },
            { sourceTag: 'scope:portal', onlyDependOnLibsWithTags: ['scope:shared', 'scope:portal'] },
            { sourceTag: 'scope:operations', onlyDependOnLibsWithTags: ['scope:shared', 'scope:operations'] },
            { sourceTag: 'scope:digid-simulator', onlyDependOnLibsWithTags: ['scope:shared', 'scope:digid-simulator'] },
            { sourceTag: 'scope:citizen-portal', onlyDependOnLibsWithTags: ['scope:shared', 'scope:citizen-portal'] },
            { sourceTag: 'scope:berichtenbox-simulator', onlyDependOnLibsWithTags: ['scope:shared', 'scope:berichtenbox-simulator'] },
            { sourceTag: 'scope:e2e', onlyDependOnLibsWithTags: ['scope:shared', 'scope:e2e'] },
            { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:contracts'] },
            { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib', 'type:contracts', 'type:tool'] },
          ],
        },
      ],
    },
  },
  {
    // Domain code is plain TypeScript: no framework, no transport, no persistence (services and libs alike).
    files: ['services/*/src/domain/**/*.ts', 'libs/*/src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@nestjs/*', 'kafkajs', 'avsc', '@prisma/*', 'pg', 'express', '@opentelemetry/*', '@inkijk/platform*', '**/adapters/**', '**/generated/**'], message: 'domain/ is plain TypeScript: move I/O to adapters/.' },
          ],
        },
      ],
    },
  },
  {
    // Application code (use cases) talks to the outside through its ports (app/ports.ts), never to
    // an adapter, and refuses with a Refusal (a kind, mapped to a status once at the edge), never
    // with an HTTP error of its own.
    files: ['services/*/src/app/**/*.ts', 'libs/*/src/app/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/adapters/**', '**/generated/**', '@nestjs/*', 'kafkajs', '@prisma/*', 'pg', 'express', 'fastify'], message: 'app/ reaches the outside through its ports (app/ports.ts); adapters implement them.' },
          ],
          paths: [
            { name: '@inkijk/platform', importNames: ['ApiError'], message: 'app/ refuses with a Refusal from @inkijk/contracts; the edge maps its kind to a status.' },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', 'test/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
];
