import { createServer, type OutgoingHttpHeaders, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.wasm': 'application/wasm',
  '.jpg': 'image/jpeg', '.png': 'image/png', '.bin': 'application/octet-stream', '.md': 'text/markdown',
};

export interface StaticHost {
  origin: string;
  close(): Promise<void>;
}

/**
 * The built app (dist/) as a plain static host serves it: the given headers on every file, nothing
 * else (no Content-Security-Policy header, as on hosts that cannot send one), and a 404 for paths
 * matching `missing` (a file the host failed to publish).
 */
export async function serveDist(port: number, headers: OutgoingHttpHeaders = {}, missing?: RegExp): Promise<StaticHost> {
  const server: Server = createServer(async (request, response) => {
    const path = decodeURIComponent(new URL(request.url!, 'http://host').pathname);
    const file = normalize(join('dist', path.endsWith('/') ? `${path}index.html` : path));
    try {
      if (!file.startsWith('dist') || missing?.test(path)) throw new Error('not served');
      const body = await readFile(file);
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
