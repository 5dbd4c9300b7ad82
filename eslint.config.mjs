// Lint and the project's boundary rules (docs/architecture.md, "Layers and boundaries"). Formatting is Prettier's
// job: eslint-config-prettier turns off every rule that would argue with it. `npm run lint` runs with
// --max-warnings 0 inside `npm test`.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import vue from 'eslint-plugin-vue';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import boundaries from './tools/eslint/boundaries.mjs';

const serverImportsInWeb = {
  group: ['**/modules/**', '**/core/**', '@nestjs/*', 'typeorm', 'bullmq', 'ioredis', 'mysql2', 'mysql2/*'],
  message: 'The web app shares only src/shared with the server (docs/architecture.md, "Layers and boundaries").',
};

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'coverage/**',
      'backups/**',
      'test/artifacts/**',
      'test/bench/results/**',
      'src/web/src/api/schema.d.ts',
      // Written by unplugin-vue-components (src/web/vite.config.ts).
      'src/web/components.d.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...vue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'] } },
  },
  {
    languageOptions: { globals: { ...globals.node } },
    plugins: { zhaoshang: boundaries },
    rules: {
      // Unused names are a compile error already (noUnusedLocals); a leading _ marks an argument kept on purpose.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
      // Decorated Nest classes and TypeORM entities need the class-with-only-a-constructor shape.
      '@typescript-eslint/no-extraneous-class': 'off',
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-console': 'error',
      'zhaoshang/raw-sql-location': 'error',
      'zhaoshang/table-ownership': 'error',
    },
  },
  {
    files: ['src/web/**/*.{ts,vue}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': ['error', { patterns: [serverImportsInWeb] }],
      // Element Plus and our own components are written in the template as <el-x> / <LeadCard>; the order of
      // attributes is not worth a warning.
      'vue/multi-word-component-names': 'off',
      'vue/attributes-order': 'off',
      'vue/require-default-prop': 'off',
      // A script error (not an API answer) is shown to the user in Chinese; its details go to the console.
      'no-console': ['error', { allow: ['error'] }],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/modules/**', '**/web/src/**'],
              message: 'core is infrastructure: it never imports a feature module (docs/architecture.md).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '**/modules/**',
                '**/core/**',
                '**/web/**',
                '@nestjs/*',
                'typeorm',
                'node:*',
                'vue',
                'element-plus',
              ],
              message: 'src/shared is pure code both sides import: no server, framework or browser imports.',
            },
          ],
        },
      ],
    },
  },
  {
    // Tests, seeds, scripts and benchmarks talk to the database directly and print their results.
    files: ['test/**', 'seeds/**', 'tools/**', '**/*.spec.ts', 'src/core/database/backup-cli.ts'],
    rules: {
      'zhaoshang/raw-sql-location': 'off',
      'zhaoshang/table-ownership': 'off',
      'no-console': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  prettier,
);
