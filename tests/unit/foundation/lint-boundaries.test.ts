import { ESLint } from 'eslint';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../../..');
const eslint = new ESLint({ cwd: root });

async function restrictedImportErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layer boundaries are enforced by lint', () => {
  it.each([
    ['shared/x.ts', "import fs from 'node:fs';\nexport const a = fs;\n"],
    ['shared/x.ts', "import { app } from 'electron';\nexport const a = app;\n"],
    ['shared/x.ts', "import React from 'react';\nexport const a = React;\n"],
    ['shared/x.ts', "import { x } from '../electron/services/log';\nexport const a = x;\n"],
    ['electron/services/x.ts', "import { app } from 'electron';\nexport const a = app;\n"],
    ['electron/cli/x.ts', "import { app } from 'electron';\nexport const a = app;\n"],
    ['electron/main.ts', "import { appInfo } from './services/app-info';\nexport const a = appInfo;\n"],
    ['renderer/src/x.ts', "import fs from 'fs';\nexport const a = fs;\n"],
    ['renderer/src/x.ts', "import { createLogger } from '../../electron/services/log';\nexport const a = createLogger;\n"],
  ])('%s: %s is refused', async (file, code) => {
    expect(await restrictedImportErrors(file, code)).toHaveLength(1);
  });

  it.each([
    ['shared/x.ts', "import { z } from 'zod';\nexport const a = z;\n"],
    ['electron/services/x.ts', "import fs from 'node:fs';\nexport const a = fs;\n"],
    ['electron/main.ts', "import { app } from 'electron';\nexport const a = app;\n"],
    ['renderer/src/x.ts', "import { contract } from '../../shared/contract';\nexport const a = contract;\n"],
  ])('%s: %s is allowed', async (file, code) => {
    expect(await restrictedImportErrors(file, code)).toHaveLength(0);
  });
});
