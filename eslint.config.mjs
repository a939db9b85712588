// ESLint with typescript-eslint's type-checked rules over the extension, the webview and the tests.
// `npm test` runs it (`npm run lint`) and fails on any warning.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'out/', 'node_modules/', '.vscode-test/', 'test-results/', '.demo/', 'test/fixtures/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      // Each file is checked in the project that holds it: the extension and tests, the webview, the browser-driving tests, the webview's unit tests, the benchmark page.
      parserOptions: {
        project: ['./tsconfig.json', './src/webview/tsconfig.json', './test/ui/tsconfig.json', './test/unit/webview/tsconfig.json', './test/bench/tsconfig.json'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
  },
  {
    // Build and test scripts, and the sample project: plain JavaScript for Node.
    files: ['**/*.mjs', '**/*.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { ...tseslint.configs.disableTypeChecked.languageOptions, globals: globals.node },
  },
);
