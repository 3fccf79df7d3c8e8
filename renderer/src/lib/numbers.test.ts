import { describe, expect, it } from 'vitest';
import { formatDecimal, parseDecimal, readNumber, type FieldErrors } from './numbers';

describe('number fields', () => {
  it('parse dots, commas and spaces; reject junk', () => {
    expect(parseDecimal(' 250 ')).toBe(250);
    expect(parseDecimal('0,4')).toBe(0.4);
    expect(parseDecimal('.2')).toBe(0.2);
    expect(parseDecimal('1e3')).toBe(1000);
    expect(parseDecimal('')).toBeNull();
    expect(parseDecimal('12mm')).toBeNull();
    expect(parseDecimal('1.2.3')).toBeNull();
  });

  it('format without float noise', () => {
    expect(formatDecimal(0.1 + 0.2)).toBe('0.3');
    expect(formatDecimal(250)).toBe('250');
    expect(formatDecimal(null)).toBe('');
  });

  it('record range errors per field', () => {
    const errors: FieldErrors = {};
    readNumber(errors, 'a', '0', { label: 'Width', min: 0, exclusiveMin: true });
    readNumber(errors, 'b', '2.5', { label: 'Count', integer: true });
    readNumber(errors, 'c', '11', { label: 'Priority', max: 10 });
    readNumber(errors, 'd', '5', { label: 'Fine', min: 0, max: 10 });
    expect(errors).toEqual({
      a: 'Width must be more than 0.',
      b: 'Count must be a whole number.',
      c: 'Priority must be at most 10.',
    });
  });
});
