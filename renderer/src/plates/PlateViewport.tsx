import { Canvas, useFrame, useThree, type EventManager } from '@react-three/fiber';
import { useEffect, useLayoutEffect, useMemo, useRef } from 'react';
import {
  MOUSE,
  OrthographicCamera,
  PerspectiveCamera,
  Raycaster,
  Vector2,
  Vector3,
  type InstancedMesh,
} from 'three';
import { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';
import type { Polygon } from '../../../shared/domain/common';
import { rayToPlaneZ, toNdc } from './bed-plane';
import { BuildPlate } from './BuildPlate';
import type { MeshCache } from './mesh-cache';
import { PartsLayer, SelectionOutline, type ModelLook } from './PartsLayer';
import { pickPart, type Pick } from './picking';
import { boundsOf, type Bounds2 } from './placement-transform';
import { commitPlacements, dropToQueue } from './plate-commands';
import { editLabel, movePlacements } from './plate-edit';
import { plateActions, shownPlacements, usePlateStore } from './plate-store';
import type { SceneColors } from './scene-colors';
import { snappedDelta, snapStep } from './snap';
import { perf, rig } from './viewport-rig';

export interface PlateViewportProps {
  bed: Polygon;
  zones: Polygon[];
  maxHeightMm: number;
  colors: SceneColors;
  cache: MeshCache;
  looks: ReadonlyMap<string, ModelLook>;
  footprints: ReadonlyMap<string, Polygon[]>;
  readOnly: boolean;
}

const noEvents = (): EventManager<HTMLElement> => ({ enabled: false, priority: 0 });

/** The 3D plate: on-demand rendering, orbit/pan/zoom, top view, select and drag parts. */
export function PlateViewport(props: PlateViewportProps) {
  return (
    <Canvas
      frameloop="demand"
      flat
      dpr={[1, 2]}
      gl={{ antialias: true, alpha: true, powerPreference: 'high-performance' }}
      onCreated={({ gl }) => gl.setClearColor(0x000000, 0)}
      data-testid="plate-canvas"
      // The view picks parts itself (PointerTools); R3F's own pointer events would ray-cast and
      // read offsetX (a forced layout) on every move for nothing.
      events={noEvents}
    >
      <Scene {...props} />
    </Canvas>
  );
}

function Scene({
  bed,
  zones,
  maxHeightMm,
  colors,
  cache,
  looks,
  footprints,
  readOnly,
}: PlateViewportProps) {
  const bounds = useMemo(() => boundsOf(bed), [bed]);
  useEffect(() => {
    rig.pickInput = () => ({
      placements: shownPlacements(usePlateStore.getState()),
      footprints,
      heightOf: (m) => looks.get(m)?.size.z ?? 0,
      geometryOf: (m) => cache.geometry(m),
    });
    return () => {
      rig.pickInput = null;
    };
  }, [footprints, looks, cache]);
  return (
    <>
      {/* Sky/ground fill plus a key light from the front-left and a soft rim from the back:
          faces turned different ways read apart without shadows (no extra draw calls). */}
      <hemisphereLight args={[colors.hemiSky, colors.hemiGround, 1.05]} position={[0, 0, 1]} />
      <directionalLight position={[-0.55, -1, 1.35]} intensity={2.1} />
      <directionalLight position={[0.9, 0.7, 0.45]} intensity={0.7} />
      <BuildPlate outline={bed} zones={zones} colors={colors} />
      <PartsLayer cache={cache} colors={colors} looks={looks} />
      <SelectionOutline footprints={footprints} color={colors.selectionLine} />
      <CameraRig bounds={bounds} maxHeightMm={maxHeightMm} />
      <PointerTools readOnly={readOnly} />
      <RenderLoop />
    </>
  );
}

/** Takes over rendering (priority 1) to time each frame and keep draw-call statistics. */
function RenderLoop() {
  const gl = useThree((s) => s.gl);
  const scene = useThree((s) => s.scene);
  const camera = useThree((s) => s.camera);
  const invalidate = useThree((s) => s.invalidate);
  const written = useRef({ drawCalls: -1, instances: -1, meshes: -1 });
  useEffect(() => {
    rig.gl = gl;
    rig.invalidate = invalidate;
    rig.renderNow = () => {
      gl.render(scene, camera);
    };
    return () => {
      rig.gl = null;
      rig.invalidate = () => {};
      rig.renderNow = null;
    };
  }, [gl, scene, camera, invalidate]);
  useFrame(() => {
    const t0 = performance.now();
    gl.render(scene, camera);
    const t1 = performance.now();
    perf.measure('plates:render', t0);
    const st = rig.stats;
    st.frames++;
    st.lastRenderMs = t1 - t0;
    st.drawCalls = gl.info.render.calls;
    st.triangles = gl.info.render.triangles;
    let instances = 0;
    for (const m of rig.meshes) instances += (m as InstancedMesh).count;
    st.instances = instances;
    // For tests and people inspecting the page; the DOM is touched only when a figure changes.
    const shown = written.current;
    if (
      shown.drawCalls !== st.drawCalls ||
      shown.instances !== instances ||
      shown.meshes !== rig.meshes.size
    ) {
      written.current = { drawCalls: st.drawCalls, instances, meshes: rig.meshes.size };
      const host = gl.domElement.closest<HTMLElement>('[data-testid="plate-viewport"]');
      if (host) {
        host.dataset.drawCalls = String(st.drawCalls);
        host.dataset.instances = String(instances);
        host.dataset.meshes = String(rig.meshes.size);
      }
    }
  }, 1);
  return null;
}

type RigCamera = (PerspectiveCamera | OrthographicCamera) & { manual?: boolean };

/** From the front, about 38° above the bed, the way slicers open a plate. */
const VIEW_DIR = new Vector3(0, -1, 0.78).normalize();
/** Screen pixels the toolbar and the readout cover at the top and bottom of the stage. */
const INSET_TOP = 52;
const INSET_BOTTOM = 34;
const MARGIN = 0.9;

function bedCorners(b: Bounds2, h: number): Vector3[] {
  const out: Vector3[] = [];
  for (const x of [b.minX, b.maxX]) {
    for (const y of [b.minY, b.maxY]) {
      out.push(new Vector3(x, y, 0), new Vector3(x, y, h));
    }
  }
  return out;
}

/**
 * Frames the bed (and a typical part height) in the part of the stage the overlays leave free:
 * a few rounds of "move closer or further by how much the corners over- or undershoot".
 */
function fitPerspective(
  c: PerspectiveCamera,
  controls: OrbitControls,
  b: Bounds2,
  h: number,
  size: { width: number; height: number },
) {
  const centre = new Vector3((b.minX + b.maxX) / 2, (b.minY + b.maxY) / 2, 0);
  const corners = bedCorners(b, Math.min(h, 40));
  const freeH = Math.max(1, size.height - INSET_TOP - INSET_BOTTOM);
  // The free area's centre sits this far below the canvas centre, in NDC.
  const shiftNdc = (INSET_TOP - INSET_BOTTOM) / size.height;
  const limitY = (freeH / size.height) * MARGIN;
  let dist = Math.hypot(b.maxX - b.minX, b.maxY - b.minY) * 1.6;
  const target = centre.clone();
  const up = new Vector3();
  for (let round = 0; round < 6; round++) {
    c.position.copy(centre).addScaledVector(VIEW_DIR, dist);
    c.lookAt(centre);
    c.updateMatrixWorld();
    // Move the camera and its target up the screen so the bed centres in the free area.
    up.set(0, 1, 0).applyQuaternion(c.quaternion);
    const halfH = dist * Math.tan((c.fov * Math.PI) / 360);
    target.copy(centre).addScaledVector(up, shiftNdc * halfH);
    c.position.copy(target).addScaledVector(VIEW_DIR, dist);
    c.lookAt(target);
    c.updateMatrixWorld();
    c.updateProjectionMatrix();
    let overX = 0;
    let overY = 0;
    for (const k of corners) {
      const v = k.clone().project(c);
      overX = Math.max(overX, Math.abs(v.x) / MARGIN);
      overY = Math.max(overY, Math.abs(v.y + shiftNdc) / limitY);
    }
    const over = Math.max(overX, overY);
    if (Math.abs(over - 1) < 0.01) break;
    dist *= over;
  }
  c.near = Math.max(0.5, dist / 200);
  c.far = dist * 20;
  c.updateProjectionMatrix();
  controls.target.copy(target);
  controls.update();
}

function fitTop(
  c: OrthographicCamera,
  controls: OrbitControls,
  b: Bounds2,
  size: { width: number; height: number },
) {
  const w = b.maxX - b.minX;
  const d = b.maxY - b.minY;
  const freeH = Math.max(1, size.height - INSET_TOP - INSET_BOTTOM);
  c.zoom = Math.min((size.width * MARGIN) / w, (freeH * MARGIN) / d);
  const target = new Vector3(
    (b.minX + b.maxX) / 2,
    (b.minY + b.maxY) / 2 + (INSET_TOP - INSET_BOTTOM) / 2 / c.zoom,
    0,
  );
  c.position.set(target.x, target.y, 2000);
  c.near = 1;
  c.far = 5000;
  c.updateProjectionMatrix();
  controls.target.copy(target);
  controls.update();
}

/** Perspective orbit view and an orthographic top view; reset returns to the default framing. */
function CameraRig({ bounds, maxHeightMm }: { bounds: Bounds2; maxHeightMm: number }) {
  const gl = useThree((s) => s.gl);
  const set = useThree((s) => s.set);
  const size = useThree((s) => s.size);
  const invalidate = useThree((s) => s.invalidate);
  const view = usePlateStore((s) => s.view);
  const resetToken = usePlateStore((s) => s.resetToken);
  const persp = useMemo(() => {
    const c: RigCamera = new PerspectiveCamera(32, 1, 1, 10000);
    c.up.set(0, 0, 1);
    c.manual = true;
    return c;
  }, []);
  const ortho = useMemo(() => {
    const c: RigCamera = new OrthographicCamera(-1, 1, 1, -1, 1, 5000);
    c.up.set(0, 1, 0);
    c.manual = true;
    return c;
  }, []);
  const camera = view === 'top' ? ortho : persp;
  // Read at fit time only: resizing the window keeps the user's view.
  const sizeRef = useRef(size);
  sizeRef.current = size;

  useLayoutEffect(() => {
    persp.aspect = size.width / Math.max(1, size.height);
    persp.updateProjectionMatrix();
    ortho.left = -size.width / 2;
    ortho.right = size.width / 2;
    ortho.top = size.height / 2;
    ortho.bottom = -size.height / 2;
    ortho.updateProjectionMatrix();
    invalidate();
  }, [size.width, size.height, persp, ortho, invalidate]);

  useLayoutEffect(() => {
    set({ camera });
    rig.camera = camera;
  }, [camera, set]);
  useEffect(
    () => () => {
      rig.camera = null;
    },
    [],
  );

  const boundsKey = `${bounds.minX},${bounds.minY},${bounds.maxX},${bounds.maxY}`;
  useEffect(() => {
    const controls = new OrbitControls(camera, gl.domElement);
    controls.enableDamping = false;
    controls.zoomToCursor = true;
    controls.screenSpacePanning = true;
    if (camera === ortho) {
      controls.enableRotate = false;
      controls.mouseButtons = { LEFT: MOUSE.PAN, MIDDLE: MOUSE.DOLLY, RIGHT: MOUSE.PAN };
      fitTop(ortho, controls, bounds, sizeRef.current);
    } else {
      controls.maxPolarAngle = Math.PI * 0.495;
      controls.mouseButtons = { LEFT: MOUSE.ROTATE, MIDDLE: MOUSE.DOLLY, RIGHT: MOUSE.PAN };
      fitPerspective(persp, controls, bounds, maxHeightMm, sizeRef.current);
    }
    const onChange = () => invalidate();
    controls.addEventListener('change', onChange);
    rig.controls = controls;
    invalidate();
    return () => {
      controls.removeEventListener('change', onChange);
      controls.dispose();
      if (rig.controls === controls) rig.controls = null;
    };
    // boundsKey stands for bounds; resetToken asks for the default framing again.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [camera, gl, boundsKey, resetToken, maxHeightMm, invalidate]);
  return null;
}

interface Press {
  kind: 'part' | 'empty';
  pointerId: number;
  x0: number;
  y0: number;
  shift: boolean;
  partId?: string;
  dragging: boolean;
  moving?: ReadonlySet<string>;
  grabZ?: number;
  start?: { x: number; y: number };
  anchor?: { x: number; y: number };
  base?: ReturnType<typeof shownPlacements>;
  /** Selection changes when the button comes up without a drag. */
  selectOnUp?: boolean;
}

const DRAG_THRESHOLD_PX = 3;

/**
 * Click to select (Shift toggles), drag to move on the bed plane: the grabbed point follows the
 * cursor on a plane through it, snapped to 1 mm (0.1 with Alt). Listens in the capture phase so
 * a press on a part never reaches the orbit controls.
 */
function PointerTools({ readOnly }: { readOnly: boolean }) {
  const gl = useThree((s) => s.gl);
  useEffect(() => {
    const el = gl.domElement;
    const raycaster = new Raycaster();
    const ndc = new Vector2();
    let press: Press | null = null;

    const rayAt = (clientX: number, clientY: number) => {
      const cam = rig.camera;
      if (!cam) return null;
      const p = toNdc({ x: clientX, y: clientY }, el.getBoundingClientRect());
      ndc.set(p.x, p.y);
      raycaster.setFromCamera(ndc, cam);
      return raycaster.ray;
    };
    const pick = (clientX: number, clientY: number) =>
      rayAt(clientX, clientY) ? pickWith(raycaster) : null;

    const onDown = (e: PointerEvent) => {
      if (e.button !== 0 || press) return;
      const t0 = performance.now();
      const hit = pick(e.clientX, e.clientY);
      if (!hit) {
        press = {
          kind: 'empty',
          pointerId: e.pointerId,
          x0: e.clientX,
          y0: e.clientY,
          shift: e.shiftKey,
          dragging: false,
        };
        return;
      }
      // The press belongs to the part, not to the orbit controls.
      if (rig.controls) rig.controls.enabled = false;
      e.preventDefault();
      const s = usePlateStore.getState();
      const wasSelected = s.selection.has(hit.partId);
      if (e.shiftKey) plateActions.select([hit.partId], 'toggle');
      else if (!wasSelected) plateActions.select([hit.partId]);
      press = {
        kind: 'part',
        pointerId: e.pointerId,
        x0: e.clientX,
        y0: e.clientY,
        shift: e.shiftKey,
        partId: hit.partId,
        dragging: false,
        selectOnUp: !e.shiftKey && wasSelected && s.selection.size > 1,
      };
      const after = usePlateStore.getState();
      if (!readOnly && after.selection.has(hit.partId) && !after.drag) {
        const shown = shownPlacements(after);
        const anchor = shown.find((p) => p.partId === hit.partId);
        const ray = rayAt(e.clientX, e.clientY);
        const start = ray ? rayToPlaneZ(ray.origin, ray.direction, hit.z) : null;
        if (anchor && start) {
          press.moving = new Set(after.selection);
          press.grabZ = hit.z;
          press.start = start;
          press.anchor = { x: anchor.x, y: anchor.y };
          press.base = shown;
        }
      }
      el.setPointerCapture(e.pointerId);
      perf.measure('plates:pointerdown', t0);
    };

    const onMove = (e: PointerEvent) => {
      if (!press || press.kind !== 'part' || e.pointerId !== press.pointerId) return;
      if (!press.moving || !press.start || !press.anchor || !press.base) return;
      const t0 = performance.now();
      if (!press.dragging) {
        if (Math.hypot(e.clientX - press.x0, e.clientY - press.y0) < DRAG_THRESHOLD_PX) return;
        press.dragging = true;
        press.selectOnUp = false;
        plateActions.beginDrag(press.moving);
      }
      const ray = rayAt(e.clientX, e.clientY);
      const p = ray ? rayToPlaneZ(ray.origin, ray.direction, press.grabZ ?? 0) : null;
      if (!p) return;
      const d = snappedDelta(
        press.anchor,
        { dx: p.x - press.start.x, dy: p.y - press.start.y },
        snapStep(e.altKey),
      );
      const next = movePlacements(press.base, press.moving, d.dx, d.dy);
      plateActions.showDraft(next, { x: press.anchor.x + d.dx, y: press.anchor.y + d.dy });
      perf.measure('plates:pointermove', t0);
    };

    const finish = (e: PointerEvent, cancelled: boolean) => {
      if (!press || e.pointerId !== press.pointerId) return;
      const p = press;
      press = null;
      if (rig.controls) rig.controls.enabled = true;
      if (el.hasPointerCapture(e.pointerId)) el.releasePointerCapture(e.pointerId);
      if (p.kind === 'empty') {
        const still = Math.hypot(e.clientX - p.x0, e.clientY - p.y0) < DRAG_THRESHOLD_PX;
        if (still && !p.shift && !cancelled) plateActions.clearSelection();
        return;
      }
      if (!p.dragging) {
        if (p.selectOnUp && p.partId && !cancelled) plateActions.select([p.partId]);
        return;
      }
      const s = usePlateStore.getState();
      const moving = p.moving ?? new Set<string>();
      plateActions.endDrag();
      if (cancelled || !s.draft) {
        plateActions.revert();
        return;
      }
      // Released over the queue list: the parts go back to the queue.
      const under = document.elementFromPoint(e.clientX, e.clientY);
      if (under?.closest('[data-plate-drop="queue"]')) {
        plateActions.revert();
        dropToQueue(moving);
        return;
      }
      const name = moving.size === 1 && s.ctx ? s.ctx.label([...moving][0] as string) : undefined;
      void commitPlacements(s.draft, editLabel('Move', moving, name));
    };
    const onUp = (e: PointerEvent) => finish(e, false);
    const onCancel = (e: PointerEvent) => finish(e, true);
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || !press) return;
      const p = press;
      press = null;
      if (rig.controls) rig.controls.enabled = true;
      if (el.hasPointerCapture(p.pointerId)) el.releasePointerCapture(p.pointerId);
      if (p.dragging) plateActions.revert();
      e.stopPropagation();
    };

    el.addEventListener('pointerdown', onDown, { capture: true });
    el.addEventListener('pointermove', onMove);
    el.addEventListener('pointerup', onUp);
    el.addEventListener('pointercancel', onCancel);
    window.addEventListener('keydown', onKey, { capture: true });
    return () => {
      el.removeEventListener('pointerdown', onDown, { capture: true });
      el.removeEventListener('pointermove', onMove);
      el.removeEventListener('pointerup', onUp);
      el.removeEventListener('pointercancel', onCancel);
      window.removeEventListener('keydown', onKey, { capture: true });
      if (rig.controls) rig.controls.enabled = true;
    };
  }, [gl, readOnly]);
  return null;
}

function pickWith(raycaster: Raycaster): Pick | null {
  const input = rig.pickInput?.();
  if (!input) return null;
  return pickPart(raycaster, input, usePlateStore.getState().view === 'top');
}

/** Bed point under a client pixel (a part dropped from the queue list), or null. */
export function bedPointAt(clientX: number, clientY: number): { x: number; y: number } | null {
  const cam = rig.camera;
  const el = rig.gl?.domElement;
  if (!cam || !el) return null;
  const raycaster = new Raycaster();
  const p = toNdc({ x: clientX, y: clientY }, el.getBoundingClientRect());
  raycaster.setFromCamera(new Vector2(p.x, p.y), cam);
  return rayToPlaneZ(raycaster.ray.origin, raycaster.ray.direction, 0);
}

/** The part a press at a client pixel would grab (same ray cast as the pointer handler). */
export function partAtClient(clientX: number, clientY: number): string | null {
  const cam = rig.camera;
  const el = rig.gl?.domElement;
  if (!cam || !el) return null;
  const raycaster = new Raycaster();
  const p = toNdc({ x: clientX, y: clientY }, el.getBoundingClientRect());
  raycaster.setFromCamera(new Vector2(p.x, p.y), cam);
  return pickWith(raycaster)?.partId ?? null;
}

/** Client pixel of a bed point (test hook: where to press to grab a part). */
export function clientPointOf(x: number, y: number, z = 0): { x: number; y: number } | null {
  const cam = rig.camera;
  const el = rig.gl?.domElement;
  if (!cam || !el) return null;
  cam.updateMatrixWorld();
  const v = new Vector3(x, y, z).project(cam);
  const r = el.getBoundingClientRect();
  return { x: r.left + ((v.x + 1) / 2) * r.width, y: r.top + ((1 - v.y) / 2) * r.height };
}
