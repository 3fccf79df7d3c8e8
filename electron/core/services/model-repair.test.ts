import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ModelRepairResult } from '../../../shared/api/channels/intake';
import type { AuditEvent, Model, Order } from '../../../shared/domain';
import {
  encodeBinaryStl,
  sphere,
  withoutTriangles,
  type TriangleMesh,
} from '../../../shared/geometry';
import { repairMesh } from '../../../shared/geometry/repair';
import { openTestCore, type TestCore } from '../test-support/core';
import { proveWithManifold } from './model-repair';

let t: TestCore;
const dispatch = (channel: string, input: unknown) => t.dispatch(channel, input);
const call = <T>(channel: string, input: unknown) => t.ok<T>(channel, input);

beforeEach(() => {
  t = openTestCore('repair', { demo: false }, 'tech');
});
afterEach(() => t.close());

const ball = sphere(15, 32, 16);

/** A sphere with a missing triangle, two flipped ones and cracks 3e-4 mm wide on one side. */
function brokenBall(): TriangleMesh {
  const m = withoutTriangles(ball, [500]);
  const p = m.positions.slice();
  for (const t of [100, 300]) {
    for (let k = 0; k < 3; k++) {
      const a = p[t * 9 + 3 + k] as number;
      p[t * 9 + 3 + k] = p[t * 9 + 6 + k] as number;
      p[t * 9 + 6 + k] = a;
    }
  }
  // Triangles 0..199 move 3e-4 mm along x: their corners no longer meet the others'.
  for (let t = 0; t < 200; t++) {
    for (let k = 0; k < 3; k++) p[t * 9 + k * 3] = (p[t * 9 + k * 3] as number) + 3e-4;
  }
  return { positions: p, triangleCount: m.triangleCount };
}

/** The upper half of the sphere missing: an opening, not a defect. */
function bowl(): TriangleMesh {
  const top: number[] = [];
  for (let t = ball.triangleCount / 2; t < ball.triangleCount; t++) top.push(t);
  return withoutTriangles(ball, top);
}

interface Imported {
  orderId: string;
  items: { ok: boolean; modelId: string; orderLineId: string }[];
}

async function importMesh(fileName: string, mesh: TriangleMesh): Promise<Imported> {
  return call<Imported>('intake.import', {
    fileName,
    dataBase64: Buffer.from(encodeBinaryStl(mesh)).toString('base64'),
  });
}

async function repairEvents(): Promise<AuditEvent[]> {
  const events = await call<AuditEvent[]>('events.list', { entity: 'model', limit: 100 });
  return events.filter((e) => e.action === 'model.repair');
}

describe('models.repair', () => {
  it('repairs a broken STL into a new watertight model and moves the order line to it', async () => {
    const imported = await importMesh('knob_x2.stl', brokenBall());
    const item = imported.items[0]!;
    const original = await call<Model>('models.get', { id: item.modelId });
    expect(original.facts?.watertight).toBe(false);
    expect(original.verdict?.reasons.map((r) => r.code)).toContain('holes');
    // A closed order keeps the model it was made with.
    const closed = await call<Order>('orders.save', {
      reference: 'last week',
      status: 'done',
      lines: [{ modelId: item.modelId, quantity: 1 }],
    });

    const result = await call<ModelRepairResult>('models.repair', { id: item.modelId });

    expect(result.model.id).not.toBe(item.modelId);
    expect(result.model.name).toBe('knob (repaired)');
    expect(result.model.fileName).toBe('knob_x2 (repaired).stl');
    expect(result.model.facts).toMatchObject({
      watertight: true,
      holes: 0,
      nonManifoldEdges: 0,
      invertedNormals: false,
    });
    expect(['ok', 'warning']).toContain(result.model.verdict?.level);
    const codes = result.model.verdict?.reasons.map((r) => r.code) ?? [];
    expect(codes).not.toContain('holes');
    expect(codes).not.toContain('flipped-triangles');
    expect(codes).toContain('repaired');
    const fixes = Object.fromEntries(result.report.fixes.map((f) => [f.code, f.count]));
    expect(fixes).toMatchObject({ 'vertices-welded': expect.any(Number), 'holes-filled': 1 });
    expect(fixes['faces-flipped']).toBe(2);
    expect(result.proof).toMatchObject({ status: 'NoError' });
    expect(result.proof.volumeMm3).toBeCloseTo(result.model.facts!.volumeMm3, 0);
    expect(result.model.facts!.volumeMm3).toBeCloseTo(result.report.volumeAfterMm3, 3);

    // The open order's line now points at the repaired model; the closed order's does not.
    expect(result.orderLinesSwitched).toEqual([item.orderLineId]);
    expect(result.orderLinesKept).toEqual([closed.lines[0]!.id]);
    const order = await call<Order>('orders.get', { id: imported.orderId });
    expect(order.lines).toMatchObject([{ modelId: result.model.id, quantity: 2 }]);
    expect(order.lines[0]!.parts).toHaveLength(2);
    const after = await call<Order>('orders.get', { id: closed.id });
    expect(after.lines[0]!.modelId).toBe(item.modelId);

    // The original stays, untouched; the repaired model is a model like any other.
    const again = await call<Model>('models.get', { id: item.modelId });
    expect(again).toEqual(original);
    expect(await call<Model[]>('models.list', {})).toHaveLength(2);
    const mesh = await call<{ triangles: number }>('models.mesh', { id: result.model.id });
    expect(mesh.triangles).toBe(result.report.trianglesAfter);

    const events = await repairEvents();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      actor: 'tech',
      entityId: result.model.id,
      data: {
        from: item.modelId,
        report: { watertight: true },
        proof: { status: 'NoError' },
        orderLinesSwitched: [item.orderLineId],
      },
    });
  });

  it('repairs in a worker thread: the core keeps answering meanwhile', async () => {
    const imported = await importMesh('knob.stl', brokenBall());
    let repairDone = false;
    const running = dispatch('models.repair', { id: imported.items[0]!.modelId }).then((r) => {
      repairDone = true;
      return r;
    });
    // Repairing on this thread would hold the event loop: no timer and no other request could
    // run before the repair had finished.
    await new Promise((r) => setTimeout(r, 10));
    await call('workspace.info', {});
    expect(repairDone).toBe(false);
    expect((await running).ok).toBe(true);
  });

  it('refuses a model with a huge hole, saying why, and changes nothing', async () => {
    const imported = await importMesh('cup.stl', bowl());
    const id = imported.items[0]!.modelId;
    const before = await call<Model[]>('models.list', {});

    const r = await dispatch('models.repair', { id });

    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('validation');
    expect(r.error.message).toMatch(/“cup” cannot be repaired automatically/);
    expect(r.error.message).toMatch(/too large to close/);
    expect(r.error.message).toMatch(/Nothing was changed/);
    expect(await call<Model[]>('models.list', {})).toEqual(before);
    const order = await call<Order>('orders.get', { id: imported.orderId });
    expect(order.lines[0]!.modelId).toBe(id);
    expect(await repairEvents()).toEqual([]);
  });

  it('refuses a model that needs no repair', async () => {
    const imported = await importMesh('ball.stl', ball);
    const r = await dispatch('models.repair', { id: imported.items[0]!.modelId });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/nothing to repair/);
    expect(await call<Model[]>('models.list', {})).toHaveLength(1);
  });

  it('repairs the same model twice into the same repaired model', async () => {
    const imported = await importMesh('knob.stl', brokenBall());
    const id = imported.items[0]!.modelId;
    const first = await call<ModelRepairResult>('models.repair', { id });
    const second = await call<ModelRepairResult>('models.repair', { id });
    expect(second.model.id).toBe(first.model.id);
    expect(second.orderLinesSwitched).toEqual([]);
    expect(await call<Model[]>('models.list', {})).toHaveLength(2);
  });
});

describe('proveWithManifold', () => {
  it('accepts a closed solid and measures its volume', async () => {
    const proof = await proveWithManifold(repairMesh(ball).indexed);
    expect(proof.status).toBe('NoError');
    expect(proof.volumeMm3).toBeGreaterThan(0);
  });

  it('rejects an open surface', async () => {
    const open = repairMesh(bowl()).indexed;
    const proof = await proveWithManifold(open);
    expect(proof.status).not.toBe('NoError');
    expect(proof.volumeMm3).toBe(0);
  });
});
