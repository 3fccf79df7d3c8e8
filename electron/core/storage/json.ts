import type { z } from 'zod';

/** Reads a JSON column back through its schema, so a bad row fails loudly and precisely. */
export function parseJsonColumn<T extends z.ZodType>(
  schema: T,
  text: string,
  where: string,
): z.output<T> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new Error(`corrupt JSON in ${where}`);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new Error(`unexpected value in ${where}: ${parsed.error.message}`);
  return parsed.data;
}
