// Serves the built renderer: files under one folder, index.html for app routes, nothing else.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** The file under `dir` a URL path names, or undefined when it would leave the folder or name a dotfile. */
export function staticPath(dir: string, pathname: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const rel = normalize(decoded).replace(/^([/\\])+/, '');
  if (rel.split(/[/\\]/).some((part) => part === '..' || part.startsWith('.'))) return undefined;
  const full = join(dir, rel);
  return full === dir || full.startsWith(dir.endsWith(sep) ? dir : dir + sep) ? full : undefined;
}

/**
 * Answers GET/HEAD for the renderer. Paths without an extension are app routes and get index.html;
 * a missing file with an extension is a 404. Returns false when the renderer is not built.
 */
export async function serveStatic(
  dir: string,
  req: IncomingMessage,
  res: ServerResponse,
  pathname: string,
): Promise<boolean> {
  const index = join(dir, 'index.html');
  if (!(await stat(index).catch(() => undefined))?.isFile()) return false;
  const wanted = pathname === '/' ? '/index.html' : pathname;
  let file = staticPath(dir, wanted);
  let info = file ? await stat(file).catch(() => undefined) : undefined;
  if ((!info || !info.isFile()) && extname(wanted) === '') {
    file = index;
    info = await stat(file).catch(() => undefined);
  }
  if (!file || !info || !info.isFile()) {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('not found\n');
    return true;
  }
  const isIndex = file.endsWith(`${sep}index.html`);
  res.writeHead(200, {
    'content-type': CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
    'content-length': String(info.size),
    // Hashed asset names never change content; the page itself must always be fetched again.
    'cache-control':
      isIndex || !file.includes(`${sep}assets${sep}`) ? 'no-cache' : 'public, max-age=31536000, immutable',
  });
  if (req.method === 'HEAD') {
    res.end();
    return true;
  }
  await new Promise<void>((resolve) => {
    const s = createReadStream(file);
    s.on('error', () => {
      res.destroy();
      resolve();
    });
    s.on('end', resolve);
    s.pipe(res);
  });
  return true;
}
