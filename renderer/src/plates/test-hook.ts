import type { Placement } from '../../../shared/domain/plan';
import { pointInRings } from './bed-plane';
import { placedBounds, toBed } from './placement-transform';
import { shownPlacements, usePlateStore } from './plate-store';
import { clientPointOf, partAtClient } from './PlateViewport';
import { perf, rig } from './viewport-rig';

/**
 * `window.__plateshiftPlates`: a small page object for end-to-end tests and the benchmark, in
 * the spirit of KittyCAD's sceneFixture. It reads state and converts bed millimetres to screen
 * pixels so a test can press on a part with real pointer events; it never edits anything itself.
 */
export interface PlatesTestHook {
  state(): {
    jobId: string | null;
    view: string;
    placements: Placement[];
    selection: string[];
    problems: { kind: string; severity: string; partIds: string[]; message: string }[];
    dragging: boolean;
    /** An edit is shown that the host has not confirmed yet (a rotate or drop in flight). */
    pending: boolean;
    drawCalls: number;
    triangles: number;
    instances: number;
    meshes: number;
    frames: number;
    lastRenderMs: number;
  };
  /** Client pixel where a press grabs the part (null when no such point is visible). */
  partPoint(partId: string): { x: number; y: number } | null;
  bedToClient(x: number, y: number, z?: number): { x: number; y: number } | null;
  /** Renders now and counts pixels that differ from the clear colour (transparent). */
  sample(): { painted: number; total: number; colors: number };
  setPerf(on: boolean): void;
}

/** Points inside the footprint, nearest the middle first (holes excluded). */
function interiorPoints(
  rings: readonly (readonly { x: number; y: number }[])[],
): { x: number; y: number }[] {
  const b = placedBounds(rings, { x: 0, y: 0, rotationDeg: 0 });
  const cx = (b.minX + b.maxX) / 2;
  const cy = (b.minY + b.maxY) / 2;
  const out: { x: number; y: number; d: number }[] = [];
  const n = 16;
  for (let i = 1; i < n; i++) {
    for (let j = 1; j < n; j++) {
      const p = {
        x: b.minX + ((b.maxX - b.minX) * i) / n,
        y: b.minY + ((b.maxY - b.minY) * j) / n,
      };
      if (pointInRings(rings, p)) out.push({ ...p, d: Math.hypot(p.x - cx, p.y - cy) });
    }
  }
  return out.sort((u, v) => u.d - v.d);
}

/** Inside the visible canvas (a part dragged off the bed can project outside it). */
function onCanvas(p: { x: number; y: number }): boolean {
  const r = rig.gl?.domElement.getBoundingClientRect();
  return !!r && p.x >= r.left && p.x <= r.right && p.y >= r.top && p.y <= r.bottom;
}

export function installPlatesTestHook(): () => void {
  const hook: PlatesTestHook = {
    state() {
      const s = usePlateStore.getState();
      return {
        jobId: s.jobId,
        view: s.view,
        placements: shownPlacements(s),
        selection: [...s.selection],
        problems: s.problems.map((p) => ({
          kind: p.kind,
          severity: p.severity,
          partIds: p.partIds,
          message: p.message,
        })),
        dragging: s.drag !== null,
        pending: s.drag === null && s.draft !== null,
        drawCalls: rig.stats.drawCalls,
        triangles: rig.stats.triangles,
        instances: rig.stats.instances,
        meshes: rig.meshes.size,
        frames: rig.stats.frames,
        lastRenderMs: rig.stats.lastRenderMs,
      };
    },
    partPoint(partId) {
      const s = usePlateStore.getState();
      const p = shownPlacements(s).find((q) => q.partId === partId);
      const rings = p ? s.ctx?.footprints.get(p.modelId) : undefined;
      if (!p || !rings) return null;
      // A footprint point can lie over a through-hole of the mesh: take the first point where
      // a press really grabs this part.
      for (const local of interiorPoints(rings)) {
        const bed = toBed(p, local);
        const c = clientPointOf(bed.x, bed.y, 0);
        if (c && onCanvas(c) && partAtClient(c.x, c.y) === partId) return c;
      }
      return null;
    },
    bedToClient: (x, y, z = 0) => clientPointOf(x, y, z),
    sample() {
      const gl = rig.gl;
      if (!gl || !rig.renderNow) return { painted: 0, total: 0, colors: 0 };
      rig.renderNow();
      const ctx = gl.getContext();
      const w = ctx.drawingBufferWidth;
      const h = ctx.drawingBufferHeight;
      const px = new Uint8Array(w * h * 4);
      ctx.readPixels(0, 0, w, h, ctx.RGBA, ctx.UNSIGNED_BYTE, px);
      let painted = 0;
      const colors = new Set<number>();
      for (let i = 0; i < px.length; i += 4) {
        if ((px[i + 3] as number) === 0) continue;
        painted++;
        if (colors.size < 4096)
          colors.add(
            ((px[i] as number) << 16) | ((px[i + 1] as number) << 8) | (px[i + 2] as number),
          );
      }
      return { painted, total: w * h, colors: colors.size };
    },
    setPerf(on) {
      perf.enabled = on;
    },
  };
  const w = window as unknown as { __plateshiftPlates?: PlatesTestHook };
  w.__plateshiftPlates = hook;
  return () => {
    if (w.__plateshiftPlates === hook) delete w.__plateshiftPlates;
  };
}
