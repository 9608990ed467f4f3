// Lint rules, including the layer boundaries of ../shared/design/architecture.md §1:
// a wrong import across layers fails `npm run lint` (and so CI).
import js from '@eslint/js';
import globals from 'globals';
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
const nodeOnlyPackages = ['better-sqlite3', 'better-sqlite3-multiple-ciphers', 'pdfkit', 'fontkit', 'exceljs', 'node-forge', '@signpdf/*'];
const uiPackages = ['react', 'react-dom', 'react/*', 'react-dom/*', 'antd', 'antd/*', 'react-hook-form', '@hookform/*', 'dayjs', 'dayjs/*'];

function restrict(message, { paths = [], patterns = [] }) {
  return {
    'no-restricted-imports': [
      'error',
      {
        paths: paths.map((name) => ({ name, message })),
        patterns: patterns.length ? [{ group: patterns, message }] : [],
      },
    ],
  };
}

export default tseslint.config(
  { ignores: ['dist/**', 'dist-electron/**', 'release/**', 'node_modules/**', 'coverage/**', 'tests/artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    // The bin shim is plain CommonJS by necessity (npm runs it directly).
    files: ['bin/**/*.js'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['shared/**/*.ts'],
    languageOptions: { globals: {} },
    rules: restrict('shared/ 只能是纯 TypeScript：不得引用 Node、Electron、界面库或其他层（architecture §1）', {
      paths: [...nodeBuiltins, 'electron', ...nodeOnlyPackages.filter((p) => !p.includes('*'))],
      patterns: ['electron/*', '**/electron/**', '**/renderer/**', '@signpdf/*', ...uiPackages],
    }),
  },
  {
    files: ['electron/services/**/*.ts'],
    rules: restrict('服务层是纯 Node 代码：不得引用 electron 或界面层（architecture §1）', {
      paths: ['electron'],
      patterns: ['electron/*', '**/renderer/**', '**/transports/**', ...uiPackages],
    }),
  },
  {
    files: ['electron/transports/**/*.ts', 'electron/cli.ts', 'electron/cli/**/*.ts', 'electron/server.ts', 'electron/app-core.ts', 'electron/dispatcher.ts', 'electron/handlers.ts', 'electron/handlers-reports.ts'],
    rules: restrict('此层不得引用界面层；只有 main/preload/ipc 可以用 electron（architecture §1）', {
      paths: [],
      patterns: ['**/renderer/**', ...uiPackages],
    }),
  },
  {
    files: ['electron/cli.ts', 'electron/cli/**/*.ts', 'electron/server.ts', 'electron/app-core.ts', 'electron/dispatcher.ts', 'electron/handlers.ts', 'electron/handlers-reports.ts', 'electron/transports/http.ts', 'electron/security.ts'],
    rules: restrict('命令行、浏览器模式与 HTTP 传输在纯 Node 下运行：不得引用 electron（architecture §1）', {
      paths: ['electron'],
      patterns: ['**/renderer/**', ...uiPackages],
    }),
  },
  {
    files: ['electron/main.ts', 'electron/preload.ts'],
    rules: restrict('main/preload 只做生命周期和桥接：通过 app-core 与传输层使用服务（architecture §1）', {
      paths: [],
      patterns: ['**/services/**', '**/renderer/**', ...uiPackages],
    }),
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    languageOptions: { globals: { ...globals.browser } },
    rules: restrict('界面层只能通过 API 客户端取数据：不得引用 Node、Electron 或服务层（architecture §1）', {
      paths: [...nodeBuiltins, 'electron', ...nodeOnlyPackages.filter((p) => !p.includes('*'))],
      patterns: ['electron/*', '**/electron/**', '@signpdf/*'],
    }),
  },
);
