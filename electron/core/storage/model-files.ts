import { createHash, randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Model files stored by content: models/<first two hex>/<sha256>. The same bytes are stored
 * once however often they are dropped, and a file is never visible half-written.
 */
export class ModelFileStore {
  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true });
    this.sweepTemp();
  }

  /**
   * A writer killed mid-write leaves its temp file (never a partial model: the rename did not
   * happen). The store is opened before any write starts, so whatever temp file exists then is
   * such a leftover.
   */
  private sweepTemp(): void {
    for (const sub of readdirSync(this.dir)) {
      if (!/^[0-9a-f]{2}$/.test(sub)) continue;
      for (const f of readdirSync(join(this.dir, sub))) {
        if (f.endsWith('.tmp')) rmSync(join(this.dir, sub, f), { force: true });
      }
    }
  }

  pathOf(id: string): string {
    if (!/^[0-9a-f]{64}$/.test(id)) throw new Error(`not a model id: ${id}`);
    return join(this.dir, id.slice(0, 2), id);
  }

  has(id: string): boolean {
    return existsSync(this.pathOf(id));
  }

  read(id: string): Buffer {
    return readFileSync(this.pathOf(id));
  }

  /** Stores the bytes and returns their SHA-256; a no-op when they are already stored. */
  put(bytes: Uint8Array): string {
    const id = sha256Hex(bytes);
    const target = this.pathOf(id);
    if (existsSync(target)) return id;
    mkdirSync(join(this.dir, id.slice(0, 2)), { recursive: true });
    writeFileAtomic(target, bytes);
    return id;
  }

  ids(): string[] {
    if (!existsSync(this.dir)) return [];
    const out: string[] = [];
    for (const sub of readdirSync(this.dir)) {
      if (!/^[0-9a-f]{2}$/.test(sub)) continue;
      for (const f of readdirSync(join(this.dir, sub))) if (/^[0-9a-f]{64}$/.test(f)) out.push(f);
    }
    return out.sort();
  }
}

/** Temp file in the same folder, fsync, then rename: readers see the old file or the new one. */
export function writeFileAtomic(target: string, bytes: Uint8Array): void {
  const tmp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
  const fd = openSync(tmp, 'w');
  try {
    let off = 0;
    while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    renameSync(tmp, target);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}
