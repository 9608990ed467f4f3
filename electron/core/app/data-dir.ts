import os from 'node:os';
import path from 'node:path';

/**
 * Where the store lives when nobody says otherwise: the per-user application-data
 * folder of the platform (the same place Electron's userData points to), or
 * YIYANG_DATA_DIR when set (tests, portable installs).
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.YIYANG_DATA_DIR) return path.resolve(env.YIYANG_DATA_DIR);
  const home = os.homedir();
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'yiyang');
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'yiyang');
  return path.join(env.XDG_DATA_HOME ?? path.join(home, '.local', 'share'), 'yiyang');
}

// The app, the server and the shell hold their folder for their whole life (issue 13).
export { FolderBusyError, holdDataFolder, type FolderHold } from '../db/folder-lock';
