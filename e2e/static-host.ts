import { createServer, type OutgoingHttpHeaders, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.wasm': 'application/wasm',
  '.jpg': 'image/jpeg', '.png': 'image/png', '.bin': 'application/octet-stream', '.md': 'text/markdown',
};

/** Cross-origin isolation with the embedder policy every engine honours (Safari isolates only with require-corp). */
export const ISOLATED_HEADERS: OutgoingHttpHeaders = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

export interface StaticHost {
  origin: string;
  close(): Promise<void>;
}

/** What a host can get wrong: a file it failed to publish, or one it serves changed. */
export interface HostFaults {
  /** Paths answered with a 404. */
  missing?: RegExp;
  /** The body served for a path, from the file's. */
  rewrite?: (path: string, body: Buffer) => Buffer;
}

/**
 * The built app (dist/) as a plain static host serves it: the given headers on every file, nothing
 * else (no Content-Security-Policy header, as on hosts that cannot send one), with the faults given.
 */
export async function serveDist(port: number, headers: OutgoingHttpHeaders = {}, { missing, rewrite }: HostFaults = {}): Promise<StaticHost> {
  const server: Server = createServer(async (request, response) => {
    const path = decodeURIComponent(new URL(request.url!, 'http://host').pathname);
    const file = normalize(join('dist', path.endsWith('/') ? `${path}index.html` : path));
    try {
      if (!file.startsWith('dist') || missing?.test(path)) throw new Error('not served');
      const contents = await readFile(file);
      const body = rewrite ? rewrite(path, contents) : contents;
      response.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', ...headers });
      response.end(body);
    } catch {
      response.writeHead(404, headers);
      response.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { origin: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
