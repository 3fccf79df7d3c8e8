import { IntakeError, type CancelSignal, formatBytes } from './errors';
import { type IntakeLimits, resolveLimits } from './limits';
import { type ParsedModel } from './mesh';
import { parseObj } from './obj';
import { detectFormat } from './sniff';
import { parseStl } from './stl';
import { parse3mf } from './threemf';

export interface ParseOptions {
  limits?: Partial<IntakeLimits>;
  signal?: CancelSignal;
}

/**
 * Reads an STL (binary or ASCII), 3MF or OBJ file into a triangle soup in millimetres.
 * The format comes from the name and is confirmed by the content (magic bytes).
 * Throws IntakeError with a stable code for every kind of bad input.
 */
export function parseModelFile(
  bytes: Uint8Array,
  fileName: string,
  options: ParseOptions = {},
): ParsedModel {
  const limits = resolveLimits(options.limits);
  if (bytes.byteLength === 0) {
    throw new IntakeError(
      'empty-file',
      `“${fileName}” is empty (0 bytes). The copy or upload failed.`,
    );
  }
  if (bytes.byteLength > limits.maxFileBytes) {
    throw new IntakeError(
      'file-too-large',
      `“${fileName}” is ${formatBytes(bytes.byteLength)}, more than the ${formatBytes(limits.maxFileBytes)} accepted. ` +
        'Decimate the model or raise the limit in the site settings.',
      { size: bytes.byteLength, limit: limits.maxFileBytes },
    );
  }
  const format = detectFormat(bytes, fileName);
  switch (format) {
    case 'stl':
      return parseStl(bytes, limits, options.signal);
    case 'obj':
      return parseObj(bytes, limits, options.signal);
    case '3mf':
      return parse3mf(bytes, limits, options.signal);
  }
}
