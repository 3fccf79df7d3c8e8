import { z } from 'zod';

/** Every failure that crosses a process boundary has one of these codes, never a stack trace. */
export const ApiErrorCode = z.enum([
  'validation',
  'not_found',
  'conflict',
  'unauthorized',
  'unknown_channel',
  'cancelled',
  'limit',
  'unavailable',
  'internal',
]);
export type ApiErrorCode = z.infer<typeof ApiErrorCode>;

export const ApiErrorShape = z.object({
  code: ApiErrorCode,
  /** A sentence a technician can act on. */
  message: z.string(),
  details: z.unknown().optional(),
});
export type ApiErrorShape = z.infer<typeof ApiErrorShape>;

/** Thrown by services and by the client; serialises to ApiErrorShape. */
export class ApiError extends Error {
  readonly code: ApiErrorCode;
  readonly details: unknown;

  constructor(code: ApiErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.details = details;
  }

  toShape(): ApiErrorShape {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }

  static from(shape: ApiErrorShape): ApiError {
    return new ApiError(shape.code, shape.message, shape.details);
  }
}

export function notFound(entity: string, id: string): ApiError {
  return new ApiError('not_found', `No ${entity} with id “${id}”.`, { entity, id });
}

/** What travels back for every call: a value or a typed error. */
export const WireResult = z.union([
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: ApiErrorShape }),
]);
export type WireResult = z.infer<typeof WireResult>;
