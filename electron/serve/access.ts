import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Who may talk to the browser-mode host. Loopback callers are the user's own machine; anyone
 * else needs the token (LAN mode only). The Host and Origin checks stop a web page the user
 * happens to visit from reaching the studio through DNS rebinding or a cross-site request.
 */
export interface AccessPolicy {
  lan: boolean;
  /** Required from non-loopback callers; null when the host accepts loopback only. */
  token: string | null;
  /** The address the server is bound to (accepted in the Host header besides localhost). */
  boundHost: string;
}

export interface AccessRequest {
  remoteAddress: string | undefined;
  hostHeader: string | undefined;
  originHeader: string | undefined;
  /** Token found in `Authorization: Bearer`, `?token=` or the session cookie. */
  presentedToken: string | null;
}

export type AccessDecision =
  | { allowed: true; via: 'loopback' | 'token' }
  | { allowed: false; status: 401 | 403; reason: string };

export const TOKEN_COOKIE = 'plateshift_token';

export function generateToken(): string {
  return randomBytes(24).toString('base64url');
}

/** Constant-time comparison; hashing first makes the lengths equal. */
export function tokensEqual(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}

export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const a = address.toLowerCase().replace(/^::ffff:/, '');
  return a === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(a);
}

/** The hostname of a Host header ("127.0.0.1:4173", "[::1]:80"), lower-cased; null if unparsable. */
export function hostnameOf(hostHeader: string | undefined): string | null {
  if (!hostHeader || /[\s/\\@?#]/.test(hostHeader)) return null;
  try {
    return new URL(`http://${hostHeader}`).hostname.toLowerCase();
  } catch {
    return null;
  }
}

export function isLoopbackHostname(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || isLoopbackAddress(hostname);
}

function hostAllowedForLoopback(hostname: string | null, boundHost: string): boolean {
  if (hostname === null) return false;
  if (isLoopbackHostname(hostname)) return true;
  const bound = boundHost.toLowerCase();
  const wildcard = bound === '0.0.0.0' || bound === '::' || bound === '';
  return !wildcard && (hostname === bound || hostname === `[${bound}]`);
}

/** Browsers send Origin on cross-origin requests; ours must name the very host being asked. */
function originMatchesHost(origin: string | undefined, hostHeader: string | undefined): boolean {
  if (origin === undefined) return true;
  if (!hostHeader) return false;
  try {
    const u = new URL(origin);
    return (
      (u.protocol === 'http:' || u.protocol === 'https:') && u.host === hostHeader.toLowerCase()
    );
  } catch {
    // "null" (sandboxed frames, file://) and garbage are never our own page.
    return false;
  }
}

export function decideAccess(policy: AccessPolicy, req: AccessRequest): AccessDecision {
  if (!originMatchesHost(req.originHeader, req.hostHeader)) {
    return { allowed: false, status: 403, reason: 'cross-origin request refused' };
  }
  if (policy.token !== null && req.presentedToken !== null) {
    if (tokensEqual(req.presentedToken, policy.token)) return { allowed: true, via: 'token' };
  }
  if (isLoopbackAddress(req.remoteAddress)) {
    if (hostAllowedForLoopback(hostnameOf(req.hostHeader), policy.boundHost)) {
      return { allowed: true, via: 'loopback' };
    }
    return { allowed: false, status: 403, reason: 'Host header not allowed' };
  }
  if (!policy.lan) {
    return { allowed: false, status: 403, reason: 'only this computer may connect' };
  }
  return {
    allowed: false,
    status: 401,
    reason: req.presentedToken === null ? 'token required' : 'wrong token',
  };
}

/** The token a request presents, from the header, the query string or our cookie. */
export function presentedToken(
  authorization: string | undefined,
  queryToken: string | null,
  cookieHeader: string | undefined,
): string | null {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (bearer?.[1]) return bearer[1];
  if (queryToken) return queryToken;
  for (const part of (cookieHeader ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === TOKEN_COOKIE) {
      const value = part.slice(eq + 1).trim();
      if (value) return value;
    }
  }
  return null;
}
