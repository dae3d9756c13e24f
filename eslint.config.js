// Flat ESLint config: typescript-eslint plus Nx module boundaries (see house-style: scope:* / type:* tags).
const nx = require('@nx/eslint-plugin');
const tseslint = require('typescript-eslint');

const frameworkImports = ['@nestjs/*', 'typeorm', 'kafkajs', 'pg', 'pg-*', '@grpc/*', '@electric-sql/*'];

module.exports = tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'coverage/**', '.nx/**', '.keel/**', 'bench/results/**', 'libs/grpc-contract/src/gen/**', '**/*.js', '**/*.cjs'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    // Tell type-import rules that constructor parameter types are emitted as DI metadata (NestJS).
    languageOptions: { parserOptions: { emitDecoratorMetadata: true, experimentalDecorators: true } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { disallowTypeAnnotations: false, fixStyle: 'inline-type-imports' }],
      'no-console': 'off',
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            { sourceTag: 'type:kernel', onlyDependOnLibsWithTags: ['type:kernel', 'type:testing'], bannedExternalImports: frameworkImports },
            { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:kernel', 'type:testing'], bannedExternalImports: frameworkImports },
            { sourceTag: 'type:framework', onlyDependOnLibsWithTags: ['type:kernel', 'type:testing'], bannedExternalImports: frameworkImports },
            { sourceTag: 'type:plugin', onlyDependOnLibsWithTags: ['type:kernel', 'type:framework', 'type:testing'], bannedExternalImports: frameworkImports },
            { sourceTag: 'type:data-access', onlyDependOnLibsWithTags: ['type:kernel', 'type:data-access', 'type:testing'] },
            { sourceTag: 'type:application', onlyDependOnLibsWithTags: ['type:kernel', 'type:domain', 'type:data-access', 'type:framework', 'type:plugin', 'type:application', 'type:testing'] },
            { sourceTag: 'type:infra', onlyDependOnLibsWithTags: ['type:kernel', 'type:domain', 'type:data-access', 'type:application', 'type:infra', 'type:testing'] },
            { sourceTag: 'type:service', notDependOnLibsWithTags: ['type:service', 'type:cli'] },
            { sourceTag: 'type:cli', onlyDependOnLibsWithTags: ['*'] },
            { sourceTag: 'type:bench', notDependOnLibsWithTags: ['type:service', 'type:cli'] },
            { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:kernel', 'type:data-access'] },
            { sourceTag: 'type:tooling', onlyDependOnLibsWithTags: ['type:tooling'], bannedExternalImports: frameworkImports },
            // Generated gRPC code: depends on no Keel library, so any layer outside the domain may use it.
            { sourceTag: 'type:contract', onlyDependOnLibsWithTags: [] },
          ],
        },
      ],
    },
  },
);
