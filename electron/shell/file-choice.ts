import path from 'node:path';
import { contract, type ApiResult } from '../../shared/contract';
import type { CallRequest, Dispatcher, Transport } from '../core/app/dispatcher';
import type { FilePurpose } from '../../shared/desktop/files';

const BACKUP_FILTER = { name: '颐养评估备份', extensions: ['yybak'] };
const BUNDLE_FILTER = { name: '颐养评估交换数据包', extensions: ['yyxb'] };
const EXTENSION: Record<FilePurpose, string> = { 'backup-save': '.yybak', 'backup-open': '.yybak', 'bundle-save': '.yyxb' };

const day = (d: Date) => `${d.getFullYear()}${String(d.getMonth() + 1).padStart(2, '0')}${String(d.getDate()).padStart(2, '0')}`;

export interface FileDialogOptions {
  kind: 'save' | 'open';
  title: string;
  defaultPath?: string;
  filters: { name: string; extensions: string[] }[];
}

/** The native dialog for each purpose: what it is titled, what it suggests, which files it shows. */
export function fileDialogOptions(purpose: FilePurpose, today: Date): FileDialogOptions {
  if (purpose === 'backup-save') return { kind: 'save', title: '备份到…', defaultPath: `颐养评估备份-${day(today)}.yybak`, filters: [BACKUP_FILTER] };
  if (purpose === 'bundle-save') return { kind: 'save', title: '导出交换数据包到…', defaultPath: `颐养评估交换数据包-${day(today)}.yyxb`, filters: [BUNDLE_FILTER] };
  return { kind: 'open', title: '选择要恢复的备份文件', filters: [BACKUP_FILTER] };
}

/** What a dialog answered, made fit for its purpose: a saved file always has its kind's extension; nothing but an absolute path counts. */
export function chosenPath(purpose: FilePurpose, answer: string | null | undefined): string | null {
  if (!answer || !path.isAbsolute(answer)) return null;
  const ext = EXTENSION[purpose];
  if (purpose !== 'backup-open' && !answer.toLowerCase().endsWith(ext)) return `${answer}${ext}`;
  return answer;
}

export interface GrantingCore extends Dispatcher {
  grant(file: string, purpose: FilePurpose): Promise<string | null>;
}

/**
 * The page's calls as the main process relays them, with one method answered here instead
 * of in the core: `files.choose` opens the native dialog, hands the chosen path to the core,
 * and gives the page only the core's one-time token and the file's bare name.
 */
export function withFileChoice(core: GrantingCore, choose: (purpose: FilePurpose) => Promise<string | null>): Dispatcher {
  return {
    methods: core.methods,
    async call(method: string, request: CallRequest, transport: Transport): Promise<ApiResult<unknown>> {
      if (method !== 'files.choose') return core.call(method, request, transport);
      const parsed = contract['files.choose'].input.safeParse(request.input ?? {});
      if (!parsed.success) return { ok: false, error: { code: 'BAD_INPUT', message: '请求格式错误' } };
      const file = chosenPath(parsed.data.purpose, await choose(parsed.data.purpose));
      if (!file) return { ok: true, value: null };
      const grant = await core.grant(file, parsed.data.purpose);
      if (!grant) return { ok: false, error: { code: 'INTERNAL', message: '颐养评估的核心服务未连接，请重试' } };
      return { ok: true, value: { grant, name: path.basename(file) } };
    },
  };
}
