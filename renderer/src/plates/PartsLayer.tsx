import { useThree } from '@react-three/fiber';
import { useEffect, useLayoutEffect, useMemo, useRef, useSyncExternalStore } from 'react';
import {
  BoxGeometry,
  BufferAttribute,
  BufferGeometry,
  Color,
  DynamicDrawUsage,
  type InstancedMesh,
  LineBasicMaterial,
  LineSegments,
  Matrix4,
  MeshStandardMaterial,
} from 'three';
import type { Polygon } from '../../../shared/domain/common';
import type { Placement } from '../../../shared/domain/plan';
import type { MeshCache } from './mesh-cache';
import { poseMatrix, toBed } from './placement-transform';
import { placementIndex, shownPlacements, usePlateStore } from './plate-store';
import type { SceneColors } from './scene-colors';
import { rig } from './viewport-rig';

export interface ModelLook {
  /** Palette slot of the model. */
  tone: number;
  /** Size of the model's bounding box (mm), for the stand-in while its mesh loads. */
  size: { x: number; y: number; z: number };
}

/**
 * Parts as their real meshes: ONE InstancedMesh per distinct model on the plate. Matrices and
 * colours follow the plate store through a subscription, so dragging touches typed arrays and
 * asks for one frame instead of re-rendering React.
 */
export function PartsLayer({
  cache,
  colors,
  looks,
}: {
  cache: MeshCache;
  colors: SceneColors;
  looks: ReadonlyMap<string, ModelLook>;
}) {
  const layout = usePlateStore((s) => s.layout);
  useSyncExternalStore(cache.subscribe, cache.getVersion, cache.getVersion);
  // One material for every part: consecutive draw calls then skip re-uploading material
  // uniforms, which is most of three.js's per-call CPU cost. Colours come per instance.
  const materials = useMemo(
    () => ({
      solid: new MeshStandardMaterial({ color: 0xffffff, roughness: 0.62, metalness: 0.04 }),
      standIn: new MeshStandardMaterial({
        color: 0xffffff,
        roughness: 0.62,
        metalness: 0.04,
        transparent: true,
        opacity: 0.35,
      }),
    }),
    [],
  );
  useEffect(
    () => () => {
      materials.solid.dispose();
      materials.standIn.dispose();
    },
    [materials],
  );
  return (
    <group name="parts">
      {layout.groups.map((g) => {
        const look = looks.get(g.modelId);
        return (
          <ModelInstances
            key={`${g.modelId}:${g.partIds.join(',')}`}
            modelId={g.modelId}
            partIds={g.partIds}
            geometry={cache.geometry(g.modelId) ?? null}
            size={look?.size ?? { x: 10, y: 10, z: 10 }}
            baseColor={colors.parts[look?.tone ?? 0] ?? colors.parts[0] ?? '#f0a35e'}
            colors={colors}
            materials={materials}
          />
        );
      })}
    </group>
  );
}

function ModelInstances({
  modelId,
  partIds,
  geometry,
  size,
  baseColor,
  colors,
  materials,
}: {
  modelId: string;
  partIds: string[];
  geometry: BufferGeometry | null;
  size: { x: number; y: number; z: number };
  baseColor: string;
  colors: SceneColors;
  materials: { solid: MeshStandardMaterial; standIn: MeshStandardMaterial };
}) {
  const ref = useRef<InstancedMesh>(null);
  const invalidate = useThree((s) => s.invalidate);
  // Until the mesh arrives, a translucent box of the model's size stands in for it.
  const standIn = useMemo(() => {
    if (geometry) return null;
    const g = new BoxGeometry(size.x, size.y, size.z);
    g.translate(size.x / 2, size.y / 2, size.z / 2);
    return g;
  }, [geometry, size.x, size.y, size.z]);
  const material = geometry ? materials.solid : materials.standIn;
  useEffect(() => () => standIn?.dispose(), [standIn]);

  useLayoutEffect(() => {
    const mesh = ref.current;
    if (!mesh) return;
    mesh.instanceMatrix.setUsage(DynamicDrawUsage);
    mesh.userData = { modelId, partIds };
    rig.meshes.add(mesh);
    const last: (Placement | undefined)[] = new Array<Placement | undefined>(partIds.length);
    const m = new Matrix4();
    const base = new Color(baseColor);
    // Problems win over selection: a selected part in a collision must still read as red (the
    // selection outline on the bed shows it is selected).
    const white = new Color(0xffffff);
    // Pinned (hand-placed) parts read a shade toward the bed's outline colour: re-nesting keeps
    // them, and the side panel's pin markers say so.
    const pinnedTint = base.clone().lerp(new Color(colors.outline), 0.4);
    const paint = {
      normal: base.clone(),
      pinned: pinnedTint,
      selected: base.clone().lerp(new Color(colors.selected), 0.6),
      error: new Color(colors.error),
      errorSelected: new Color(colors.error).lerp(white, 0.22),
      warning: base.clone().lerp(new Color(colors.warning), 0.75),
      warningSelected: new Color(colors.warning).lerp(white, 0.25),
    };
    const looks = new Uint8Array(partIds.length).fill(255);
    const pinned = new Uint8Array(partIds.length);
    let lastSelection: unknown = null;
    let lastSeverity: unknown = null;
    const apply = (s: ReturnType<typeof usePlateStore.getState>, force: boolean) => {
      let changed = false;
      let moved = false;
      let pinsChanged = false;
      const byId = placementIndex(shownPlacements(s));
      for (let i = 0; i < partIds.length; i++) {
        const p = byId.get(partIds[i] as string);
        if (!p || (!force && last[i] === p)) continue;
        const pin = p.fixed ? 1 : 0;
        if (pinned[i] !== pin) {
          pinned[i] = pin;
          pinsChanged = true;
        }
        last[i] = p;
        poseMatrix(p, m.elements);
        mesh.setMatrixAt(i, m);
        moved = true;
      }
      if (moved) {
        mesh.instanceMatrix.needsUpdate = true;
        // Picking recomputes these from the new instance matrices.
        mesh.boundingSphere = null;
        mesh.boundingBox = null;
        changed = true;
      }
      if (force || pinsChanged || s.selection !== lastSelection || s.severity !== lastSeverity) {
        lastSelection = s.selection;
        lastSeverity = s.severity;
        let repainted = false;
        partIds.forEach((id, i) => {
          const sel = s.selection.has(id);
          const sev = s.severity.get(id);
          // Only instances whose look changes are repainted (and only then uploaded).
          const look =
            (sel ? 1 : 0) +
            (sev === 'error' ? 2 : sev === 'warning' ? 4 : 0) +
            (pinned[i] ?? 0) * 8;
          if (!force && looks[i] === look) return;
          looks[i] = look;
          repainted = true;
          const c =
            sev === 'error'
              ? sel
                ? paint.errorSelected
                : paint.error
              : sev === 'warning'
                ? sel
                  ? paint.warningSelected
                  : paint.warning
                : sel
                  ? paint.selected
                  : pinned[i]
                    ? paint.pinned
                    : paint.normal;
          mesh.setColorAt(i, c);
        });
        if (repainted) {
          if (mesh.instanceColor) mesh.instanceColor.needsUpdate = true;
          changed = true;
        }
      }
      if (changed) invalidate();
    };
    apply(usePlateStore.getState(), true);
    const unsubscribe = usePlateStore.subscribe((s) => apply(s, false));
    return () => {
      unsubscribe();
      rig.meshes.delete(mesh);
    };
  }, [modelId, partIds, baseColor, colors, geometry, standIn, invalidate]);

  const g = geometry ?? standIn;
  if (!g) return null;
  return (
    <instancedMesh
      ref={ref}
      args={[g, material, partIds.length]}
      frustumCulled={false}
      matrixAutoUpdate={false}
      name={`model-${modelId.slice(0, 8)}`}
    />
  );
}

/**
 * The footprint outlines of the selected parts, drawn on the bed: in the top view this is
 * what the validator sees, in the 3D view it shows where a lifted overhang really stands.
 */
export function SelectionOutline({
  footprints,
  color,
}: {
  footprints: ReadonlyMap<string, Polygon[]>;
  color: string;
}) {
  const invalidate = useThree((s) => s.invalidate);
  const object = useMemo(() => {
    const g = new BufferGeometry();
    g.setAttribute('position', new BufferAttribute(new Float32Array(0), 3));
    const lines = new LineSegments(
      g,
      new LineBasicMaterial({ color, depthTest: false, transparent: true }),
    );
    lines.renderOrder = 10;
    lines.frustumCulled = false;
    lines.matrixAutoUpdate = false;
    return lines;
  }, [color]);
  useEffect(
    () => () => {
      object.geometry.dispose();
      (object.material as LineBasicMaterial).dispose();
    },
    [object],
  );
  useLayoutEffect(() => {
    let lastSel: unknown = null;
    let lastPlaced: Placement[] = [];
    const rebuild = (s: ReturnType<typeof usePlateStore.getState>) => {
      const selected = shownPlacements(s).filter((p) => s.selection.has(p.partId));
      if (
        s.selection === lastSel &&
        selected.length === lastPlaced.length &&
        selected.every((p, i) => p === lastPlaced[i])
      ) {
        return;
      }
      lastSel = s.selection;
      lastPlaced = selected;
      const pts: number[] = [];
      for (const p of selected) {
        for (const ring of footprints.get(p.modelId) ?? []) {
          for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
            const a = toBed(p, ring[j]!);
            const b = toBed(p, ring[i]!);
            pts.push(a.x, a.y, 0.15, b.x, b.y, 0.15);
          }
        }
      }
      const attr = object.geometry.getAttribute('position') as BufferAttribute;
      if (attr.array.length < pts.length) {
        const grown = new BufferAttribute(
          new Float32Array(Math.max(pts.length, attr.array.length * 2)),
          3,
        );
        grown.setUsage(DynamicDrawUsage);
        object.geometry.setAttribute('position', grown);
      }
      const target = object.geometry.getAttribute('position') as BufferAttribute;
      (target.array as Float32Array).set(pts);
      target.needsUpdate = true;
      object.geometry.setDrawRange(0, pts.length / 3);
      object.visible = pts.length > 0;
      invalidate();
    };
    rebuild(usePlateStore.getState());
    return usePlateStore.subscribe(rebuild);
  }, [object, footprints, invalidate]);
  return <primitive object={object} />;
}
