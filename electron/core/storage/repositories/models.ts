import type { z } from 'zod';
import { notFound } from '../../../../shared/api';
import { Model, ModelFacts, Verdict } from '../../../../shared/domain';
import { appendEvent } from '../audit';
import type { Db } from '../database';
import { parseJsonColumn } from '../json';

interface ModelRow {
  id: string;
  name: string;
  file_name: string;
  format: string;
  size_bytes: number;
  created_at: string;
  status: string;
  unit_scale: number;
  verdict: string | null;
  facts: string | null;
}

function fromRow(r: ModelRow): Model {
  const where = `model ${r.id}`;
  return Model.parse({
    id: r.id,
    name: r.name,
    fileName: r.file_name,
    format: r.format,
    sizeBytes: r.size_bytes,
    createdAt: r.created_at,
    status: r.status,
    unitScale: r.unit_scale,
    verdict: r.verdict === null ? null : parseJsonColumn(Verdict, r.verdict, where),
    facts: r.facts === null ? null : parseJsonColumn(ModelFacts, r.facts, where),
  });
}

export function listModels(db: Db): Model[] {
  return (db.prepare('SELECT * FROM models ORDER BY created_at, name').all() as ModelRow[]).map(
    fromRow,
  );
}

export function findModel(db: Db, id: string): Model | null {
  const row = db.prepare('SELECT * FROM models WHERE id = ?').get(id) as ModelRow | undefined;
  return row ? fromRow(row) : null;
}

export function getModel(db: Db, id: string): Model {
  const m = findModel(db, id);
  if (!m) throw notFound('model', id);
  return m;
}

/**
 * Inserts a model unless one with the same content hash exists (idempotent intake).
 * Returns the stored model and whether it was new.
 */
export function insertModel(
  db: Db,
  input: z.input<typeof Model>,
  actor: string,
): { model: Model; created: boolean } {
  const m = Model.parse(input);
  return db.transaction(() => {
    const existing = findModel(db, m.id);
    if (existing) return { model: existing, created: false };
    db.prepare(
      `INSERT INTO models (id, name, file_name, format, size_bytes, created_at, status, unit_scale, verdict, facts)
       VALUES (@id, @name, @fileName, @format, @sizeBytes, @createdAt, @status, @unitScale, @verdict, @facts)`,
    ).run({
      ...m,
      verdict: m.verdict === null ? null : JSON.stringify(m.verdict),
      facts: m.facts === null ? null : JSON.stringify(m.facts),
    });
    appendEvent(db, {
      actor,
      action: 'model.create',
      entity: 'model',
      entityId: m.id,
      data: { name: m.name, fileName: m.fileName, sizeBytes: m.sizeBytes },
    });
    return { model: m, created: true };
  })();
}

export function updateModelAnalysis(
  db: Db,
  id: string,
  patch: {
    status: Model['status'];
    verdict: Verdict | null;
    facts: ModelFacts | null;
    unitScale?: number | undefined;
  },
  actor: string,
): Model {
  return db.transaction(() => {
    getModel(db, id);
    db.prepare(
      'UPDATE models SET status = ?, unit_scale = COALESCE(?, unit_scale), verdict = ?, facts = ? WHERE id = ?',
    ).run(
      patch.status,
      patch.unitScale ?? null,
      patch.verdict === null ? null : JSON.stringify(patch.verdict),
      patch.facts === null ? null : JSON.stringify(patch.facts),
      id,
    );
    appendEvent(db, {
      actor,
      action: 'model.analyse',
      entity: 'model',
      entityId: id,
      data: {
        status: patch.status,
        verdict: patch.verdict?.level ?? null,
        unitScale: patch.unitScale,
      },
    });
    return getModel(db, id);
  })();
}
