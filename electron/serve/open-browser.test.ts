import { describe, expect, it } from 'vitest';
import { chromiumAppArgs, hasDisplay } from './open-browser';

describe('Chromium app window', () => {
  it('opens in app mode with its own profile and quiet flags', () => {
    const args = chromiumAppArgs('http://127.0.0.1:4173/', '/tmp/profile', false);
    expect(args).toContain('--app=http://127.0.0.1:4173/');
    expect(args).toContain('--user-data-dir=/tmp/profile');
    for (const flag of [
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ]) {
      expect(args).toContain(flag);
    }
    expect(args).not.toContain('--no-sandbox');
  });

  it('drops the sandbox only when running as root', () => {
    expect(chromiumAppArgs('http://x/', '/p', true)).toContain('--no-sandbox');
  });

  it('needs X11 or Wayland on Linux only', () => {
    expect(hasDisplay({}, 'linux')).toBe(false);
    expect(hasDisplay({ DISPLAY: ':0' }, 'linux')).toBe(true);
    expect(hasDisplay({ WAYLAND_DISPLAY: 'wayland-0' }, 'linux')).toBe(true);
    expect(hasDisplay({}, 'darwin')).toBe(true);
  });
});
