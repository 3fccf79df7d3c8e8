/**
 * The 3D scene takes its colours from CSS variables (plates.css, light and dark), like the
 * rest of the studio, so a theme switch repaints the plate too.
 */

export interface SceneColors {
  bed: string;
  bedEdge: string;
  grid: string;
  gridMajor: string;
  outline: string;
  zoneFill: string;
  zoneLine: string;
  axisX: string;
  axisY: string;
  selected: string;
  error: string;
  warning: string;
  selectionLine: string;
  parts: string[];
  hemiSky: string;
  hemiGround: string;
}

export const PALETTE_SIZE = 8;

/** Used before the first read and in tests (the light theme's values). */
export const FALLBACK_COLORS: SceneColors = {
  bed: '#cfd4db',
  bedEdge: '#9aa3af',
  grid: '#b9bfc8',
  gridMajor: '#9ea6b2',
  outline: '#6b7484',
  zoneFill: '#efc9c0',
  zoneLine: '#c8594c',
  axisX: '#d64541',
  axisY: '#3b9a4a',
  selected: '#1f6feb',
  error: '#e0343e',
  warning: '#e09a1f',
  selectionLine: '#1f6feb',
  parts: ['#f0a35e', '#6fa8dc', '#8fc27a', '#c986b0', '#e7c860', '#6cc3bb', '#a793dc', '#e58e8e'],
  hemiSky: '#ffffff',
  hemiGround: '#9aa0aa',
};

export function readSceneColors(el: Element): SceneColors {
  const css = getComputedStyle(el);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  return {
    bed: v('--plate-bed', FALLBACK_COLORS.bed),
    bedEdge: v('--plate-bed-edge', FALLBACK_COLORS.bedEdge),
    grid: v('--plate-grid', FALLBACK_COLORS.grid),
    gridMajor: v('--plate-grid-major', FALLBACK_COLORS.gridMajor),
    outline: v('--plate-outline', FALLBACK_COLORS.outline),
    zoneFill: v('--plate-zone-fill', FALLBACK_COLORS.zoneFill),
    zoneLine: v('--plate-zone-line', FALLBACK_COLORS.zoneLine),
    axisX: v('--plate-axis-x', FALLBACK_COLORS.axisX),
    axisY: v('--plate-axis-y', FALLBACK_COLORS.axisY),
    selected: v('--plate-selected', FALLBACK_COLORS.selected),
    error: v('--plate-error', FALLBACK_COLORS.error),
    warning: v('--plate-warning', FALLBACK_COLORS.warning),
    selectionLine: v('--plate-selection-line', FALLBACK_COLORS.selectionLine),
    parts: FALLBACK_COLORS.parts.map((c, i) => v(`--plate-part-${i}`, c)),
    hemiSky: v('--plate-light-sky', FALLBACK_COLORS.hemiSky),
    hemiGround: v('--plate-light-ground', FALLBACK_COLORS.hemiGround),
  };
}

/** A stable palette slot per model: its position among the workspace's models. */
export function toneOf(modelId: string, modelOrder: ReadonlyMap<string, number>): number {
  const i = modelOrder.get(modelId);
  if (i !== undefined) return i % PALETTE_SIZE;
  let h = 0;
  for (let k = 0; k < modelId.length; k++) h = (h * 31 + modelId.charCodeAt(k)) >>> 0;
  return h % PALETTE_SIZE;
}
