/**
 * Every way a file can fail intake. Codes are stable (stored, tested, shown in logs);
 * messages are written for the technician at the queue, not for a developer.
 */
export const INTAKE_ERROR_CODES = [
  'not-found',
  'unreadable',
  'empty-file',
  'file-too-large',
  'unsupported-format',
  'wrong-content',
  'stl-truncated',
  'stl-count-mismatch',
  'stl-ascii-syntax',
  'no-triangles',
  'too-many-triangles',
  'non-finite-coordinates',
  'obj-syntax',
  'zip-corrupt',
  'zip-too-many-entries',
  'zip-bomb',
  'zip-path-escape',
  'zip-unsupported',
  '3mf-xml',
  '3mf-structure',
  'cancelled',
  'internal',
] as const;
export type IntakeErrorCode = (typeof INTAKE_ERROR_CODES)[number];

/** Plain data form of an IntakeError: what crosses worker and process boundaries. */
export interface IntakeErrorShape {
  code: IntakeErrorCode;
  message: string;
  details?: Record<string, string | number | boolean>;
}

export class IntakeError extends Error {
  readonly code: IntakeErrorCode;
  readonly details: Record<string, string | number | boolean> | undefined;

  constructor(
    code: IntakeErrorCode,
    message: string,
    details?: Record<string, string | number | boolean>,
  ) {
    super(message);
    this.name = 'IntakeError';
    this.code = code;
    this.details = details;
  }

  toShape(): IntakeErrorShape {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }

  static from(shape: IntakeErrorShape): IntakeError {
    return new IntakeError(shape.code, shape.message, shape.details);
  }
}

export function isIntakeError(err: unknown): err is IntakeError {
  return err instanceof IntakeError;
}

/** Anything with an `aborted` flag: an AbortSignal, or a view on a shared cancel flag. */
export interface CancelSignal {
  readonly aborted: boolean;
}

export function throwIfCancelled(signal: CancelSignal | undefined): void {
  if (signal?.aborted) throw new IntakeError('cancelled', 'Analysis was cancelled.');
}

/** Progress is a fraction in [0, 1]; the stage names the step for a status line. */
export type ProgressCallback = (fraction: number, stage: string) => void;

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MB`;
}
