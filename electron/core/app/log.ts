/**
 * The only logger services use. It takes a fixed event name and a few plain facts;
 * callers never pass request inputs, personal data, passwords or keys (PIPL), and
 * `redact` strips anything that looks like an ID number or a long secret just in case.
 */
export type LogLevel = 'info' | 'warn' | 'error';
export type LogFacts = Record<string, string | number | boolean | null | undefined>;

export interface Logger {
  log(level: LogLevel, event: string, facts?: LogFacts): void;
}

const ID_NUMBER = /\b\d{17}[\dXx]\b/g;
const LONG_SECRET = /\b[A-Za-z0-9+/_-]{32,}={0,2}/g;

export function redact(text: string): string {
  return text.replace(ID_NUMBER, '[身份号码]').replace(LONG_SECRET, '[secret]');
}

export function createLogger(write: (line: string) => void = (l) => process.stderr.write(l + '\n')): Logger {
  return {
    log(level, event, facts = {}) {
      const parts = Object.entries(facts)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => `${k}=${redact(String(v))}`);
      write(redact(`${new Date().toISOString()} ${level} ${event}${parts.length ? ' ' + parts.join(' ') : ''}`));
    },
  };
}

export const silentLogger: Logger = { log() {} };
