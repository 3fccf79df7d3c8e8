import { z } from 'zod';

/** One request/response pair crossing a process boundary. */
export interface ChannelDef<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I;
  output: O;
  /** Shown in docs and in the CLI's help. */
  summary: string;
}

export function channel<I extends z.ZodType, O extends z.ZodType>(
  input: I,
  output: O,
  summary: string,
): ChannelDef<I, O> {
  return { input, output, summary };
}

export const Empty = z.object({}).strict();
export const ById = z.object({ id: z.string().min(1).max(128) }).strict();
export const Deleted = z.object({ id: z.string(), deleted: z.literal(true) });
