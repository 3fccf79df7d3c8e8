import { Inflate, strFromU8 } from 'fflate';
import { IntakeError, formatBytes } from './errors';
import { type IntakeLimits } from './limits';

/** One entry of a zip's central directory, before anything is decompressed. */
export interface ZipEntryInfo {
  /** Normalised path inside the archive ("/"-separated, no leading slash). */
  name: string;
  compressedSize: number;
  /** What the archive declares; the real size is enforced while inflating. */
  declaredSize: number;
  method: number;
  localHeaderOffset: number;
  isDirectory: boolean;
}

export interface ZipEntry {
  name: string;
  bytes: Uint8Array;
}

const EOCD = 0x06054b50;
const CEN = 0x02014b50;
const LOC = 0x04034b50;

function u16(b: Uint8Array, at: number): number {
  return (b[at] as number) | ((b[at + 1] as number) << 8);
}
function u32(b: Uint8Array, at: number): number {
  return u16(b, at) + u16(b, at + 2) * 0x10000;
}

function corrupt(label: string, why: string): IntakeError {
  return new IntakeError('zip-corrupt', `${label} is not a readable zip container: ${why}.`);
}

/**
 * A zip path that would leave the folder it is extracted to (zip-slip): absolute, drive
 * letters, `..` segments, NUL bytes. We never extract to disk, but such an archive is
 * hostile or broken and is refused as a whole.
 */
export function isEscapingPath(raw: string): boolean {
  const name = raw.replace(/\\/g, '/');
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name) || name.includes('\0')) return true;
  return name.split('/').some((seg) => seg === '..');
}

/**
 * Reads the central directory and checks limits (entry count, declared sizes, paths) before
 * anything is inflated. `label` names the file in messages ("the 3MF file", "“parts.zip”").
 */
export function listZip(bytes: Uint8Array, limits: IntakeLimits, label: string): ZipEntryInfo[] {
  const n = bytes.length;
  let e = n - 22;
  const stop = Math.max(0, n - 22 - 0xffff);
  while (e >= stop && u32(bytes, e) !== EOCD) e--;
  if (e < stop || e < 0)
    throw corrupt(label, 'its table of contents (central directory) is missing');
  const total = u16(bytes, e + 10);
  const cdSize = u32(bytes, e + 12);
  const cdOffset = u32(bytes, e + 16);
  if (total === 0xffff || cdOffset === 0xffffffff) {
    throw new IntakeError(
      'zip-unsupported',
      `${label} is a ZIP64 archive; such large archives are not accepted.`,
    );
  }
  if (total > limits.maxZipEntries) {
    throw new IntakeError(
      'zip-too-many-entries',
      `${label} holds ${total} entries, more than the ${limits.maxZipEntries} accepted. Split it into smaller archives.`,
      { entries: total, limit: limits.maxZipEntries },
    );
  }
  if (cdOffset + cdSize > n)
    throw corrupt(label, 'its table of contents points past the end of the file');
  const entries: ZipEntryInfo[] = [];
  let declaredTotal = 0;
  let at = cdOffset;
  for (let k = 0; k < total; k++) {
    if (at + 46 > n || u32(bytes, at) !== CEN)
      throw corrupt(label, `entry ${k + 1} of its table of contents is damaged`);
    const flags = u16(bytes, at + 8);
    const method = u16(bytes, at + 10);
    const compressedSize = u32(bytes, at + 20);
    const declaredSize = u32(bytes, at + 24);
    const nameLen = u16(bytes, at + 28);
    const extraLen = u16(bytes, at + 30);
    const commentLen = u16(bytes, at + 32);
    const localHeaderOffset = u32(bytes, at + 42);
    if (at + 46 + nameLen > n) throw corrupt(label, `entry ${k + 1} has a damaged name`);
    const name = strFromU8(bytes.subarray(at + 46, at + 46 + nameLen), (flags & 0x800) === 0);
    at += 46 + nameLen + extraLen + commentLen;
    if (isEscapingPath(name)) {
      throw new IntakeError(
        'zip-path-escape',
        `${label} contains the path “${name.slice(0, 120)}”, which points outside the archive folder. The archive is refused.`,
        { entry: name.slice(0, 200) },
      );
    }
    if (flags & 1) {
      throw new IntakeError(
        'zip-unsupported',
        `${label} is password-protected (“${name.slice(0, 120)}”); unlock it first.`,
      );
    }
    if (compressedSize === 0xffffffff || declaredSize === 0xffffffff) {
      throw new IntakeError(
        'zip-unsupported',
        `${label} is a ZIP64 archive; such large archives are not accepted.`,
      );
    }
    const isDirectory = name.endsWith('/') || name.endsWith('\\');
    if (!isDirectory) {
      declaredTotal += declaredSize;
      checkRatio(label, name, compressedSize, declaredSize, limits);
    }
    entries.push({
      name: name.replace(/\\/g, '/').replace(/^\.\//, ''),
      compressedSize,
      declaredSize,
      method,
      localHeaderOffset,
      isDirectory,
    });
  }
  if (declaredTotal > limits.maxUncompressedBytes) {
    throw new IntakeError(
      'zip-bomb',
      `${label} would unpack to ${formatBytes(declaredTotal)}, more than the ${formatBytes(limits.maxUncompressedBytes)} accepted. It is refused as a possible zip bomb.`,
      { declaredBytes: declaredTotal, limit: limits.maxUncompressedBytes },
    );
  }
  return entries;
}

function checkRatio(
  label: string,
  name: string,
  compressed: number,
  size: number,
  limits: IntakeLimits,
): void {
  // Tiny entries compress absurdly well legitimately (a run of zeros); judge only big ones.
  if (size > 1024 * 1024 && size > compressed * limits.maxCompressionRatio) {
    throw new IntakeError(
      'zip-bomb',
      `${label}: “${name.slice(0, 120)}” expands ${Math.round(size / Math.max(1, compressed))}× (more than ${limits.maxCompressionRatio}×). It is refused as a possible zip bomb.`,
      { entry: name.slice(0, 200), ratio: Math.round(size / Math.max(1, compressed)) },
    );
  }
}

/**
 * Inflates one entry, enforcing the real output size: it must not exceed what the directory
 * declared nor the remaining budget (a bomb can lie in the header; inflation stops early).
 */
export function readZipEntry(
  bytes: Uint8Array,
  entry: ZipEntryInfo,
  limits: IntakeLimits,
  label: string,
  budget: { remaining: number },
): Uint8Array {
  const at = entry.localHeaderOffset;
  if (at + 30 > bytes.length || u32(bytes, at) !== LOC) {
    throw corrupt(label, `the entry “${entry.name}” is damaged`);
  }
  const start = at + 30 + u16(bytes, at + 26) + u16(bytes, at + 28);
  const end = start + entry.compressedSize;
  if (end > bytes.length) throw corrupt(label, `the entry “${entry.name}” is cut short`);
  const data = bytes.subarray(start, end);
  const limit = Math.min(entry.declaredSize, budget.remaining);
  const bomb = (): IntakeError =>
    new IntakeError(
      'zip-bomb',
      `${label}: “${entry.name.slice(0, 120)}” unpacks to more than it declares (${formatBytes(entry.declaredSize)}) or the ${formatBytes(limits.maxUncompressedBytes)} accepted. It is refused as a possible zip bomb.`,
      { entry: entry.name.slice(0, 200), declaredBytes: entry.declaredSize },
    );
  if (entry.method === 0) {
    if (entry.compressedSize !== entry.declaredSize)
      throw corrupt(label, `the stored entry “${entry.name}” has inconsistent sizes`);
    if (data.length > budget.remaining) throw bomb();
    budget.remaining -= data.length;
    return data.slice();
  }
  if (entry.method !== 8) {
    throw new IntakeError(
      'zip-unsupported',
      `${label}: “${entry.name.slice(0, 120)}” uses compression method ${entry.method}; only stored and deflate are supported.`,
    );
  }
  const out = new Uint8Array(entry.declaredSize);
  let written = 0;
  let done = false;
  const inflater = new Inflate((chunk, final) => {
    if (written + chunk.length > limit) throw bomb();
    out.set(chunk, written);
    written += chunk.length;
    if (final) done = true;
  });
  const step = 16 * 1024;
  try {
    for (let p = 0; p < data.length; p += step) {
      inflater.push(data.subarray(p, Math.min(data.length, p + step)), p + step >= data.length);
    }
  } catch (err) {
    if (err instanceof IntakeError) throw err;
    throw corrupt(label, `the entry “${entry.name}” cannot be decompressed`);
  }
  if (!done && data.length > 0) throw corrupt(label, `the entry “${entry.name}” ends early`);
  budget.remaining -= written;
  return written === out.length ? out : out.subarray(0, written);
}

/**
 * All file entries accepted by `want`, inflated in memory. Nothing is ever written to disk.
 */
export function unzipEntries(
  bytes: Uint8Array,
  limits: IntakeLimits,
  label: string,
  want: (info: ZipEntryInfo) => boolean = () => true,
): ZipEntry[] {
  const infos = listZip(bytes, limits, label);
  const budget = { remaining: limits.maxUncompressedBytes };
  const out: ZipEntry[] = [];
  for (const info of infos) {
    if (info.isDirectory || !want(info)) continue;
    out.push({ name: info.name, bytes: readZipEntry(bytes, info, limits, label, budget) });
  }
  return out;
}
