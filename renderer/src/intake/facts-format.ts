import type { ModelFacts, PrinterFit, Verdict, VerdictLevel } from '../../../shared/domain/model';

/** How the studio writes the geometry facts a technician reads at a glance. */

const trim = (n: number, digits: number) => String(Number(n.toFixed(digits)));

/** "0 B", "812 B", "53.8 kB", "1.4 MB" (decimal units, as file managers show them). */
export function formatBytes(bytes: number): string {
  if (!(bytes >= 0)) return '—';
  if (bytes < 1000) return `${Math.round(bytes)} B`;
  if (bytes < 1_000_000) return `${trim(bytes / 1000, bytes < 10_000 ? 1 : 0)} kB`;
  if (bytes < 1_000_000_000) return `${trim(bytes / 1_000_000, 1)} MB`;
  return `${trim(bytes / 1_000_000_000, 2)} GB`;
}

/** Millimetres with one decimal at most: 12.9, 26.85 → 26.9, 220 → 220. */
export function formatMm(mm: number): string {
  return trim(mm, 1);
}

export interface Dimensions {
  width: number;
  depth: number;
  height: number;
}

export function dimensionsOf(facts: Pick<ModelFacts, 'bbox'>): Dimensions {
  const { min, max } = facts.bbox;
  return { width: max.x - min.x, depth: max.y - min.y, height: max.z - min.z };
}

/** "12.9 × 26.9 × 13.5 mm" — width (X) × depth (Y) × height (Z), as slicers list them. */
export function formatDimensions(facts: Pick<ModelFacts, 'bbox'>): string {
  const d = dimensionsOf(facts);
  return `${formatMm(d.width)} × ${formatMm(d.depth)} × ${formatMm(d.height)} mm`;
}

/** cm³ with a sensible precision: "0.04 cm³", "1.8 cm³", "152 cm³". */
export function formatVolume(volumeMm3: number): string {
  const cm3 = Math.abs(volumeMm3) / 1000;
  if (cm3 < 1) return `${trim(cm3, 2)} cm³`;
  if (cm3 < 100) return `${trim(cm3, 1)} cm³`;
  return `${Math.round(cm3)} cm³`;
}

/** mm² for small footprints, cm² from 1 cm² up: "64 mm²", "3.2 cm²", "118 cm²". */
export function formatArea(areaMm2: number): string {
  if (areaMm2 < 100) return `${trim(areaMm2, 0)} mm²`;
  const cm2 = areaMm2 / 100;
  return cm2 < 100 ? `${trim(cm2, 1)} cm²` : `${Math.round(cm2)} cm²`;
}

/** Filament densities in g/cm³ (datasheet typicals); unknown materials count as PLA. */
const DENSITY: readonly [RegExp, number][] = [
  [/petg|pet-g|pet\b/i, 1.27],
  [/\bpla\b|pla\+|^pla/i, 1.24],
  [/abs/i, 1.04],
  [/asa/i, 1.07],
  [/tpu|tpe|flex/i, 1.21],
  [/\bpc\b|polycarbonate/i, 1.2],
  [/\bpa\b|nylon|pa6|pa12/i, 1.14],
  [/hips/i, 1.04],
  [/pva/i, 1.23],
  [/pp\b|polypropylene/i, 0.9],
];
export const DEFAULT_DENSITY = 1.24;

export function materialDensity(material: string | null | undefined): number {
  const m = (material ?? '').trim();
  if (!m) return DEFAULT_DENSITY;
  for (const [re, d] of DENSITY) if (re.test(m)) return d;
  return DEFAULT_DENSITY;
}

/**
 * Grams of a solid part: the material's upper bound (infill makes the real print lighter).
 * Negative volumes (inverted normals) count by magnitude.
 */
export function estimateGrams(volumeMm3: number, material?: string | null): number {
  return (Math.abs(volumeMm3) / 1000) * materialDensity(material);
}

/** "0.4 g", "12 g", "1.25 kg". */
export function formatGrams(grams: number): string {
  if (grams < 10) return `${trim(grams, 1)} g`;
  if (grams < 1000) return `${Math.round(grams)} g`;
  return `${trim(grams / 1000, 2)} kg`;
}

export interface FitSummary {
  /** Printers the part fits, in the workspace's printer order. */
  names: string[];
  /** "Fits all 3 printers", "Fits MK4 #1, X1C", "Fits no printer". */
  text: string;
  level: 'all' | 'some' | 'none';
  /** Printers where only some rotations fit: "MK4 #1 only at 90°/270°". */
  notes: string[];
}

const ALL_ROTATIONS = [0, 90, 180, 270];

export function summarizeFit(
  fits: readonly PrinterFit[],
  printers: readonly { id: string; name: string }[],
): FitSummary {
  const byId = new Map(fits.map((f) => [f.printerId, f]));
  const fitting = printers.filter((p) => (byId.get(p.id)?.rotations.length ?? 0) > 0);
  const names = fitting.map((p) => p.name);
  const notes = fitting
    .map((p) => {
      const rot = byId.get(p.id)?.rotations ?? [];
      if (ALL_ROTATIONS.every((r) => rot.includes(r))) return null;
      return `${p.name} only at ${rot.map((r) => `${r}°`).join('/')}`;
    })
    .filter((n): n is string => n !== null);
  if (printers.length === 0) {
    return { names, text: 'No printers set up yet', level: 'none', notes };
  }
  if (fitting.length === 0) return { names, text: 'Fits no printer', level: 'none', notes };
  if (fitting.length === printers.length) {
    return {
      names,
      text: printers.length === 1 ? `Fits ${names[0]}` : `Fits all ${printers.length} printers`,
      level: 'all',
      notes,
    };
  }
  return { names, text: `Fits ${names.join(', ')}`, level: 'some', notes };
}

export const VERDICT_LABEL: Record<VerdictLevel, string> = {
  ok: 'OK',
  warning: 'Warning',
  error: 'Error',
};

/** The reasons a technician reads, worst first; an ok model with no reasons says so. */
export function verdictLines(
  verdict: Verdict | null | undefined,
): { level: VerdictLevel; text: string }[] {
  if (!verdict) return [];
  const rank: Record<VerdictLevel, number> = { error: 0, warning: 1, ok: 2 };
  const lines = [...verdict.reasons]
    .sort((a, b) => rank[a.level] - rank[b.level])
    .map((r) => ({ level: r.level, text: r.message }));
  if (lines.length === 0 && verdict.level === 'ok') {
    return [{ level: 'ok', text: 'Watertight and fits: ready to plan.' }];
  }
  return lines;
}

/**
 * The host reports "bracket.stl: welding vertices"; the row already shows the file name, so
 * only the stage remains ("Welding vertices").
 */
export function stageText(message: string | undefined): string | undefined {
  if (!message) return undefined;
  const colon = message.lastIndexOf(': ');
  const stage = (colon >= 0 ? message.slice(colon + 2) : message).trim();
  if (!stage) return undefined;
  return stage.charAt(0).toUpperCase() + stage.slice(1);
}

/** "0.4 s", "3.2 s", "1 min 05 s". */
export function formatDuration(ms: number): string {
  if (ms < 60_000) return `${trim(ms / 1000, 1)} s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
}

/** Names as the technician dropped them, without folders: "parts/bracket_x2.stl" → "bracket_x2.stl". */
export function baseName(path: string): string {
  const parts = path.split('/');
  return parts[parts.length - 1] || path;
}

/** The folder part of a dropped path, or '' for a top-level file. */
export function folderOf(path: string): string {
  const at = path.lastIndexOf('/');
  return at > 0 ? path.slice(0, at) : '';
}
