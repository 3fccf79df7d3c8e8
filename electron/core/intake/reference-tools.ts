/**
 * Readers for the reference tools' output (admesh, `prusa-slicer --info`): shared by the
 * agreement test (reference-tools.test.ts) and the agreement table (bench/intake/agreement.ts).
 */

export interface ToolFacts {
  min: [number, number, number];
  max: [number, number, number];
  volume: number;
  watertight: boolean;
  parts: number;
}

function num(text: string, re: RegExp): number {
  const m = re.exec(text);
  if (!m) throw new Error(`pattern ${re} not found`);
  return Number(m[1]);
}

export function parseAdmesh(out: string): ToolFacts {
  const axis = (a: string): [number, number] => {
    const m = new RegExp(`Min ${a} =\\s*(-?[\\d.]+), Max ${a} =\\s*(-?[\\d.]+)`).exec(out);
    if (!m) throw new Error(`admesh: no ${a} range`);
    return [Number(m[1]), Number(m[2])];
  };
  const [x0, x1] = axis('X');
  const [y0, y1] = axis('Y');
  const [z0, z1] = axis('Z');
  // "Original" column: after admesh's exact edge matching, before any repair.
  const disconnected = num(out, /Total disconnected facets\s*:\s*(\d+)/);
  return {
    min: [x0, y0, z0],
    max: [x1, y1, z1],
    volume: num(out, /Volume\s*:\s*(-?[\d.]+)/),
    watertight: disconnected === 0,
    parts: num(out, /Number of parts\s*:\s*(\d+)/),
  };
}

export function parsePrusaInfo(out: string): Map<string, ToolFacts> {
  const result = new Map<string, ToolFacts>();
  for (const block of out.split(/^\[/m).slice(1)) {
    const name = block.slice(0, block.indexOf(']'));
    if (!/^min_x = /m.test(block)) continue; // log lines start with a bracket too
    const get = (key: string): number => num(block, new RegExp(`^${key} =\\s*(-?[\\d.]+)`, 'm'));
    result.set(name, {
      min: [get('min_x'), get('min_y'), get('min_z')],
      max: [get('max_x'), get('max_y'), get('max_z')],
      volume: get('volume'),
      watertight: /^manifold = yes/m.test(block),
      parts: get('number_of_parts'),
    });
  }
  return result;
}
