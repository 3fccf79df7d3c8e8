/** Footprints of real model files through shared/geometry (the intake's own analysis). */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { analyseModel, parseModelFile } from '../../shared/geometry';
import { type Polygon } from '../../shared/domain/common';

export interface ModelFootprint {
  name: string;
  path: string;
  outline: Polygon[];
  hull: Polygon;
  areaMm2: number;
  width: number;
  depth: number;
}

export function loadFootprint(path: string): ModelFootprint {
  const bytes = new Uint8Array(readFileSync(path));
  const name = basename(path);
  const { facts } = analyseModel(parseModelFile(bytes, name));
  if (!facts.footprintHull || facts.footprintOutline.length === 0) {
    throw new Error(`${name}: no footprint (empty or invalid mesh)`);
  }
  return {
    name,
    path,
    outline: facts.footprintOutline,
    hull: facts.footprintHull,
    areaMm2: facts.footprintAreaMm2,
    width: facts.bbox.max.x - facts.bbox.min.x,
    depth: facts.bbox.max.y - facts.bbox.min.y,
  };
}
