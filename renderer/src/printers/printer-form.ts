import type { z } from 'zod';
import { PrinterInput } from '../../../shared/api/channels/resources';
import type { Polygon } from '../../../shared/domain/common';
import {
  bedBounds,
  rectangleBed,
  type MaintenanceWindow,
  type Printer,
  type PrinterConnection,
  type PrinterStatus,
} from '../../../shared/domain/printer';
import { formatDecimal, readNumber, type FieldErrors, type FormResult } from '../lib/numbers';

export type PrinterInputValue = z.input<typeof PrinterInput>;
export type ConnectionKind = PrinterConnection['kind'];
export const CONNECTION_KINDS: readonly ConnectionKind[] = [
  'virtual',
  'serial',
  'octoprint',
  'moonraker',
];
export const CONNECTION_LABELS: Record<ConnectionKind, string> = {
  virtual: 'Virtual (simulated)',
  serial: 'USB serial (Marlin)',
  octoprint: 'OctoPrint',
  moonraker: 'Moonraker (Klipper)',
};
export const PRINTER_STATUSES: readonly PrinterStatus[] = ['available', 'maintenance', 'offline'];

/** A rectangular exclusion zone as typed; other shapes are kept as they are. */
export interface ZoneForm {
  key: string;
  x: string;
  y: string;
  width: string;
  depth: string;
}

/** What the printer editor holds: text as typed, converted only on save. */
export interface PrinterForm {
  id?: string;
  name: string;
  model: string;
  bedWidth: string;
  bedDepth: string;
  maxHeight: string;
  nozzle: string;
  loadedMaterial: string;
  loadedColor: string;
  hourlyCost: string;
  status: PrinterStatus;
  profileIds: string[];
  connectionKind: ConnectionKind;
  serialPath: string;
  baudRate: string;
  url: string;
  apiKey: string;
  /** A bed that is not a plain rectangle at the origin is kept verbatim (not editable here). */
  customBed: Polygon | null;
  zones: ZoneForm[];
  /** Non-rectangular exclusion zones, kept verbatim. */
  otherZones: Polygon[];
  maintenance: MaintenanceWindow[];
}

export type PrinterField =
  | 'name'
  | 'model'
  | 'bedWidth'
  | 'bedDepth'
  | 'maxHeight'
  | 'nozzle'
  | 'loadedMaterial'
  | 'loadedColor'
  | 'hourlyCost'
  | 'status'
  | 'profileIds'
  | 'connectionKind'
  | 'serialPath'
  | 'baudRate'
  | 'url'
  | 'apiKey'
  | 'zones';

const EPS = 1e-6;

/** Width and depth when the polygon is an axis-aligned rectangle from the origin, else null. */
export function rectangleOf(
  poly: Polygon,
): { x: number; y: number; width: number; depth: number } | null {
  if (poly.length !== 4) return null;
  const xs = poly.map((p) => p.x);
  const ys = poly.map((p) => p.y);
  const minX = Math.min(...xs);
  const maxX = Math.max(...xs);
  const minY = Math.min(...ys);
  const maxY = Math.max(...ys);
  const onCorner = poly.every(
    (p) =>
      (Math.abs(p.x - minX) < EPS || Math.abs(p.x - maxX) < EPS) &&
      (Math.abs(p.y - minY) < EPS || Math.abs(p.y - maxY) < EPS),
  );
  const distinct = new Set(
    poly.map((p) => `${p.x < (minX + maxX) / 2}|${p.y < (minY + maxY) / 2}`),
  );
  if (!onCorner || distinct.size !== 4 || maxX - minX <= 0 || maxY - minY <= 0) return null;
  return { x: minX, y: minY, width: maxX - minX, depth: maxY - minY };
}

export function isRectangleBed(bed: Polygon): boolean {
  const r = rectangleOf(bed);
  return r !== null && Math.abs(r.x) < EPS && Math.abs(r.y) < EPS;
}

let zoneSeq = 0;
export function newZoneKey(): string {
  zoneSeq += 1;
  return `zone-${zoneSeq}`;
}

export function zoneRectangle(x: number, y: number, width: number, depth: number): Polygon {
  return [
    { x, y },
    { x: x + width, y },
    { x: x + width, y: y + depth },
    { x, y: y + depth },
  ];
}

export function emptyPrinterForm(): PrinterForm {
  return {
    name: '',
    model: '',
    bedWidth: '250',
    bedDepth: '210',
    maxHeight: '220',
    nozzle: '0.4',
    loadedMaterial: 'PLA',
    loadedColor: '',
    hourlyCost: '0',
    status: 'available',
    profileIds: [],
    connectionKind: 'virtual',
    serialPath: '/dev/ttyACM0',
    baudRate: '115200',
    url: '',
    apiKey: '',
    customBed: null,
    zones: [],
    otherZones: [],
    maintenance: [],
  };
}

export function printerToForm(p: Printer): PrinterForm {
  const bounds = bedBounds(p.bed);
  const zones: ZoneForm[] = [];
  const otherZones: Polygon[] = [];
  for (const zone of p.exclusionZones) {
    const r = rectangleOf(zone);
    if (r) {
      zones.push({
        key: newZoneKey(),
        x: formatDecimal(r.x),
        y: formatDecimal(r.y),
        width: formatDecimal(r.width),
        depth: formatDecimal(r.depth),
      });
    } else otherZones.push(zone);
  }
  const c = p.connection;
  return {
    id: p.id,
    name: p.name,
    model: p.model,
    bedWidth: formatDecimal(bounds.width),
    bedDepth: formatDecimal(bounds.depth),
    maxHeight: formatDecimal(p.maxHeightMm),
    nozzle: formatDecimal(p.nozzleMm),
    loadedMaterial: p.loadedMaterial,
    loadedColor: p.loadedColor,
    hourlyCost: formatDecimal(p.hourlyCost, 2),
    status: p.status,
    profileIds: [...p.profileIds],
    connectionKind: c.kind,
    serialPath: c.kind === 'serial' ? c.path : '/dev/ttyACM0',
    baudRate: c.kind === 'serial' ? String(c.baudRate) : '115200',
    url: c.kind === 'octoprint' || c.kind === 'moonraker' ? c.url : '',
    apiKey: c.kind === 'octoprint' || c.kind === 'moonraker' ? c.apiKey : '',
    customBed: isRectangleBed(p.bed) ? null : p.bed,
    zones,
    otherZones,
    maintenance: p.maintenance,
  };
}

/** The bed outline the form describes (for the preview, even while fields are invalid). */
export function formBed(form: PrinterForm): Polygon | null {
  if (form.customBed) return form.customBed;
  const errors: FieldErrors = {};
  const w = readNumber(errors, 'w', form.bedWidth, { label: 'w', min: 0, exclusiveMin: true });
  const d = readNumber(errors, 'd', form.bedDepth, { label: 'd', min: 0, exclusiveMin: true });
  return Object.keys(errors).length ? null : rectangleBed(w, d);
}

/** The exclusion zones the form describes; rows that do not parse yet are skipped. */
export function formZones(form: PrinterForm): Polygon[] {
  const out: Polygon[] = [...form.otherZones];
  for (const z of form.zones) {
    const errors: FieldErrors = {};
    const x = readNumber(errors, 'x', z.x, { label: 'x' });
    const y = readNumber(errors, 'y', z.y, { label: 'y' });
    const w = readNumber(errors, 'w', z.width, { label: 'w', min: 0, exclusiveMin: true });
    const d = readNumber(errors, 'd', z.depth, { label: 'd', min: 0, exclusiveMin: true });
    if (!Object.keys(errors).length) out.push(zoneRectangle(x, y, w, d));
  }
  return out;
}

function connectionOf(form: PrinterForm, errors: FieldErrors<PrinterField>): PrinterConnection {
  switch (form.connectionKind) {
    case 'virtual':
      return { kind: 'virtual' };
    case 'serial': {
      const baudRate = readNumber(errors, 'baudRate', form.baudRate, {
        label: 'Baud rate',
        min: 1,
        integer: true,
      });
      if (!form.serialPath.trim()) errors.serialPath = 'Give the serial port, e.g. /dev/ttyACM0.';
      return { kind: 'serial', path: form.serialPath.trim(), baudRate };
    }
    case 'octoprint':
    case 'moonraker':
      if (!/^https?:\/\/\S+$/i.test(form.url.trim())) {
        errors.url = 'Give the address, e.g. http://192.168.1.20.';
      }
      return { kind: form.connectionKind, url: form.url.trim(), apiKey: form.apiKey.trim() };
  }
}

/** Map the contract's field paths back to the inputs that produced them. */
const PATH_TO_FIELD: Record<string, PrinterField> = {
  name: 'name',
  model: 'model',
  bed: 'bedWidth',
  exclusionZones: 'zones',
  maxHeightMm: 'maxHeight',
  nozzleMm: 'nozzle',
  loadedMaterial: 'loadedMaterial',
  loadedColor: 'loadedColor',
  profileIds: 'profileIds',
  hourlyCost: 'hourlyCost',
  status: 'status',
  'connection.path': 'serialPath',
  'connection.baudRate': 'baudRate',
  'connection.url': 'url',
  'connection.apiKey': 'apiKey',
};

export function formToPrinterInput(form: PrinterForm): FormResult<PrinterInputValue, PrinterField> {
  const errors: FieldErrors<PrinterField> = {};
  if (!form.name.trim()) errors.name = 'Give the printer a name.';
  let bed: Polygon;
  if (form.customBed) bed = form.customBed;
  else {
    const w = readNumber(errors, 'bedWidth', form.bedWidth, {
      label: 'Bed width',
      min: 0,
      exclusiveMin: true,
      max: 5000,
    });
    const d = readNumber(errors, 'bedDepth', form.bedDepth, {
      label: 'Bed depth',
      min: 0,
      exclusiveMin: true,
      max: 5000,
    });
    bed = rectangleBed(w, d);
  }
  const maxHeightMm = readNumber(errors, 'maxHeight', form.maxHeight, {
    label: 'Max height',
    min: 0,
    exclusiveMin: true,
    max: 5000,
  });
  const nozzleMm = readNumber(errors, 'nozzle', form.nozzle, {
    label: 'Nozzle',
    min: 0,
    exclusiveMin: true,
    max: 3,
  });
  const hourlyCost = readNumber(errors, 'hourlyCost', form.hourlyCost || '0', {
    label: 'Hourly cost',
    min: 0,
  });
  const zoneErrors: FieldErrors = {};
  const zones: Polygon[] = [...form.otherZones];
  for (const z of form.zones) {
    const x = readNumber(zoneErrors, 'z', z.x, { label: 'Zone x' });
    const y = readNumber(zoneErrors, 'z', z.y, { label: 'Zone y' });
    const w = readNumber(zoneErrors, 'z', z.width, {
      label: 'Zone width',
      min: 0,
      exclusiveMin: true,
    });
    const d = readNumber(zoneErrors, 'z', z.depth, {
      label: 'Zone depth',
      min: 0,
      exclusiveMin: true,
    });
    zones.push(zoneRectangle(x, y, w, d));
  }
  if (zoneErrors.z) errors.zones = zoneErrors.z;
  const connection = connectionOf(form, errors);

  const value: PrinterInputValue = {
    ...(form.id ? { id: form.id } : {}),
    name: form.name.trim(),
    model: form.model.trim(),
    bed,
    exclusionZones: zones,
    maxHeightMm,
    nozzleMm,
    loadedMaterial: form.loadedMaterial.trim(),
    loadedColor: form.loadedColor.trim(),
    profileIds: form.profileIds,
    connection,
    hourlyCost,
    status: form.status,
    maintenance: form.maintenance,
  };
  if (Object.keys(errors).length) return { ok: false, errors };
  // The contract is the final judge (lengths, URL syntax); show its verdict on the field.
  const checked = PrinterInput.safeParse(value);
  if (!checked.success) {
    for (const issue of checked.error.issues) {
      const path = issue.path.map(String);
      const field =
        PATH_TO_FIELD[path.slice(0, 2).join('.')] ?? PATH_TO_FIELD[path[0] ?? ''] ?? 'name';
      errors[field] ??= issue.message;
    }
    return { ok: false, errors };
  }
  return { ok: true, value };
}

/** "250 × 210" for tables. */
export function bedSizeLabel(bed: Polygon): string {
  const b = bedBounds(bed);
  return `${formatDecimal(b.width, 1)} × ${formatDecimal(b.depth, 1)}`;
}
