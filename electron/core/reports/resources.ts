import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * The `resources/` folder. The same code runs from the esbuild bundle (`dist-electron/cli.js`,
 * resources one level up), from the source tree under vitest/tsx (two or three levels up) and
 * from a packaged app, which sets YIYANG_RESOURCES because its resources live elsewhere.
 */
export function resourcesDir(env: NodeJS.ProcessEnv = process.env): string {
  const candidates = [
    env.YIYANG_RESOURCES,
    path.join(__dirname, '..', 'resources'),
    path.join(__dirname, '..', '..', 'resources'),
    path.join(__dirname, '..', '..', '..', 'resources'),
  ].filter((c): c is string => !!c);
  for (const dir of candidates) {
    if (existsSync(path.join(dir, 'fonts'))) return dir;
  }
  throw new Error(`找不到程序资源目录（resources/fonts）；已查找：${candidates.join('；')}`);
}
