import { describe, expect, it } from 'vitest';
import {
  isoDateInZone,
  isoToLocalInput,
  isValidTimeZone,
  localInputToIso,
  safeTimeZone,
  wallClock,
} from './zoned-time';

describe('datetime-local ↔ ISO in the site zone', () => {
  it('converts Berlin winter and summer wall-clock time to UTC', () => {
    expect(localInputToIso('2025-01-15T09:30', 'Europe/Berlin')).toBe('2025-01-15T08:30:00.000Z');
    expect(localInputToIso('2025-07-15T09:30', 'Europe/Berlin')).toBe('2025-07-15T07:30:00.000Z');
    expect(localInputToIso('2025-07-15T09:30', 'UTC')).toBe('2025-07-15T09:30:00.000Z');
    expect(localInputToIso('2025-07-15T09:30', 'America/New_York')).toBe(
      '2025-07-15T13:30:00.000Z',
    );
  });

  it('round-trips every half hour across both 2025 DST changes in Berlin', () => {
    for (const day of ['2025-03-30', '2025-10-26']) {
      const start = Date.parse(`${day}T00:00:00Z`) - 3 * 3600_000;
      for (let t = start; t < start + 30 * 3600_000; t += 1800_000) {
        const iso = new Date(t).toISOString();
        const local = isoToLocalInput(iso, 'Europe/Berlin');
        const back = localInputToIso(local, 'Europe/Berlin');
        // The repeated autumn hour maps to one of its two instants: same wall clock either way.
        expect(isoToLocalInput(back ?? '', 'Europe/Berlin')).toBe(local);
      }
    }
  });

  it('moves a time skipped by spring-forward past the gap', () => {
    // 02:30 does not exist in Berlin on 2025-03-30; it lands at 03:30 CEST.
    const iso = localInputToIso('2025-03-30T02:30', 'Europe/Berlin');
    expect(iso).toBe('2025-03-30T01:30:00.000Z');
    expect(isoToLocalInput(iso, 'Europe/Berlin')).toBe('2025-03-30T03:30');
  });

  it('shows ISO instants as the zone’s wall clock', () => {
    expect(isoToLocalInput('2025-12-31T23:30:00Z', 'Europe/Berlin')).toBe('2026-01-01T00:30');
    expect(isoToLocalInput('2025-06-01T12:00:00+02:00', 'UTC')).toBe('2025-06-01T10:00');
    expect(isoToLocalInput(null, 'UTC')).toBe('');
    expect(isoToLocalInput('garbage', 'UTC')).toBe('');
  });

  it('rejects malformed input and tolerates seconds', () => {
    expect(localInputToIso('', 'UTC')).toBeNull();
    expect(localInputToIso('2025-01-15', 'UTC')).toBeNull();
    expect(localInputToIso('2025-01-15T09:30:15', 'UTC')).toBe('2025-01-15T09:30:15.000Z');
  });

  it('falls back to UTC for an unknown zone rather than failing', () => {
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
    expect(safeTimeZone('Mars/Olympus')).toBe('UTC');
    expect(localInputToIso('2025-01-15T09:30', 'Mars/Olympus')).toBe('2025-01-15T09:30:00.000Z');
  });
});

describe('wall clock helpers', () => {
  it('gives the zone’s date and ISO weekday', () => {
    const t = Date.parse('2025-11-23T23:30:00Z'); // Sunday in UTC, Monday in Berlin
    expect(isoDateInZone(t, 'UTC')).toBe('2025-11-23');
    expect(isoDateInZone(t, 'Europe/Berlin')).toBe('2025-11-24');
    expect(wallClock(t, 'UTC').weekday).toBe(7);
    expect(wallClock(t, 'Europe/Berlin').weekday).toBe(1);
  });
});

describe('impossible wall-clock values', () => {
  it('are rejected rather than rolled over', () => {
    expect(localInputToIso('2025-13-45T99:99', 'UTC')).toBeNull();
    expect(localInputToIso('2025-02-29T10:00', 'UTC')).toBeNull();
    expect(localInputToIso('2024-02-29T10:00', 'UTC')).toBe('2024-02-29T10:00:00.000Z');
    expect(localInputToIso('2025-01-01T24:00', 'UTC')).toBeNull();
  });
});
