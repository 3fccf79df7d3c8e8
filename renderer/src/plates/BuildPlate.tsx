import { useEffect, useMemo } from 'react';
import {
  BufferAttribute,
  BufferGeometry,
  Color,
  ExtrudeGeometry,
  LineBasicMaterial,
  MeshBasicMaterial,
  Shape,
  ShapeGeometry,
} from 'three';
import type { Polygon } from '../../../shared/domain/common';
import { bedLineWork, type LineKind } from './bed-geometry';
import type { SceneColors } from './scene-colors';

function shapeOf(poly: Polygon): Shape {
  const s = new Shape();
  poly.forEach((p, i) => (i === 0 ? s.moveTo(p.x, p.y) : s.lineTo(p.x, p.y)));
  s.closePath();
  return s;
}

const SLAB_MM = 3;

/**
 * The printer's bed to scale: a slab with the bed's real outline, exclusion zones tinted and
 * hatched, a 10 mm grid, the outline and the origin marker. Four draw calls whatever the bed.
 */
export function BuildPlate({
  outline,
  zones,
  colors,
}: {
  outline: Polygon;
  zones: Polygon[];
  colors: SceneColors;
}) {
  const slab = useMemo(() => {
    const g = new ExtrudeGeometry(shapeOf(outline), { depth: SLAB_MM, bevelEnabled: false });
    g.translate(0, 0, -SLAB_MM);
    return g;
  }, [outline]);
  const zoneGeometry = useMemo(
    () => (zones.length > 0 ? new ShapeGeometry(zones.map(shapeOf)).translate(0, 0, 0.02) : null),
    [zones],
  );
  const lines = useMemo(() => {
    const work = bedLineWork(outline, zones);
    const g = new BufferGeometry();
    g.setAttribute('position', new BufferAttribute(new Float32Array(work.positions), 3));
    g.setAttribute('color', new BufferAttribute(new Float32Array(work.positions.length), 3));
    return { geometry: g, kinds: work.kinds };
  }, [outline, zones]);

  useEffect(() => {
    const colorOf: Record<LineKind, Color> = {
      grid: new Color(colors.grid),
      'grid-major': new Color(colors.gridMajor),
      outline: new Color(colors.outline),
      zone: new Color(colors.zoneLine),
      'axis-x': new Color(colors.axisX),
      'axis-y': new Color(colors.axisY),
    };
    const attr = lines.geometry.getAttribute('color') as BufferAttribute;
    lines.kinds.forEach((k, i) => {
      const c = colorOf[k];
      attr.setXYZ(i * 2, c.r, c.g, c.b);
      attr.setXYZ(i * 2 + 1, c.r, c.g, c.b);
    });
    attr.needsUpdate = true;
  }, [lines, colors]);

  // Top and sides of the slab in two colours: the bed surface and its edge.
  const slabMaterials = useMemo(
    () => [
      new MeshBasicMaterial({ color: colors.bed }),
      new MeshBasicMaterial({ color: colors.bedEdge }),
    ],
    [colors.bed, colors.bedEdge],
  );
  const zoneMaterial = useMemo(
    () =>
      new MeshBasicMaterial({
        color: colors.zoneFill,
        polygonOffset: true,
        polygonOffsetFactor: -1,
        polygonOffsetUnits: -1,
      }),
    [colors.zoneFill],
  );
  const lineMaterial = useMemo(() => new LineBasicMaterial({ vertexColors: true }), []);

  useEffect(() => () => slab.dispose(), [slab]);
  useEffect(() => () => zoneGeometry?.dispose(), [zoneGeometry]);
  useEffect(() => () => lines.geometry.dispose(), [lines]);
  useEffect(() => () => slabMaterials.forEach((m) => m.dispose()), [slabMaterials]);
  useEffect(() => () => zoneMaterial.dispose(), [zoneMaterial]);
  useEffect(() => () => lineMaterial.dispose(), [lineMaterial]);

  return (
    <group name="build-plate" matrixAutoUpdate={false}>
      <mesh geometry={slab} material={slabMaterials} matrixAutoUpdate={false} renderOrder={-2} />
      {zoneGeometry ? (
        <mesh
          geometry={zoneGeometry}
          material={zoneMaterial}
          matrixAutoUpdate={false}
          renderOrder={-1}
        />
      ) : null}
      <lineSegments geometry={lines.geometry} material={lineMaterial} matrixAutoUpdate={false} />
    </group>
  );
}
