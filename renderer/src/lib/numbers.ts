/** Parse what a technician types into a number field: "0,4" and " 250 " both count. */
export function parseDecimal(text: string): number | null {
  const t = text.trim().replace(',', '.');
  if (t === '' || !/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(t)) return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}

/** A number for an input's value: trims float noise (0.30000000000000004 → "0.3"). */
export function formatDecimal(n: number | null | undefined, maxDigits = 3): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '';
  return String(Number(n.toFixed(maxDigits)));
}

export type FieldErrors<F extends string = string> = Partial<Record<F, string>>;

export type FormResult<T, F extends string = string> =
  { ok: true; value: T } | { ok: false; errors: FieldErrors<F> };

/** Read a required number in [min, max]; writes a message into `errors` when it is not. */
export function readNumber<F extends string>(
  errors: FieldErrors<F>,
  field: F,
  text: string,
  opts: { min?: number; max?: number; integer?: boolean; label: string; exclusiveMin?: boolean },
): number {
  const n = parseDecimal(text);
  if (n === null) {
    errors[field] = `${opts.label} must be a number.`;
    return 0;
  }
  if (opts.integer && !Number.isInteger(n)) errors[field] = `${opts.label} must be a whole number.`;
  else if (opts.min !== undefined && (opts.exclusiveMin ? n <= opts.min : n < opts.min))
    errors[field] =
      `${opts.label} must be ${opts.exclusiveMin ? 'more than' : 'at least'} ${opts.min}.`;
  else if (opts.max !== undefined && n > opts.max)
    errors[field] = `${opts.label} must be at most ${opts.max}.`;
  return n;
}
