import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { ApiResult, ErrorCode, FieldError } from '../../shared/contract';
import { hasLoneSurrogate } from '../../shared/validation/text';
import type { Dispatcher } from '../core/app/dispatcher';

export const TOKEN_HEADER = 'x-yiyang-token';
const MAX_BODY_BYTES = 16 * 1024 * 1024; // a signed PDF round trip fits; anything larger is abuse

const STATUS: Record<ErrorCode, number> = {
  BAD_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  UNKNOWN_METHOD: 404,
  CONFLICT: 409,
  INTERNAL: 500,
};

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
};

// Same policy as the Electron window: nothing but our own origin, no inline script.
// `frame-src blob:` only so a report PDF made in the page can be previewed and printed in
// a frame (a blob: URL this page created itself; no other origin may be framed).
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; frame-src blob:; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

export interface HttpServerOptions {
  dispatcher: Dispatcher;
  /** Folder of the built renderer; null serves the API only. */
  staticDir: string | null;
  port?: number;
  /** Per-launch secret; a random one is made when absent. */
  token?: string;
}

export interface RunningHttpServer {
  url: string;
  /** URL to open in a browser: the token travels in the fragment, which browsers never send to a server. */
  openUrl: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const data = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'content-length': Buffer.byteLength(data),
  });
  res.end(data);
}

function fail(res: http.ServerResponse, code: ErrorCode, message: string, fields?: FieldError[]): void {
  const body: ApiResult<never> = { ok: false, error: { code, message, ...(fields ? { fields } : {}) } };
  sendJson(res, STATUS[code], body);
}

/**
 * The body as text, 'tooLarge', or 'notUtf8'. Decoding is strict: Buffer#toString would turn
 * bytes that are not UTF-8 into U+FFFD, and the store would keep a name nobody typed.
 */
async function readBody(req: http.IncomingMessage): Promise<string | 'tooLarge' | 'notUtf8'> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return 'tooLarge';
    chunks.push(chunk as Buffer);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(Buffer.concat(chunks));
  } catch {
    return 'notUtf8';
  }
}

/**
 * Where the parsed request holds a lone surrogate (JSON's `\ud800` escape survives
 * JSON.parse; nothing can store it as it is). Keys count too. At most a few paths.
 */
function loneSurrogatePaths(value: unknown, at: string[] = [], out: string[] = []): string[] {
  if (out.length >= 10) return out;
  if (typeof value === 'string') {
    if (hasLoneSurrogate(value)) out.push(at.join('.'));
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => loneSurrogatePaths(v, [...at, String(i)], out));
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (hasLoneSurrogate(k)) out.push([...at, k].join('.'));
      loneSurrogatePaths(v, [...at, k], out);
    }
  }
  return out;
}

async function serveStatic(staticDir: string, urlPath: string, res: http.ServerResponse): Promise<void> {
  let rel: string;
  try {
    rel = decodeURIComponent(urlPath.split('?')[0] ?? '/');
  } catch {
    res.writeHead(400).end();
    return;
  }
  const root = path.resolve(staticDir);
  let file = path.resolve(root, '.' + (rel.endsWith('/') ? rel + 'index.html' : rel));
  if (file !== root && !file.startsWith(root + path.sep)) {
    res.writeHead(403).end();
    return;
  }
  let info = await stat(file).catch(() => null);
  if (!info?.isFile()) {
    // Client-side routes all render the single page.
    file = path.join(root, 'index.html');
    info = await stat(file).catch(() => null);
    if (!info?.isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('界面尚未构建：请运行 npm run build');
      return;
    }
  }
  res.writeHead(200, {
    'content-type': MIME[path.extname(file)] ?? 'application/octet-stream',
    'content-length': info.size,
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': file.endsWith('index.html') ? 'no-store' : 'public, max-age=3600',
  });
  createReadStream(file).pipe(res);
}

/**
 * The loopback transport: the browser mode and the end-to-end tests use it. It binds
 * 127.0.0.1 only, needs the per-launch token on every API call, and refuses requests
 * whose Host is not the loopback address itself (a DNS-rebinding page cannot reach it).
 */
/** A method name from the path: `ns.method` in ASCII letters, or null for anything else (bad escapes included). */
function methodName(raw: string): string | null {
  let name: string;
  try {
    name = decodeURIComponent(raw);
  } catch {
    return null;
  }
  return /^[a-z][A-Za-z]*\.[a-z][A-Za-z]*$/.test(name) ? name : null;
}

export function startHttpServer(options: HttpServerOptions): Promise<RunningHttpServer> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  let port = 0;

  const server = http.createServer((req, res) => {
    void handle(req, res).catch(() => {
      if (!res.headersSent) fail(res, 'INTERNAL', '内部错误');
      else res.end();
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const host = req.headers.host ?? '';
    if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) {
      res.writeHead(421).end();
      return;
    }
    const url = req.url ?? '/';
    if (url.startsWith('/api/')) {
      if (req.method !== 'POST') {
        res.writeHead(405, { allow: 'POST' }).end();
        return;
      }
      const given = req.headers[TOKEN_HEADER];
      if (typeof given !== 'string' || !sameSecret(given, token)) {
        fail(res, 'UNAUTHENTICATED', '缺少或错误的启动令牌');
        return;
      }
      const raw = await readBody(req);
      if (raw === 'tooLarge') {
        fail(res, 'BAD_INPUT', '请求过大');
        return;
      }
      if (raw === 'notUtf8') {
        fail(res, 'BAD_INPUT', '请求不是有效的 UTF-8 文本');
        return;
      }
      let request: unknown;
      try {
        request = raw.length ? JSON.parse(raw) : {};
      } catch {
        fail(res, 'BAD_INPUT', '请求不是有效的 JSON');
        return;
      }
      if (typeof request !== 'object' || request === null || Array.isArray(request)) {
        fail(res, 'BAD_INPUT', '请求格式错误');
        return;
      }
      const broken = loneSurrogatePaths(request);
      if (broken.length) {
        const message = '含有不完整的字符编码（孤立代理项）';
        // Paths as the dispatcher names fields: relative to the method's input.
        fail(res, 'BAD_INPUT', `输入有误：${message}`, broken.map((p) => ({ path: p.replace(/^input\.?/, ''), message })));
        return;
      }
      const method = methodName(url.slice('/api/'.length).split('?')[0] ?? '');
      if (method === null) {
        fail(res, 'BAD_INPUT', '方法名无效');
        return;
      }
      const result = await options.dispatcher.call(method, request as { input?: unknown; session?: string }, 'http');
      sendJson(res, result.ok ? 200 : STATUS[result.error.code], result);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end();
      return;
    }
    if (!options.staticDir) {
      res.writeHead(404).end();
      return;
    }
    await serveStatic(options.staticDir, url, res);
  }

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      port = (server.address() as AddressInfo).port;
      const url = `http://127.0.0.1:${port}/`;
      resolve({
        url,
        openUrl: `${url}#token=${token}`,
        port,
        token,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
