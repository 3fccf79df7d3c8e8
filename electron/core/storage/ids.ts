import { randomUUID } from 'node:crypto';

/** Readable, sortable-enough ids: a short entity prefix and a random UUID. */
export function newId(prefix: string): string {
  return `${prefix}_${randomUUID().replace(/-/g, '').slice(0, 20)}`;
}
