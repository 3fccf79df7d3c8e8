import { rectangleBed } from '../../../shared/domain';

/** A plain 250×210×220 printer to save in tests that only need one to exist by name. */
export const testPrinter = (name: string) => ({
  name,
  model: '',
  bed: rectangleBed(250, 210),
  exclusionZones: [],
  maxHeightMm: 220,
  nozzleMm: 0.4,
  loadedMaterial: '',
  loadedColor: '',
  profileIds: [],
  connection: { kind: 'virtual' as const },
  hourlyCost: 0,
  status: 'available' as const,
  maintenance: [],
});
