import { strToU8, zipSync } from 'fflate';
import { type SourceUnit, type TriangleMesh } from './mesh';

/**
 * Encoders for the formats we read. Used by tests (round trips, malformed variants), benches
 * (big generated files) and export; all pure, all return bytes.
 */

function facetNormal(p: Float32Array, o: number): [number, number, number] {
  const ux = (p[o + 3] as number) - (p[o] as number),
    uy = (p[o + 4] as number) - (p[o + 1] as number),
    uz = (p[o + 5] as number) - (p[o + 2] as number);
  const vx = (p[o + 6] as number) - (p[o] as number),
    vy = (p[o + 7] as number) - (p[o + 1] as number),
    vz = (p[o + 8] as number) - (p[o + 2] as number);
  const nx = uy * vz - uz * vy,
    ny = uz * vx - ux * vz,
    nz = ux * vy - uy * vx;
  const l = Math.hypot(nx, ny, nz) || 1;
  return [nx / l, ny / l, nz / l];
}

export function encodeBinaryStl(mesh: TriangleMesh, header = 'PlateShift binary STL'): Uint8Array {
  const n = mesh.triangleCount;
  const out = new Uint8Array(84 + 50 * n);
  const view = new DataView(out.buffer);
  for (let i = 0; i < Math.min(80, header.length); i++) out[i] = header.charCodeAt(i) & 0xff;
  view.setUint32(80, n, true);
  const p = mesh.positions;
  for (let t = 0; t < n; t++) {
    let at = 84 + t * 50;
    const nrm = facetNormal(p, t * 9);
    for (const v of nrm) {
      view.setFloat32(at, v, true);
      at += 4;
    }
    for (let k = 0; k < 9; k++) {
      view.setFloat32(at, p[t * 9 + k] as number, true);
      at += 4;
    }
  }
  return out;
}

export interface AsciiStlStyle {
  name?: string;
  newline?: '\n' | '\r\n';
  /** Keyword case. */
  upper?: boolean;
  /** Write numbers as 1.234560e+01. */
  exponent?: boolean;
}

export function asciiStlText(mesh: TriangleMesh, style: AsciiStlStyle = {}): string {
  const nl = style.newline ?? '\n';
  const kw = (s: string): string => (style.upper ? s.toUpperCase() : s);
  const num = (v: number): string => (style.exponent ? v.toExponential(6) : String(v));
  const name = style.name ?? 'plateshift';
  const lines: string[] = [`${kw('solid')} ${name}`];
  const p = mesh.positions;
  for (let t = 0; t < mesh.triangleCount; t++) {
    const [nx, ny, nz] = facetNormal(p, t * 9);
    lines.push(
      `  ${kw('facet normal')} ${num(nx)} ${num(ny)} ${num(nz)}`,
      `    ${kw('outer loop')}`,
    );
    for (let k = 0; k < 3; k++) {
      const o = t * 9 + k * 3;
      lines.push(
        `      ${kw('vertex')} ${num(p[o] as number)} ${num(p[o + 1] as number)} ${num(p[o + 2] as number)}`,
      );
    }
    lines.push(`    ${kw('endloop')}`, `  ${kw('endfacet')}`);
  }
  lines.push(`${kw('endsolid')} ${name}`);
  return lines.join(nl) + nl;
}

export function encodeAsciiStl(mesh: TriangleMesh, style: AsciiStlStyle = {}): Uint8Array {
  return strToU8(asciiStlText(mesh, style));
}

/** Indexed view of a soup by exact coordinates (for OBJ/3MF writing). */
export function indexMesh(mesh: TriangleMesh): { vertices: number[]; triangles: number[] } {
  const map = new Map<string, number>();
  const vertices: number[] = [];
  const triangles: number[] = [];
  const p = mesh.positions;
  for (let r = 0; r < mesh.triangleCount * 3; r++) {
    const x = p[r * 3] as number,
      y = p[r * 3 + 1] as number,
      z = p[r * 3 + 2] as number;
    const key = `${x},${y},${z}`;
    let id = map.get(key);
    if (id === undefined) {
      id = vertices.length / 3;
      map.set(key, id);
      vertices.push(x, y, z);
    }
    triangles.push(id);
  }
  return { vertices, triangles };
}

export interface ObjStyle {
  /** Refer to vertices with negative (relative) indices. */
  negativeIndices?: boolean;
  /** Merge triangle pairs into quads where they share a diagonal (for polygon tests). */
  quads?: boolean;
}

export function encodeObj(mesh: TriangleMesh, style: ObjStyle = {}): Uint8Array {
  const { vertices, triangles } = indexMesh(mesh);
  const lines: string[] = ['# PlateShift OBJ', 'o part', 'vn 0 0 1'];
  const vcount = vertices.length / 3;
  for (let i = 0; i < vcount; i++) {
    lines.push(`v ${vertices[i * 3]} ${vertices[i * 3 + 1]} ${vertices[i * 3 + 2]}`);
  }
  const ref = (id: number): string =>
    style.negativeIndices ? String(id - vcount) : String(id + 1);
  const tcount = triangles.length / 3;
  for (let t = 0; t < tcount; t++) {
    const a = triangles[t * 3] as number,
      b = triangles[t * 3 + 1] as number,
      c = triangles[t * 3 + 2] as number;
    if (style.quads && t + 1 < tcount) {
      const a2 = triangles[t * 3 + 3] as number,
        b2 = triangles[t * 3 + 4] as number,
        c2 = triangles[t * 3 + 5] as number;
      // (a, b, c) + (a, c, d): the quad a b c d, as box() and prismXZ() emit them.
      if (a2 === a && b2 === c) {
        lines.push(`f ${ref(a)}//1 ${ref(b)}//1 ${ref(c)}//1 ${ref(c2)}//1`);
        t++;
        continue;
      }
    }
    lines.push(`f ${ref(a)} ${ref(b)} ${ref(c)}`);
  }
  return strToU8(lines.join('\n') + '\n');
}

export interface ThreeMfObject {
  mesh: TriangleMesh;
  name?: string;
}

export interface ThreeMfBuildItem {
  /** Index into `objects` (mesh objects) or `assemblies` (offset by objects.length). */
  object: number;
  transform?: readonly number[];
}

export interface ThreeMfDocument {
  unit?: SourceUnit;
  objects: ThreeMfObject[];
  /** Component objects: each lists mesh objects with their transforms. */
  assemblies?: { name?: string; components: { object: number; transform?: readonly number[] }[] }[];
  build: ThreeMfBuildItem[];
}

function fmtTransform(t: readonly number[] | undefined): string {
  return t ? ` transform="${t.join(' ')}"` : '';
}

export function threeMfModelXml(doc: ThreeMfDocument): string {
  const parts: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<model unit="${doc.unit ?? 'millimeter'}" xml:lang="en-US" xmlns="http://schemas.microsoft.com/3dmanufacturing/core/2015/02">`,
    '  <metadata name="Application">PlateShift</metadata>',
    '  <resources>',
  ];
  doc.objects.forEach((o, i) => {
    const { vertices, triangles } = indexMesh(o.mesh);
    parts.push(
      `    <object id="${i + 1}" type="model"${o.name ? ` name="${o.name}"` : ''}>`,
      '      <mesh>',
      '        <vertices>',
    );
    for (let v = 0; v < vertices.length; v += 3) {
      parts.push(
        `          <vertex x="${vertices[v]}" y="${vertices[v + 1]}" z="${vertices[v + 2]}" />`,
      );
    }
    parts.push('        </vertices>', '        <triangles>');
    for (let t = 0; t < triangles.length; t += 3) {
      parts.push(
        `          <triangle v1="${triangles[t]}" v2="${triangles[t + 1]}" v3="${triangles[t + 2]}" />`,
      );
    }
    parts.push('        </triangles>', '      </mesh>', '    </object>');
  });
  (doc.assemblies ?? []).forEach((a, i) => {
    parts.push(
      `    <object id="${doc.objects.length + i + 1}" type="model"${a.name ? ` name="${a.name}"` : ''}>`,
      '      <components>',
    );
    for (const c of a.components)
      parts.push(`        <component objectid="${c.object + 1}"${fmtTransform(c.transform)} />`);
    parts.push('      </components>', '    </object>');
  });
  parts.push('  </resources>', '  <build>');
  for (const item of doc.build)
    parts.push(`    <item objectid="${item.object + 1}"${fmtTransform(item.transform)} />`);
  parts.push('  </build>', '</model>');
  return parts.join('\n');
}

const CONTENT_TYPES =
  '<?xml version="1.0" encoding="UTF-8"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
  '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
  '<Default Extension="model" ContentType="application/vnd.ms-package.3dmanufacturing-3dmodel+xml"/></Types>';
const RELS =
  '<?xml version="1.0" encoding="UTF-8"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
  '<Relationship Target="/3D/3dmodel.model" Id="rel0" Type="http://schemas.microsoft.com/3dmanufacturing/2013/01/3dmodel"/></Relationships>';

/** A 3MF package; `modelXml` overrides the generated model (for malformed-input tests). */
export function encode3mf(doc: ThreeMfDocument, modelXml?: string): Uint8Array {
  return zipSync(
    {
      '[Content_Types].xml': strToU8(CONTENT_TYPES),
      '_rels/.rels': strToU8(RELS),
      '3D/3dmodel.model': strToU8(modelXml ?? threeMfModelXml(doc)),
    },
    { level: 6 },
  );
}
