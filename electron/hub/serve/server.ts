import { existsSync } from 'node:fs';
import path from 'node:path';
import { startHttpServer } from '../../transports/http';
import { createHubCore } from './core';

/** The built renderer: beside the bundle (dist-electron → dist/renderer), or the source tree's build. */
function rendererDir(): string | null {
  const candidates = [path.join(__dirname, '..', 'dist', 'renderer'), path.resolve(__dirname, '..', '..', '..', 'dist', 'renderer')];
  return candidates.find((d) => existsSync(path.join(d, 'index.html'))) ?? null;
}

export interface RunningHub {
  hubName: string;
  url: string;
  openUrl: string;
  close(): Promise<void>;
}

/**
 * `hub serve`: the same renderer and the same loopback HTTP transport as a station's browser
 * mode, over the hub's dispatcher. Loopback only, with a per-launch token, as the station's:
 * from another machine it is reached through an SSH tunnel (README). Serving the district's
 * network directly needs TLS and a sign-in without the launch token: not built yet.
 */
export async function serveHub(options: { pgUrl: string; port?: number }): Promise<RunningHub> {
  const core = await createHubCore({ pgUrl: options.pgUrl });
  try {
    const server = await startHttpServer({ dispatcher: core.dispatcher, staticDir: rendererDir(), port: options.port ?? 0 });
    return {
      hubName: core.hubName,
      url: server.url,
      openUrl: server.openUrl,
      async close() {
        await server.close();
        await core.close();
      },
    };
  } catch (err) {
    await core.close();
    throw err;
  }
}
