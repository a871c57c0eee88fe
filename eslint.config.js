import js from '@eslint/js'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'
import tseslint from 'typescript-eslint'

const noElectron = {
  paths: [{ name: 'electron', message: 'The core and the contract run without Electron (headless, tests): pass what you need in through an interface.' }]
}

export default tseslint.config(
  { ignores: ['out', 'dist', 'node_modules', 'test-results', 'playwright-report', '.lab'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['error'] }]
    }
  },
  {
    files: ['lab/**', 'scripts/**', 'bench/**', 'e2e/**'],
    // Playwright reads a fixture's dependencies from its destructuring pattern, even an empty one.
    rules: { 'no-console': 'off', 'no-empty-pattern': 'off' }
  },
  {
    files: ['src-shared/**', 'src-main/core/**', 'src-main/server/**'],
    rules: { 'no-restricted-imports': ['error', noElectron] }
  },
  {
    files: ['src-shared/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { ...noElectron, patterns: [{ group: ['node:*', 'react', 'react-dom'], message: 'src-shared holds no Node or DOM code.' }] }
      ]
    }
  },
  {
    files: ['src-renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        { paths: noElectron.paths, patterns: [{ group: ['node:*', '**/src-main/**'], message: 'The renderer reaches the core only through the contract.' }] }
      ]
    }
  }
)
