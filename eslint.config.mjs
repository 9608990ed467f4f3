// Lint rules, including the layer boundaries of ../shared/design/architecture.md §1:
// a wrong import across layers fails `npm run lint` (and so CI).
import js from '@eslint/js';
import globals from 'globals';
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
const nodeOnlyPackages = ['better-sqlite3', 'better-sqlite3-multiple-ciphers', 'pdfkit', 'fontkit', 'exceljs', 'node-forge', '@signpdf/*'];
const uiPackages = ['react', 'react-dom', 'react/*', 'react-dom/*', 'antd', 'antd/*', 'react-hook-form', '@hookform/*', 'dayjs', 'dayjs/*'];

function restrict(message, { paths = [], patterns = [], regex = [] }) {
  return {
    'no-restricted-imports': [
      'error',
      {
        paths: paths.map((name) => ({ name, message })),
        patterns: [...(patterns.length ? [{ group: patterns, message }] : []), ...regex.map((r) => ({ regex: r, message }))],
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
    // The plain-Node core: every capability, by feature folder. Never Electron, never the UI,
    // and never the layers that sit on top of it (transports, shell, command line, server).
    files: ['electron/core/**/*.ts'],
    rules: restrict('核心层是纯 Node 代码：不得引用 electron、界面层或其上的传输层、外壳、命令行（architecture §1）', {
      paths: ['electron'],
      patterns: ['electron/*', '**/renderer/**', '**/transports', '**/transports/**', '**/shell', '**/shell/**', '**/cli', '**/cli/**', '**/server', '**/server/**', ...uiPackages],
    }),
  },
  {
    // Transports carry contract calls to the dispatcher; Electron's types only (ipcMain is passed in).
    files: ['electron/transports/**/*.ts'],
    rules: {
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: '传输层不得在运行时引用 electron（只可引用类型，ipcMain 由外壳传入）', allowTypeImports: true }],
          patterns: [{ group: ['**/renderer/**', '**/shell', '**/shell/**', '**/cli', '**/cli/**', '**/server', '**/server/**', ...uiPackages], message: '传输层只连接契约与调度器（architecture §1）' }],
        },
      ],
    },
  },
  {
    files: ['electron/cli/**/*.ts', 'electron/server/**/*.ts'],
    rules: restrict('命令行与浏览器模式在纯 Node 下运行：不得引用 electron、外壳或界面层（architecture §1）', {
      paths: ['electron'],
      patterns: ['electron/*', '**/renderer/**', '**/shell', '**/shell/**', ...uiPackages],
    }),
  },
  {
    // The shell only starts things: it reaches the core through its composition root.
    files: ['electron/shell/**/*.ts'],
    rules: restrict('外壳只做生命周期、窗口和桥接：通过 core/app 的组合根使用核心（architecture §1）', {
      paths: [],
      patterns: ['**/cli', '**/cli/**', '**/server', '**/server/**', '**/renderer/**', ...uiPackages],
      regex: ['(^|/)core/(?!app/)'],
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
