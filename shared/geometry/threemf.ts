import { strFromU8 } from 'fflate';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { IntakeError, type CancelSignal, throwIfCancelled } from './errors';
import { type IntakeLimits } from './limits';
import {
  IDENTITY_TRANSFORM,
  type MeshPart,
  type ParsedModel,
  type ParseNote,
  type SourceUnit,
  UNIT_TO_MM,
  composeTransforms,
  transformPositionsInto,
} from './mesh';
import { listZip, readZipEntry, type ZipEntryInfo } from './zip';

/** An `<object>` with a mesh, indexed as the file stores it (vertices shared by triangles). */
interface MeshObject {
  vertices: Float64Array;
  triangles: Uint32Array;
  triangleCount: number;
}

interface ObjectDef {
  id: string;
  name: string;
  type: string;
  mesh?: MeshObject;
  components: { objectId: string; path?: string; transform: number[] }[];
}

interface ModelFile {
  unit: SourceUnit;
  objects: Map<string, ObjectDef>;
  items: { objectId: string; path?: string; transform: number[] }[];
}

const LABEL = 'The 3MF file';
const MODEL_REL = 'http://schemas.microsoft.com/3dmanufacturing/2013/01/3dmodel';

/**
 * 3MF: a zip with `_rels/.rels` → the root model part (usually `3D/3dmodel.model`). Reads
 * every build item, resolves components (also in other model parts, production extension),
 * applies the item and component transforms and converts the `unit` to millimetres.
 */
export function parse3mf(
  bytes: Uint8Array,
  limits: IntakeLimits,
  signal?: CancelSignal,
): ParsedModel {
  const infos = listZip(bytes, limits, LABEL);
  const byName = new Map<string, ZipEntryInfo>();
  for (const info of infos) if (!info.isDirectory) byName.set(info.name.toLowerCase(), info);
  const budget = { remaining: limits.maxUncompressedBytes };
  const read = (name: string): Uint8Array | null => {
    const info = byName.get(name.replace(/^\//, '').toLowerCase());
    return info ? readZipEntry(bytes, info, limits, LABEL, budget) : null;
  };

  const rootPath = findRootModel(read) ?? '3D/3dmodel.model';
  const models = new Map<string, ModelFile>();
  const load = (path: string): ModelFile => {
    const key = path.replace(/^\//, '').toLowerCase();
    const cached = models.get(key);
    if (cached) return cached;
    const data = read(key);
    if (!data) {
      throw new IntakeError(
        '3mf-structure',
        `${LABEL} has no model part “${path}”. It is damaged or not a 3MF file.`,
        { part: path },
      );
    }
    const model = parseModelXml(data, key, limits, signal);
    models.set(key, model);
    return model;
  };
  const root = load(rootPath);
  const scale = UNIT_TO_MM[root.unit];
  const notes: ParseNote[] = [];

  // Flatten build items into (mesh, transform) pairs; components may nest, cycles are refused.
  const pieces: { mesh: MeshObject; transform: number[]; part: number }[] = [];
  const parts: MeshPart[] = [];
  let total = 0;
  const visit = (
    modelKey: string,
    objectId: string,
    transform: number[],
    part: number,
    depth: number,
  ): void => {
    if (depth > 32) {
      throw new IntakeError(
        '3mf-structure',
        `${LABEL} has components nested more than 32 deep (a cycle?).`,
      );
    }
    const model = load(modelKey);
    const obj = model.objects.get(objectId);
    if (!obj) {
      throw new IntakeError(
        '3mf-structure',
        `${LABEL} refers to object ${objectId}, which it does not define.`,
        { objectId },
      );
    }
    if (obj.type === 'support' || obj.type === 'other') return;
    if (obj.mesh) {
      total += obj.mesh.triangleCount;
      if (total > limits.maxTriangles) {
        throw new IntakeError(
          'too-many-triangles',
          `The model has more than ${limits.maxTriangles.toLocaleString('en-US')} triangles, the workspace limit. ` +
            'Decimate it in the CAD tool or raise the limit in the site settings.',
          { limit: limits.maxTriangles },
        );
      }
      pieces.push({ mesh: obj.mesh, transform, part });
    }
    for (const c of obj.components) {
      visit(
        c.path ? c.path.replace(/^\//, '').toLowerCase() : modelKey,
        c.objectId,
        composeTransforms(c.transform, transform),
        part,
        depth + 1,
      );
    }
  };
  if (root.items.length === 0) {
    throw new IntakeError(
      'no-triangles',
      `${LABEL} places no objects on its build plate: there is nothing to print.`,
    );
  }
  const rootKey = rootPath.replace(/^\//, '').toLowerCase();
  root.items.forEach((item, k) => {
    const first = total;
    const key = item.path ? item.path.replace(/^\//, '').toLowerCase() : rootKey;
    visit(key, item.objectId, item.transform, k, 0);
    const obj = load(key).objects.get(item.objectId);
    parts.push({
      name: obj?.name || `object ${item.objectId}`,
      firstTriangle: first,
      triangleCount: total - first,
    });
  });
  if (total === 0) {
    throw new IntakeError(
      'no-triangles',
      `${LABEL} contains no triangles: there is nothing to print.`,
    );
  }

  const positions = new Float32Array(total * 9);
  const soup = new Float64Array(9);
  let at = 0;
  for (const piece of pieces) {
    throwIfCancelled(signal);
    const m = scale === 1 ? piece.transform : piece.transform.map((v) => v * scale);
    const { vertices, triangles, triangleCount } = piece.mesh;
    for (let t = 0; t < triangleCount; t++) {
      for (let k = 0; k < 3; k++) {
        const v = (triangles[t * 3 + k] as number) * 3;
        soup[k * 3] = vertices[v] as number;
        soup[k * 3 + 1] = vertices[v + 1] as number;
        soup[k * 3 + 2] = vertices[v + 2] as number;
      }
      transformPositionsInto(soup, 0, 9, m, positions, at);
      at += 9;
    }
  }
  if (root.unit !== 'millimeter') {
    notes.push({
      code: '3mf-unit',
      message: `Coordinates were given in the unit “${root.unit}”; converted to millimetres.`,
    });
  }
  return {
    format: '3mf',
    positions,
    triangleCount: total,
    parts,
    sourceUnit: root.unit,
    notes,
  };
}

function findRootModel(read: (name: string) => Uint8Array | null): string | null {
  const rels = read('_rels/.rels');
  if (!rels) return null;
  const text = strFromU8(rels);
  const re = /<(?:\w+:)?Relationship\b([^>]*)>/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const attrs = m[1] ?? '';
    const type = /\bType\s*=\s*["']([^"']*)["']/.exec(attrs)?.[1];
    const target = /\bTarget\s*=\s*["']([^"']*)["']/.exec(attrs)?.[1];
    if (type === MODEL_REL && target) return target.replace(/^\//, '');
  }
  return null;
}

type XmlNode = Record<string, unknown>;

function asNodes(v: unknown): XmlNode[] {
  if (v === undefined || v === null || v === '') return [];
  const arr = Array.isArray(v) ? v : [v];
  return arr.filter((x): x is XmlNode => typeof x === 'object' && x !== null);
}

function attr(node: XmlNode, name: string): string | undefined {
  const v = node[name];
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
}

function parseTransform(raw: string | undefined, where: string): number[] {
  if (raw === undefined) return [...IDENTITY_TRANSFORM];
  const nums = raw.trim().split(/\s+/).map(Number);
  if (nums.length !== 12 || nums.some((v) => !Number.isFinite(v))) {
    throw new IntakeError(
      '3mf-structure',
      `${LABEL} has an invalid transform on ${where}: “${raw.slice(0, 80)}” (expected 12 numbers).`,
    );
  }
  return nums;
}

const UNITS = new Set<string>(Object.keys(UNIT_TO_MM));

/**
 * The XML is parsed in two layers: mesh bodies (vertices and triangles, nearly all the bytes)
 * with a byte scanner, and everything else — a small skeleton with the mesh bodies cut out
 * but their line breaks kept — validated and parsed by fast-xml-parser.
 */
function parseModelXml(
  data: Uint8Array,
  partName: string,
  limits: IntakeLimits,
  signal?: CancelSignal,
): ModelFile {
  const bodies: { start: number; end: number; line: number }[] = [];
  const skeleton = cutMeshBodies(data, bodies);
  const valid = XMLValidator.validate(skeleton);
  if (valid !== true) {
    throw new IntakeError(
      '3mf-xml',
      `${LABEL} has malformed XML in ${partName}, line ${valid.err.line}: ${valid.err.msg}`,
      { part: partName, line: valid.err.line },
    );
  }
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    removeNSPrefix: true,
    parseAttributeValue: false,
    parseTagValue: false,
    isArray: (name) => ['object', 'item', 'component', 'metadata'].includes(name),
  });
  const doc = parser.parse(skeleton) as XmlNode;
  const model = asNodes(doc['model'])[0];
  if (!model) {
    throw new IntakeError('3mf-structure', `${LABEL}: ${partName} has no <model> element.`, {
      part: partName,
    });
  }
  const unitRaw = attr(model, 'unit') ?? 'millimeter';
  if (!UNITS.has(unitRaw)) {
    throw new IntakeError(
      '3mf-structure',
      `${LABEL} declares the unknown unit “${unitRaw.slice(0, 40)}”.`,
    );
  }
  const objects = new Map<string, ObjectDef>();
  let meshIndex = 0;
  for (const res of asNodes(model['resources'])) {
    for (const o of asNodes(res['object'])) {
      const id = attr(o, 'id');
      if (!id) throw new IntakeError('3mf-structure', `${LABEL} has an <object> without an id.`);
      const def: ObjectDef = {
        id,
        name: attr(o, 'name') ?? '',
        type: attr(o, 'type') ?? 'model',
        components: [],
      };
      if ('mesh' in o) {
        const body = bodies[meshIndex++];
        if (!body)
          throw new IntakeError('3mf-structure', `${LABEL}: object ${id} has an unreadable mesh.`);
        def.mesh = scanMesh(data, body, partName, id, limits, signal);
      }
      for (const comps of asNodes(o['components'])) {
        for (const c of asNodes(comps['component'])) {
          const objectId = attr(c, 'objectid');
          if (!objectId)
            throw new IntakeError(
              '3mf-structure',
              `${LABEL}: a component of object ${id} has no objectid.`,
            );
          const path = attr(c, 'path');
          def.components.push({
            objectId,
            transform: parseTransform(attr(c, 'transform'), `a component of object ${id}`),
            ...(path ? { path } : {}),
          });
        }
      }
      objects.set(id, def);
    }
  }
  const items: ModelFile['items'] = [];
  for (const build of asNodes(model['build'])) {
    for (const it of asNodes(build['item'])) {
      const objectId = attr(it, 'objectid');
      if (!objectId)
        throw new IntakeError('3mf-structure', `${LABEL} has a build item without objectid.`);
      const path = attr(it, 'path');
      items.push({
        objectId,
        transform: parseTransform(attr(it, 'transform'), `build item ${objectId}`),
        ...(path ? { path } : {}),
      });
    }
  }
  return { unit: unitRaw as SourceUnit, objects, items };
}

function isNameChar(c: number): boolean {
  return (
    (c >= 97 && c <= 122) ||
    (c >= 65 && c <= 90) ||
    (c >= 48 && c <= 57) ||
    c === 95 ||
    c === 45 ||
    c === 46
  );
}

/** Reads a tag name at `at` (just after '<' or '</'), dropping any namespace prefix. */
function localNameAt(data: Uint8Array, at: number): { name: string; end: number } {
  let k = at;
  let start = at;
  while (k < data.length) {
    const c = data[k] as number;
    if (c === 58) start = k + 1;
    else if (!isNameChar(c)) break;
    k++;
  }
  let name = '';
  for (let q = start; q < k && q - start < 32; q++) name += String.fromCharCode(data[q] as number);
  return { name, end: k };
}

/** Returns the XML with each mesh body replaced by its line breaks; records the bodies. */
function cutMeshBodies(
  data: Uint8Array,
  bodies: { start: number; end: number; line: number }[],
): string {
  const chunks: string[] = [];
  let copyFrom = 0;
  let line = 1;
  const n = data.length;
  let i = 0;
  while (i < n) {
    const c = data[i] as number;
    if (c === 10) line++;
    else if (c === 60 && data[i + 1] !== 47 && data[i + 1] !== 33 && data[i + 1] !== 63) {
      const { name, end } = localNameAt(data, i + 1);
      if (name === 'mesh') {
        let k = end;
        while (k < n && data[k] !== 62) k++;
        if (k >= n) break;
        if (data[k - 1] === 47) {
          i = k + 1;
          continue;
        }
        const bodyStart = k + 1;
        const bodyLine = line;
        // Find the matching close tag "</…mesh>".
        let j = bodyStart;
        let close = -1;
        let newlines = 0;
        while (j < n) {
          const d = data[j] as number;
          if (d === 10) newlines++;
          else if (d === 60 && data[j + 1] === 47) {
            const t = localNameAt(data, j + 2);
            if (t.name === 'mesh') {
              close = j;
              break;
            }
          }
          j++;
        }
        if (close < 0) break; // unclosed: the validator reports it on the skeleton
        chunks.push(strFromU8(data.subarray(copyFrom, bodyStart)));
        chunks.push('\n'.repeat(newlines));
        bodies.push({ start: bodyStart, end: close, line: bodyLine });
        line += newlines;
        copyFrom = close;
        i = close + 2;
        continue;
      }
    }
    i++;
  }
  chunks.push(strFromU8(data.subarray(copyFrom)));
  return chunks.join('');
}

const POW10 = [
  1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17,
  1e18, 1e19, 1e20, 1e21, 1e22,
];

/** Parses a number from bytes [from, to); NaN when it is not a plain decimal. */
function parseNumber(data: Uint8Array, from: number, to: number): number {
  let k = from;
  while (k < to && (data[k] === 32 || data[k] === 9)) k++;
  let neg = false;
  let c = data[k] as number;
  if (c === 45 || c === 43) {
    neg = c === 45;
    k++;
  }
  let mant = 0;
  let digits = 0;
  let scale = 0;
  let saw = false;
  while (k < to && (c = data[k] as number) >= 48 && c <= 57) {
    mant = mant * 10 + c - 48;
    if (mant > 0) digits++;
    saw = true;
    k++;
  }
  if (k < to && data[k] === 46) {
    k++;
    while (k < to && (c = data[k] as number) >= 48 && c <= 57) {
      mant = mant * 10 + c - 48;
      if (mant > 0) digits++;
      scale--;
      saw = true;
      k++;
    }
  }
  if (saw && k < to && ((data[k] as number) | 0x20) === 101) {
    k++;
    let eneg = false;
    c = data[k] as number;
    if (c === 45 || c === 43) {
      eneg = c === 45;
      k++;
    }
    let e = 0;
    let sawE = false;
    while (k < to && (c = data[k] as number) >= 48 && c <= 57) {
      e = e * 10 + c - 48;
      sawE = true;
      k++;
    }
    if (!sawE) return NaN;
    scale += eneg ? -e : e;
  }
  while (k < to && (data[k] === 32 || data[k] === 9)) k++;
  if (!saw || k !== to) {
    let s = '';
    for (let q = from; q < to && q - from < 40; q++) s += String.fromCharCode(data[q] as number);
    const v = Number(s.trim());
    return s.trim() === '' ? NaN : v;
  }
  let v: number;
  if (digits <= 15 && scale >= -22 && scale <= 22) {
    v = scale < 0 ? mant / (POW10[-scale] as number) : mant * (POW10[scale] as number);
  } else {
    let s = '';
    for (let q = from; q < to; q++) s += String.fromCharCode(data[q] as number);
    v = Number(s.trim());
  }
  return neg ? -v : v;
}

/**
 * Byte scanner for `<vertex x y z/>` and `<triangle v1 v2 v3/>` inside one mesh body.
 * Other elements (extensions) are skipped; anything that is not well-formed stops with a line.
 */
function scanMesh(
  data: Uint8Array,
  body: { start: number; end: number; line: number },
  partName: string,
  objectId: string,
  limits: IntakeLimits,
  signal?: CancelSignal,
): MeshObject {
  let vcap = 1024;
  let verts = new Float64Array(vcap * 3);
  let vcount = 0;
  let tcap = 1024;
  let tris = new Uint32Array(tcap * 3);
  let tcount = 0;
  let line = body.line;
  const xmlError = (what: string): IntakeError =>
    new IntakeError(
      '3mf-xml',
      `${LABEL} has malformed XML in ${partName}, line ${line}: ${what}.`,
      {
        part: partName,
        line,
      },
    );
  const attrs = new Map<string, [number, number]>();
  let i = body.start;
  const end = body.end;
  while (i < end) {
    const c = data[i] as number;
    if (c === 10) {
      line++;
      i++;
      continue;
    }
    if (c !== 60) {
      i++;
      continue;
    }
    const next = data[i + 1] as number;
    if (next === 47 || next === 33 || next === 63) {
      // closing tag, comment or processing instruction: skip to '>' (comments may hold '>')
      if (next === 33 && data[i + 2] === 45 && data[i + 3] === 45) {
        let k = i + 4;
        while (k + 2 < end && !(data[k] === 45 && data[k + 1] === 45 && data[k + 2] === 62)) {
          if (data[k] === 10) line++;
          k++;
        }
        if (k + 2 >= end) throw xmlError('unterminated comment');
        i = k + 3;
        continue;
      }
      let k = i + 2;
      while (k < end && data[k] !== 62) {
        if (data[k] === 10) line++;
        k++;
      }
      if (k >= end) throw xmlError('unterminated tag');
      i = k + 1;
      continue;
    }
    const { name, end: nameEnd } = localNameAt(data, i + 1);
    if (name === '') throw xmlError('“<” that does not start a tag');
    // Attributes up to '>' (quoted values may not contain '>' in practice; we honour quotes).
    attrs.clear();
    let k = nameEnd;
    let closed = false;
    for (;;) {
      while (k < end) {
        const d = data[k] as number;
        if (d === 10) line++;
        else if (!(d === 32 || d === 9 || d === 13)) break;
        k++;
      }
      if (k >= end) throw xmlError(`unterminated <${name}> tag`);
      const d = data[k] as number;
      if (d === 62) {
        k++;
        closed = true;
        break;
      }
      if (d === 47) {
        if (data[k + 1] !== 62) throw xmlError(`stray “/” in <${name}>`);
        k += 2;
        closed = true;
        break;
      }
      const a = localNameAt(data, k);
      if (a.end === k)
        throw xmlError(`unexpected character “${String.fromCharCode(d)}” in <${name}>`);
      k = a.end;
      while (k < end && (data[k] === 32 || data[k] === 9)) k++;
      if (data[k] !== 61) throw xmlError(`attribute “${a.name}” of <${name}> has no value`);
      k++;
      while (k < end && (data[k] === 32 || data[k] === 9)) k++;
      const q = data[k];
      if (q !== 34 && q !== 39) throw xmlError(`attribute “${a.name}” of <${name}> is not quoted`);
      const vstart = k + 1;
      k = vstart;
      while (k < end && data[k] !== q) {
        if (data[k] === 60) throw xmlError(`“<” inside the attribute “${a.name}”`);
        k++;
      }
      if (k >= end) throw xmlError(`unterminated attribute “${a.name}” in <${name}>`);
      attrs.set(a.name, [vstart, k]);
      k++;
    }
    if (!closed) throw xmlError(`unterminated <${name}> tag`);
    i = k;
    if (name === 'vertex') {
      if (vcount >= vcap) {
        vcap *= 2;
        const g = new Float64Array(vcap * 3);
        g.set(verts);
        verts = g;
      }
      for (let axis = 0; axis < 3; axis++) {
        const an = axis === 0 ? 'x' : axis === 1 ? 'y' : 'z';
        const span = attrs.get(an);
        if (!span) throw xmlError(`a <vertex> has no “${an}” attribute`);
        const v = parseNumber(data, span[0], span[1]);
        if (Number.isNaN(v) && !isNanLiteral(data, span[0], span[1])) {
          throw xmlError(
            `vertex ${vcount} has the non-numeric ${an} “${sliceText(data, span[0], span[1])}”`,
          );
        }
        if (!Number.isFinite(v)) {
          throw new IntakeError(
            'non-finite-coordinates',
            `${LABEL}: vertex ${vcount} of object ${objectId} (line ${line}) has ${Number.isNaN(v) ? 'a coordinate that is NaN (not a number)' : 'an infinite coordinate'}. Re-export the model.`,
            { line, vertex: vcount, value: Number.isNaN(v) ? 'NaN' : String(v) },
          );
        }
        verts[vcount * 3 + axis] = v;
      }
      vcount++;
    } else if (name === 'triangle') {
      if (tcount >= tcap) {
        if (tcount >= limits.maxTriangles) {
          throw new IntakeError(
            'too-many-triangles',
            `The model has more than ${limits.maxTriangles.toLocaleString('en-US')} triangles, the workspace limit.`,
            { limit: limits.maxTriangles },
          );
        }
        tcap *= 2;
        const g = new Uint32Array(tcap * 3);
        g.set(tris);
        tris = g;
      }
      for (let corner = 0; corner < 3; corner++) {
        const an = corner === 0 ? 'v1' : corner === 1 ? 'v2' : 'v3';
        const span = attrs.get(an);
        if (!span) throw xmlError(`a <triangle> has no “${an}” attribute`);
        const v = parseNumber(data, span[0], span[1]);
        if (!Number.isInteger(v) || v < 0) {
          throw xmlError(
            `triangle ${tcount} has the invalid vertex index “${sliceText(data, span[0], span[1])}”`,
          );
        }
        tris[tcount * 3 + corner] = v;
      }
      tcount++;
      if ((tcount & 0xffff) === 0) throwIfCancelled(signal);
    }
  }
  for (let t = 0; t < tcount * 3; t++) {
    if ((tris[t] as number) >= vcount) {
      throw new IntakeError(
        '3mf-structure',
        `${LABEL}: triangle ${Math.floor(t / 3)} of object ${objectId} refers to vertex ${tris[t]}, but the object has only ${vcount} vertices.`,
        { objectId, triangle: Math.floor(t / 3) },
      );
    }
  }
  return {
    vertices: verts.subarray(0, vcount * 3),
    triangles: tris.subarray(0, tcount * 3),
    triangleCount: tcount,
  };
}

function isNanLiteral(data: Uint8Array, from: number, to: number): boolean {
  return /^\s*[+-]?(nan|inf|infinity)\s*$/i.test(sliceText(data, from, to));
}

function sliceText(data: Uint8Array, from: number, to: number): string {
  let s = '';
  for (let q = from; q < to && q - from < 40; q++) s += String.fromCharCode(data[q] as number);
  return s;
}
