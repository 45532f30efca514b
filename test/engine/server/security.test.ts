// The local-server guards: token, Host (DNS rebinding), Origin, body sizes, no CORS, security headers.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createToken, CONTENT_SECURITY_POLICY, tokenMatches } from '../../../engine/server/security.ts';
import { raw, sampleWorkspace, serve, type Served } from './server-fixture.ts';

let templateDir: string;
let template: string;
let s: Served;

beforeAll(async () => {
  templateDir = mkdtempSync(join(tmpdir(), 'workbench-server-template-'));
  template = await sampleWorkspace(templateDir);
});
afterAll(() => rmSync(templateDir, { recursive: true, force: true }));
afterEach(async () => s?.close());

const infoBody = '{}';
const jsonHeaders = (extra: Record<string, string> = {}) => ({ 'content-type': 'application/json', ...extra });

describe('the token', () => {
  it('is 32 random bytes, base64url, different per launch', () => {
    const a = createToken();
    const b = createToken();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b);
  });

  it('is compared whole (any length, no prefix matches)', () => {
    const t = createToken();
    expect(tokenMatches(t, t)).toBe(true);
    expect(tokenMatches(t.slice(0, -1), t)).toBe(false);
    expect(tokenMatches(t + 'x', t)).toBe(false);
    expect(tokenMatches('', t)).toBe(false);
    expect(tokenMatches(undefined, t)).toBe(false);
  });

  it('is required on every API endpoint: missing or wrong → 401 with a message naming the token', async () => {
    s = await serve(template);
    const { origin, token } = s.server;
    for (const [method, path] of [
      ['POST', '/api/op/workspace.info'],
      ['GET', '/api/ops'],
      ['GET', '/api/events'],
      ['POST', '/api/upload?kind=profiles&name=a.csv'],
    ] as const) {
      const none = await fetch(origin + path, {
        method,
        headers: jsonHeaders(),
        ...(method === 'POST' ? { body: infoBody } : {}),
      });
      expect(none.status, `${method} ${path} without token`).toBe(401);
      expect(none.headers.get('www-authenticate')).toBe('Bearer');
      const body = (await none.json()) as { ok: boolean; error: { code: string; message: string } };
      expect(body).toMatchObject({ ok: false, error: { code: 'InvalidRequest' } });
      expect(body.error.message).toMatch(/token/);
      const wrongSameLength = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
      const wrong = await fetch(origin + path, {
        method,
        headers: jsonHeaders({ authorization: `Bearer ${wrongSameLength}` }),
        ...(method === 'POST' ? { body: infoBody } : {}),
      });
      expect(wrong.status, `${method} ${path} with a wrong token`).toBe(401);
      await wrong.body?.cancel();
    }
  });

  it('is accepted as a Bearer header or as the token query parameter (for EventSource), not as a cookie', async () => {
    s = await serve(template);
    const { origin, token } = s.server;
    const header = await fetch(`${origin}/api/op/workspace.info`, {
      method: 'POST',
      headers: jsonHeaders({ authorization: `bearer ${token}` }),
      body: infoBody,
    });
    expect(header.status).toBe(200);
    expect(((await header.json()) as { ok: boolean }).ok).toBe(true);
    const query = await fetch(`${origin}/api/ops?token=${token}`);
    expect(query.status).toBe(200);
    await query.body?.cancel();
    const cookie = await fetch(`${origin}/api/ops`, { headers: { cookie: `token=${token}` } });
    expect(cookie.status).toBe(401);
    await cookie.body?.cancel();
    // A malformed Authorization header does not fall back to the query.
    const malformed = await fetch(`${origin}/api/ops?token=${token}`, { headers: { authorization: 'Basic abc' } });
    expect(malformed.status).toBe(401);
    await malformed.body?.cancel();
  });

  it('is not needed for the page and its assets (they hold no data)', async () => {
    s = await serve(template);
    const page = await fetch(`${s.server.origin}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');
  });
});

describe('the Host header (DNS rebinding)', () => {
  it('must name a loopback host with this port; anything else is refused with 403 before the token is checked', async () => {
    s = await serve(template);
    const { port, token } = s.server;
    const call = (host: string) =>
      raw(port, {
        method: 'POST',
        path: '/api/op/workspace.info',
        headers: { host, authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: infoBody,
      });
    for (const host of [
      'evil.example',
      `evil.example:${port}`,
      `127.0.0.1:${port + 1}`,
      '127.0.0.1',
      `127.0.0.1.nip.io:${port}`,
      `[::2]:${port}`,
    ]) {
      const r = await call(host);
      expect(r.status, host).toBe(403);
      expect(r.body).toMatch(/Host/);
    }
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `LOCALHOST:${port}`])
      expect((await call(host)).status, host).toBe(200);
    // The page too: a rebinding page must not even get the app.
    expect((await raw(port, { path: '/', headers: { host: `evil.example:${port}` } })).status).toBe(403);
  });
});

describe('the Origin header', () => {
  it("refuses a page of another site (403), accepts the server's own origin and no origin", async () => {
    s = await serve(template);
    const { origin, port, token } = s.server;
    const call = (headers: Record<string, string>) =>
      fetch(`${origin}/api/op/workspace.info`, {
        method: 'POST',
        headers: jsonHeaders({ authorization: `Bearer ${token}`, ...headers }),
        body: infoBody,
      });
    for (const o of [
      'https://evil.example',
      'http://evil.example',
      'null',
      `http://localhost:${port + 1}`,
      `https://127.0.0.1:${port}`,
      `http://127.0.0.1:${port}/path`,
    ]) {
      const r = await call({ origin: o });
      expect(r.status, o).toBe(403);
      expect(r.headers.get('access-control-allow-origin')).toBeNull();
      await r.body?.cancel();
    }
    for (const o of [origin, `http://localhost:${port}`]) {
      const r = await call({ origin: o });
      expect(r.status, o).toBe(200);
      await r.body?.cancel();
    }
    const none = await call({});
    expect(none.status).toBe(200);
    await none.body?.cancel();
  });

  it('refuses requests a browser marks as cross-site (Sec-Fetch-Site)', async () => {
    s = await serve(template);
    const r = await raw(s.server.port, {
      method: 'POST',
      path: '/api/op/workspace.info',
      headers: {
        authorization: `Bearer ${s.server.token}`,
        'content-type': 'application/json',
        'sec-fetch-site': 'cross-site',
      },
      body: infoBody,
    });
    expect(r.status).toBe(403);
  });

  it('answers no CORS preflight and never sends Access-Control-* headers', async () => {
    s = await serve(template);
    const pre = await raw(s.server.port, {
      method: 'OPTIONS',
      path: '/api/op/workspace.info',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(pre.status).toBeGreaterThanOrEqual(400);
    const ok = await s.op('workspace.info', {});
    for (const r of [pre.headers, Object.fromEntries(ok.headers)])
      expect(Object.keys(r).filter((k) => k.startsWith('access-control-'))).toEqual([]);
    await ok.body?.cancel();
  });

  it('only takes JSON for operation calls (a cross-site form post cannot be one): 415', async () => {
    s = await serve(template);
    const r = await s.authed('/api/op/workspace.info', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: '{}',
    });
    expect(r.status).toBe(415);
    await r.body?.cancel();
  });
});

describe('request size limits', () => {
  it('refuses an operation body over the limit with 413, whether declared or streamed', async () => {
    s = await serve(template, { maxBodyBytes: 1024 });
    const big = JSON.stringify({ config: 'x'.repeat(4000) });
    const declared = await raw(s.server.port, {
      method: 'POST',
      path: '/api/op/config.validate',
      headers: {
        authorization: `Bearer ${s.server.token}`,
        'content-type': 'application/json',
        'content-length': String(big.length),
      },
      body: big,
    });
    expect(declared.status).toBe(413);
    expect(JSON.parse(declared.body)).toMatchObject({ ok: false, error: { code: 'InvalidInput' } });
    const streamed = await raw(s.server.port, {
      method: 'POST',
      path: '/api/op/config.validate',
      headers: { authorization: `Bearer ${s.server.token}`, 'content-type': 'application/json' },
      chunks: [big.slice(0, 2000), big.slice(2000)],
    });
    expect(streamed.status).toBe(413);
    const small = await s.op('config.validate', { config: {} });
    expect(small.status).toBe(200);
    await small.body?.cancel();
  });

  it('refuses an upload over the limit with 413, leaves no temp file and imports nothing', async () => {
    s = await serve(template, { maxUploadBytes: 2048 });
    const before = await (await s.op('workspace.info', {})).json();
    const rows = ['id,firstName'];
    for (let i = 0; i < 400; i++) rows.push(`new_${i},Name${i}`);
    const r = await raw(s.server.port, {
      method: 'POST',
      path: '/api/upload?kind=profiles&name=people.csv',
      headers: { authorization: `Bearer ${s.server.token}`, 'content-type': 'application/octet-stream' },
      chunks: [rows.join('\n')],
    });
    expect(r.status).toBe(413);
    expect(r.body).toMatch(/people\.csv/);
    const after = await (await s.op('workspace.info', {})).json();
    expect(after).toEqual(before);
    expect(readdirSync(s.server.uploadDir)).toEqual([]);
  });
});

describe('security headers', () => {
  it('sends a strict Content-Security-Policy and the other headers on the page, assets and API answers', async () => {
    s = await serve(template);
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toMatch(/script-src 'self'(;|$)/);
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-inline');
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval');
    expect(CONTENT_SECURITY_POLICY).toContain("img-src 'self' https:");
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
    for (const r of [
      await fetch(`${s.server.origin}/`),
      await fetch(`${s.server.origin}/assets/app-1234.js`),
      await s.op('workspace.info', {}),
      await fetch(`${s.server.origin}/api/ops`),
    ]) {
      expect(r.headers.get('content-security-policy'), r.url).toBe(CONTENT_SECURITY_POLICY);
      expect(r.headers.get('x-content-type-options')).toBe('nosniff');
      expect(r.headers.get('x-frame-options')).toBe('DENY');
      expect(r.headers.get('referrer-policy')).toBe('no-referrer');
      expect(r.headers.get('cross-origin-opener-policy')).toBe('same-origin');
      await r.body?.cancel();
    }
  });
});

describe('loopback only', () => {
  it('refuses to listen on a non-loopback address', async () => {
    const { startServer } = await import('../../../engine/server/server.ts');
    s = await serve(template);
    await expect(startServer({ service: s.service, host: '0.0.0.0' })).rejects.toThrow(/loopback/);
    expect(s.server.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${s.server.port}/\\?token=[A-Za-z0-9_-]{43}$`));
  });
});
