import { BufferAttribute, BufferGeometry } from 'three';
import type { ModelMesh } from '../../../shared/api/channels/models';
import { decodeMeshPositions } from './mesh-decode';

/**
 * Display meshes, fetched through `models.mesh` once per model and shared by every instance
 * and every plate while the Plates view is open. `dispose()` frees the GPU buffers when the
 * view closes.
 */

export type MeshFetcher = (modelId: string) => Promise<ModelMesh>;

interface Entry {
  geometry?: BufferGeometry;
  error?: string;
  decimated?: boolean;
}

/** Triangle soup → geometry with flat normals (CAD parts look right faceted). */
export function geometryFromMesh(mesh: ModelMesh): BufferGeometry {
  const positions = decodeMeshPositions(mesh.positionsBase64, mesh.triangles);
  const g = new BufferGeometry();
  g.setAttribute('position', new BufferAttribute(positions, 3));
  g.computeVertexNormals();
  g.computeBoundingBox();
  g.computeBoundingSphere();
  return g;
}

export class MeshCache {
  private readonly entries = new Map<string, Entry>();
  private readonly listeners = new Set<() => void>();
  private disposed = false;
  /** Bumped whenever a mesh arrives or fails (useSyncExternalStore snapshot). */
  version = 0;

  constructor(private readonly fetcher: MeshFetcher) {}

  /** Starts loading the meshes not asked for yet. */
  request(modelIds: Iterable<string>): void {
    for (const id of modelIds) {
      if (this.entries.has(id)) continue;
      const entry: Entry = {};
      this.entries.set(id, entry);
      this.fetcher(id).then(
        (mesh) => {
          if (this.disposed) return;
          entry.geometry = geometryFromMesh(mesh);
          entry.decimated = mesh.decimated;
          this.changed();
        },
        (err: unknown) => {
          if (this.disposed) return;
          entry.error = err instanceof Error ? err.message : 'The mesh could not be loaded.';
          this.changed();
        },
      );
    }
  }

  geometry(modelId: string): BufferGeometry | undefined {
    return this.entries.get(modelId)?.geometry;
  }

  error(modelId: string): string | undefined {
    return this.entries.get(modelId)?.error;
  }

  /** How many of these are ready (loaded or failed for good). */
  settled(modelIds: readonly string[]): number {
    return modelIds.filter((id) => {
      const e = this.entries.get(id);
      return e?.geometry !== undefined || e?.error !== undefined;
    }).length;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  getVersion = (): number => this.version;

  dispose(): void {
    this.disposed = true;
    for (const e of this.entries.values()) e.geometry?.dispose();
    this.entries.clear();
    this.listeners.clear();
  }

  private changed(): void {
    this.version++;
    for (const l of this.listeners) l();
  }
}
