/**
 * Quantity encoded in a file name: `bracket_x2.stl`, `part x4.stl`, `clip-X10.3mf`,
 * `knob_3x.stl`, `gear (x5).obj`. The name comes back without the extension and the marker.
 */
export function quantityFromFileName(fileName: string): { name: string; quantity: number } {
  const base = (fileName.split(/[\\/]/).pop() ?? fileName).trim();
  const dot = base.lastIndexOf('.');
  const stem = dot > 0 ? base.slice(0, dot) : base;
  const patterns = [
    /^(.*?)[\s_-]*\(\s*[xX×]\s*(\d{1,5})\s*\)$/, // gear (x5)
    /^(.*?)[\s_-]+[xX×]\s?(\d{1,5})$/, // bracket_x2, part x4
    /^(.*?)[\s_-]+(\d{1,5})\s?[xX×]$/, // knob_3x
  ];
  for (const re of patterns) {
    const m = re.exec(stem);
    if (!m) continue;
    const name = (m[1] ?? '').trim();
    const q = Number(m[2]);
    if (name !== '' && q >= 1 && q <= 10_000) return { name, quantity: q };
  }
  return { name: stem || base, quantity: 1 };
}
