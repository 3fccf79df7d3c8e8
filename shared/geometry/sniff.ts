import { type ModelFormat } from '../domain/model';
import { IntakeError } from './errors';

/** What a file really is, from its first bytes — names lie (a PNG renamed .stl). */
export type SniffedKind =
  'zip' | 'png' | 'jpeg' | 'gif' | 'pdf' | 'gzip' | 'step' | 'gcode' | 'unknown';

export function sniff(bytes: Uint8Array): SniffedKind {
  const b = (i: number): number => bytes[i] ?? -1;
  if (b(0) === 0x50 && b(1) === 0x4b && (b(2) === 3 || b(2) === 5) && (b(3) === 4 || b(3) === 6))
    return 'zip';
  if (b(0) === 0x89 && b(1) === 0x50 && b(2) === 0x4e && b(3) === 0x47) return 'png';
  if (b(0) === 0xff && b(1) === 0xd8 && b(2) === 0xff) return 'jpeg';
  if (b(0) === 0x47 && b(1) === 0x49 && b(2) === 0x46 && b(3) === 0x38) return 'gif';
  if (b(0) === 0x25 && b(1) === 0x50 && b(2) === 0x44 && b(3) === 0x46) return 'pdf';
  if (b(0) === 0x1f && b(1) === 0x8b) return 'gzip';
  const head = asciiPrefix(bytes, 64);
  if (head.startsWith('ISO-10303-21')) return 'step';
  if (/^(;|G2[01]\b|G28\b|M10[4-9]\b|M1[49]0\b)/.test(head)) return 'gcode';
  return 'unknown';
}

function asciiPrefix(bytes: Uint8Array, n: number): string {
  let s = '';
  const end = Math.min(bytes.length, n);
  for (let i = 0; i < end; i++) s += String.fromCharCode(bytes[i] as number);
  return s;
}

const KIND_LABEL: Record<Exclude<SniffedKind, 'unknown' | 'zip'>, string> = {
  png: 'a PNG image',
  jpeg: 'a JPEG image',
  gif: 'a GIF image',
  pdf: 'a PDF document',
  gzip: 'a gzip archive',
  step: 'a STEP CAD file (export it as STL or 3MF)',
  gcode: 'G-code (already sliced)',
};

export function extensionOf(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
}

/**
 * Decides the format from the extension, then checks the content agrees. A zip named .stl
 * is read as 3MF (some tools do that), anything else that contradicts the name is refused.
 */
export function detectFormat(bytes: Uint8Array, fileName: string): ModelFormat {
  const ext = extensionOf(fileName);
  const kind = sniff(bytes);
  if (kind !== 'unknown' && kind !== 'zip') {
    throw new IntakeError(
      'wrong-content',
      `“${fileName}” is ${KIND_LABEL[kind]}, not a 3D model${ext ? ` (despite the .${ext} name)` : ''}.`,
      { detected: kind },
    );
  }
  if (kind === 'zip') {
    if (ext === '3mf' || ext === 'stl' || ext === 'obj' || ext === '') return '3mf';
    throw unsupported(fileName, ext);
  }
  if (ext === 'stl') return 'stl';
  if (ext === 'obj') return 'obj';
  if (ext === '3mf') {
    throw new IntakeError(
      'wrong-content',
      `“${fileName}” is named .3mf but is not a zip container, so it cannot be a 3MF file.`,
      { detected: 'not-zip' },
    );
  }
  throw unsupported(fileName, ext);
}

function unsupported(fileName: string, ext: string): IntakeError {
  return new IntakeError(
    'unsupported-format',
    ext
      ? `“${fileName}”: .${ext} files are not supported. Use STL, 3MF or OBJ.`
      : `“${fileName}” has no file extension. Use STL, 3MF or OBJ.`,
    { extension: ext },
  );
}
