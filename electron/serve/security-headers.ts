/**
 * Headers both hosts put on every page they serve. The renderer makes no network calls of its
 * own: everything goes through the contract, so 'self' (plus the event socket in browser mode)
 * is all it may reach.
 */
export function contentSecurityPolicy(options: { websocket: boolean }): string {
  return [
    "default-src 'self'",
    options.websocket ? "connect-src 'self' ws:" : "connect-src 'self'",
    "img-src 'self' data: blob:",
    // React and three inject inline style attributes; scripts stay 'self' only.
    "style-src 'self' 'unsafe-inline'",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export function securityHeaders(options: { websocket: boolean }): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(options),
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), usb=(), serial=(), payment=()',
  };
}
