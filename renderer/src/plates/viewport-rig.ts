import type { InstancedMesh, OrthographicCamera, PerspectiveCamera, WebGLRenderer } from 'three';
import type { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';
import type { PickInput } from './picking';

/**
 * Handles the parts of the open viewport share outside React (one viewport exists at a time):
 * the camera and controls for the pointer handler, the instanced meshes for picking, and render
 * statistics for the test hook and the benchmark.
 */
export interface ViewportRig {
  gl: WebGLRenderer | null;
  camera: PerspectiveCamera | OrthographicCamera | null;
  controls: OrbitControls | null;
  meshes: Set<InstancedMesh>;
  invalidate: () => void;
  /** Renders now, synchronously (tests read pixels right after). */
  renderNow: (() => void) | null;
  stats: RenderStats;
  /** What a pointer ray can grab (set by the scene). */
  pickInput: (() => PickInput) | null;
}

export interface RenderStats {
  frames: number;
  drawCalls: number;
  triangles: number;
  /** Main-thread time of the last gl.render call (ms). */
  lastRenderMs: number;
  instances: number;
}

export const rig: ViewportRig = {
  gl: null,
  camera: null,
  controls: null,
  meshes: new Set(),
  invalidate: () => {},
  renderNow: null,
  stats: { frames: 0, drawCalls: 0, triangles: 0, lastRenderMs: 0, instances: 0 },
  pickInput: null,
};

/** User Timing marks for the benchmark: off unless a page asks (`?perf=1` or the hook). */
export const perf = {
  enabled: typeof location !== 'undefined' && /[?&]perf=1\b/.test(location.hash + location.search),
  measure(name: string, start: number): void {
    if (!this.enabled) return;
    performance.measure(name, { start, end: performance.now() });
  },
};
