import { useMemo } from 'react';
import type { Polygon } from '../../../shared/domain/common';
import type { Model } from '../../../shared/domain/model';
import type { Order } from '../../../shared/domain/order';
import type { Job } from '../../../shared/domain/plan';
import type { Printer } from '../../../shared/domain/printer';
import type { Profile } from '../../../shared/domain/profile';
import { useQuery } from '../platform/hooks';
import type { ModelLook } from './PartsLayer';
import { partLabel, type PartInfo } from './plate-facts';
import { footprintRings, type PlateContext } from './plate-validation';
import { toneOf } from './scene-colors';

export interface QueuedPart {
  partId: string;
  modelId: string;
  modelName: string;
  copy: number;
  orderReference: string;
  profileId: string | null;
  material: string;
}

/** Everything the Plates view reads, joined once per change. */
export interface PlateData {
  loading: boolean;
  jobs: Job[];
  printers: Printer[];
  models: Map<string, Model>;
  profiles: Map<string, Profile>;
  parts: Map<string, PartInfo & { profileId: string | null; material: string; status: string }>;
  queued: QueuedPart[];
  footprints: Map<string, Polygon[]>;
  looks: Map<string, ModelLook>;
  spacingMm: number;
  rotationStepDeg: number;
  timeZone: string | undefined;
  label: (partId: string) => string;
}

export function usePlateData(): PlateData {
  const plan = useQuery('plans.current', {});
  const printers = useQuery('printers.list', {});
  const models = useQuery('models.list', {});
  const orders = useQuery('orders.list', {});
  const settings = useQuery('settings.get', {});
  const profiles = useQuery('profiles.list', {});

  const modelData = useMemo(() => {
    const list = models.data ?? [];
    const byId = new Map(list.map((m) => [m.id, m]));
    const order = new Map(list.map((m, i) => [m.id, i]));
    const footprints = new Map<string, Polygon[]>();
    const looks = new Map<string, ModelLook>();
    for (const m of list) {
      const rings = footprintRings(m.facts);
      if (rings) footprints.set(m.id, rings);
      const b = m.facts?.bbox;
      looks.set(m.id, {
        tone: toneOf(m.id, order),
        size: b
          ? {
              x: Math.max(0.1, b.max.x - b.min.x),
              y: Math.max(0.1, b.max.y - b.min.y),
              z: Math.max(0.1, b.max.z - b.min.z),
            }
          : { x: 10, y: 10, z: 10 },
      });
    }
    return { byId, footprints, looks };
  }, [models.data]);

  const partData = useMemo(() => {
    const parts: PlateData['parts'] = new Map();
    const queued: QueuedPart[] = [];
    for (const o of (orders.data ?? []) as Order[]) {
      for (const line of o.lines) {
        const modelName = modelData.byId.get(line.modelId)?.name ?? 'model';
        for (const p of line.parts) {
          parts.set(p.id, {
            modelId: line.modelId,
            modelName,
            orderReference: o.reference,
            copy: p.copy,
            profileId: line.profileId,
            material: line.material,
            status: p.status,
          });
          if (p.status === 'queued') {
            queued.push({
              partId: p.id,
              modelId: line.modelId,
              modelName,
              copy: p.copy,
              orderReference: o.reference,
              profileId: line.profileId,
              material: line.material,
            });
          }
        }
      }
    }
    return { parts, queued };
  }, [orders.data, modelData.byId]);

  const label = useMemo(() => {
    const parts = partData.parts;
    return (partId: string) => partLabel(partId, parts.get(partId));
  }, [partData.parts]);

  const profileMap = useMemo(
    () => new Map((profiles.data ?? []).map((p) => [p.id, p])),
    [profiles.data],
  );

  const loading = plan.loading || printers.loading || models.loading;
  // One object per change of what it joins, so memoised children skip unrelated renders.
  return useMemo(
    () => ({
      loading,
      jobs: plan.data?.jobs ?? NO_JOBS,
      printers: printers.data ?? NO_PRINTERS,
      models: modelData.byId,
      profiles: profileMap,
      parts: partData.parts,
      queued: partData.queued,
      footprints: modelData.footprints,
      looks: modelData.looks,
      spacingMm: settings.data?.partSpacingMm ?? 6,
      rotationStepDeg: settings.data?.rotationStepDeg ?? 90,
      timeZone: settings.data?.timezone,
      label,
    }),
    [loading, plan.data, printers.data, modelData, profileMap, partData, settings.data, label],
  );
}

const NO_JOBS: Job[] = [];
const NO_PRINTERS: Printer[] = [];

/** The validator's view of a job's plate. */
export function plateContext(
  printer: Printer | undefined,
  data: Pick<PlateData, 'spacingMm' | 'footprints' | 'label'>,
): PlateContext | null {
  if (!printer) return null;
  return {
    bed: { outline: printer.bed, exclusionZones: printer.exclusionZones },
    spacingMm: data.spacingMm,
    footprints: data.footprints,
    label: data.label,
  };
}
