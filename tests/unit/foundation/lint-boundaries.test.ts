import { ESLint } from 'eslint';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../../..');
const eslint = new ESLint({ cwd: root });

async function restrictedImportErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === '@typescript-eslint/no-restricted-imports')
    .map((m) => m.message);
}

describe('layer boundaries are enforced by lint, by folder', () => {
  it.each([
    ['shared/x.ts', "import fs from 'node:fs';\nexport const a = fs;\n"],
    ['shared/x.ts', "import { app } from 'electron';\nexport const a = app;\n"],
    ['shared/x.ts', "import React from 'react';\nexport const a = React;\n"],
    ['shared/x.ts', "import { x } from '../electron/core/app/log';\nexport const a = x;\n"],
    ['electron/core/persons/x.ts', "import { app } from 'electron';\nexport const a = app;\n"],
    ['electron/core/persons/x.ts', "import { startHttpServer } from '../../transports/http';\nexport const a = startHttpServer;\n"],
    ['electron/core/db/x.ts', "import { Button } from 'antd';\nexport const a = Button;\n"],
    ['electron/cli/x.ts', "import { app } from 'electron';\nexport const a = app;\n"],
    ['electron/server/x.ts', "import { app } from 'electron';\nexport const a = app;\n"],
    ['electron/transports/x.ts', "import { ipcMain } from 'electron';\nexport const a = ipcMain;\n"],
    ['electron/shell/main.ts', "import { Store } from '../core/db';\nexport const a = Store;\n"],
    ['electron/shell/main.ts', "import { runCli } from '../cli';\nexport const a = runCli;\n"],
    ['renderer/src/x.ts', "import fs from 'fs';\nexport const a = fs;\n"],
    ['renderer/src/x.ts', "import { createLogger } from '../../electron/core/app/log';\nexport const a = createLogger;\n"],
  ])('%s: %s is refused', async (file, code) => {
    expect(await restrictedImportErrors(file, code)).toHaveLength(1);
  });

  it.each([
    ['shared/x.ts', "import { z } from 'zod';\nexport const a = z;\n"],
    ['electron/core/persons/x.ts', "import fs from 'node:fs';\nexport const a = fs;\n"],
    ['electron/core/persons/x.ts', "import { Store } from '../db';\nexport const a = Store;\n"],
    ['electron/transports/x.ts', "import type { IpcMain } from 'electron';\nexport type A = IpcMain;\n"],
    ['electron/shell/main.ts', "import { app } from 'electron';\nexport const a = app;\n"],
    ['electron/shell/main.ts', "import { createAppCore } from '../core/app/core';\nexport const a = createAppCore;\n"],
    ['renderer/src/x.ts', "import { contract } from '../../shared/contract';\nexport const a = contract;\n"],
  ])('%s: %s is allowed', async (file, code) => {
    expect(await restrictedImportErrors(file, code)).toHaveLength(0);
  });
});
