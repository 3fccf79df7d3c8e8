import { describe, expect, it } from 'vitest';
import {
  decideAccess,
  hostnameOf,
  isLoopbackAddress,
  presentedToken,
  tokensEqual,
  type AccessPolicy,
  type AccessRequest,
} from './access';

const TOKEN = 'lan-token-0123456789abcdef';
const lan: AccessPolicy = { lan: true, token: TOKEN, boundHost: '0.0.0.0' };
const local: AccessPolicy = { lan: false, token: null, boundHost: '127.0.0.1' };

function req(over: Partial<AccessRequest> = {}): AccessRequest {
  return {
    remoteAddress: '127.0.0.1',
    hostHeader: '127.0.0.1:4173',
    originHeader: undefined,
    presentedToken: null,
    ...over,
  };
}

describe('access decisions', () => {
  it('recognises loopback addresses, IPv4-mapped ones included', () => {
    for (const a of ['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1']) {
      expect(isLoopbackAddress(a), a).toBe(true);
    }
    for (const a of ['192.168.1.4', '::ffff:10.0.0.2', 'fd00::2', '1127.0.0.1', undefined, '']) {
      expect(isLoopbackAddress(a), String(a)).toBe(false);
    }
  });

  it('parses Host headers and rejects junk', () => {
    expect(hostnameOf('127.0.0.1:4173')).toBe('127.0.0.1');
    expect(hostnameOf('LocalHost')).toBe('localhost');
    expect(hostnameOf('[::1]:80')).toBe('[::1]');
    expect(hostnameOf('evil.example@127.0.0.1')).toBeNull();
    expect(hostnameOf(undefined)).toBeNull();
  });

  it('lets this computer in without a token', () => {
    expect(decideAccess(local, req())).toEqual({ allowed: true, via: 'loopback' });
    expect(decideAccess(lan, req({ hostHeader: 'localhost:4173' }))).toEqual({
      allowed: true,
      via: 'loopback',
    });
  });

  it('refuses a LAN caller without the token or with a wrong one (401)', () => {
    const remote = { remoteAddress: '192.168.1.20', hostHeader: '192.168.1.5:4173' };
    expect(decideAccess(lan, req(remote))).toMatchObject({ allowed: false, status: 401 });
    expect(decideAccess(lan, req({ ...remote, presentedToken: 'nope' }))).toMatchObject({
      allowed: false,
      status: 401,
      reason: 'wrong token',
    });
    expect(decideAccess(lan, req({ ...remote, presentedToken: TOKEN }))).toEqual({
      allowed: true,
      via: 'token',
    });
  });

  it('refuses other machines outright when not in LAN mode', () => {
    expect(decideAccess(local, req({ remoteAddress: '10.0.0.3' }))).toMatchObject({
      allowed: false,
      status: 403,
    });
  });

  it('refuses a rebound Host header even from loopback (DNS rebinding)', () => {
    for (const policy of [local, lan]) {
      expect(decideAccess(policy, req({ hostHeader: 'evil.example:4173' }))).toMatchObject({
        allowed: false,
        status: 403,
      });
      expect(decideAccess(policy, req({ hostHeader: undefined }))).toMatchObject({
        allowed: false,
      });
    }
  });

  it('refuses cross-origin requests whatever else they carry', () => {
    for (const origin of ['http://evil.example', 'null', 'http://127.0.0.1:9999', 'file://']) {
      expect(
        decideAccess(lan, req({ originHeader: origin, presentedToken: TOKEN })),
        origin,
      ).toMatchObject({ allowed: false, status: 403 });
    }
    expect(decideAccess(local, req({ originHeader: 'http://127.0.0.1:4173' }))).toMatchObject({
      allowed: true,
    });
  });

  it('finds the token in the header, the query or the cookie', () => {
    expect(presentedToken('Bearer abc', null, undefined)).toBe('abc');
    expect(presentedToken(undefined, 'q', undefined)).toBe('q');
    expect(presentedToken(undefined, null, 'a=1; plateshift_token=c; b=2')).toBe('c');
    expect(presentedToken('Basic xyz', null, 'other=1')).toBeNull();
    expect(tokensEqual('a', 'a')).toBe(true);
    expect(tokensEqual('a', 'ab')).toBe(false);
  });
});
