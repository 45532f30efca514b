// The local-server guards (Jupyter's pattern): a per-launch token, the Host and Origin checks that
// stop DNS rebinding and other sites' pages, and the security headers of every response.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** A fresh per-launch token: 32 random bytes, base64url (43 characters). */
export function createToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Compares a presented token with the expected one in constant time (digests make lengths equal). */
export function tokenMatches(presented: string | undefined, expected: string): boolean {
  if (presented === undefined || presented === '') return false;
  const a = createHash('sha256').update(presented).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/**
 * The token of a request: `Authorization: Bearer <token>`, or the `token` query parameter (the
 * only way for EventSource, which cannot set headers). No cookie is used.
 */
export function presentedToken(req: IncomingMessage, url: URL): string | undefined {
  const auth = req.headers.authorization;
  if (auth !== undefined) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    return m ? m[1] : undefined;
  }
  return url.searchParams.get('token') ?? undefined;
}

/** Host names the server may be reached by: loopback only. */
export const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '::1'] as const;

export const isLoopbackHost = (host: string): boolean => (LOOPBACK_HOSTS as readonly string[]).includes(host);

/** The `Host` header values this server answers to, for its port. */
export function allowedHostHeaders(port: number): Set<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);
}

/**
 * DNS rebinding: a page of evil.example whose name now resolves to 127.0.0.1 sends `Host:
 * evil.example:PORT`; only loopback names with our port pass.
 */
export function hostAllowed(req: IncomingMessage, port: number): boolean {
  const host = req.headers.host?.toLowerCase();
  return host !== undefined && allowedHostHeaders(port).has(host);
}

/** A page of another site (or a sandboxed/opaque one, "null") must not call the API. */
export function originAllowed(req: IncomingMessage, port: number): boolean {
  const origin = req.headers.origin;
  if (origin !== undefined) {
    let parsed: URL;
    try {
      parsed = new URL(origin);
    } catch {
      return false;
    }
    if (parsed.protocol !== 'http:' || parsed.origin !== origin.toLowerCase().replace(/\/$/, '')) return false;
    if (!allowedHostHeaders(port).has(parsed.host)) return false;
  }
  // Browsers that send Fetch Metadata say outright when a request comes from another site.
  return req.headers['sec-fetch-site'] !== 'cross-site';
}

/**
 * The renderer's Content-Security-Policy: scripts, styles and connections from the service only
 * (no inline scripts, no eval); images also from https: (product images in channel previews).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' https: data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Headers on every response. No Access-Control-* header is ever sent: there is no CORS. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  // The token travels in the first URL: never send it on as a Referer (e.g. to image hosts).
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), usb=(), serial=(), bluetooth=()',
};
