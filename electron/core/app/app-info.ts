import type { MethodOutput } from '../../../shared/contract';
import { INSTRUMENTS } from '../../../shared/instruments';
import { APP_META } from './app-meta';

export type RunMode = MethodOutput<'app.info'>['mode'];

export function appInfo(dataDir: string, mode: RunMode): MethodOutput<'app.info'> {
  return {
    ...APP_META,
    dataDir,
    mode,
    instruments: INSTRUMENTS.map((i) => ({ id: i.id, title: i.title, version: i.version })),
  };
}
