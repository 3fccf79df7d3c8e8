import { ApiError } from '../../../shared/api';
import type { ModelMesh } from '../../../shared/api/channels/models';
import { parseModelFile } from '../../../shared/geometry';
import type { Model } from '../../../shared/domain';
import type { ModelFileStore } from '../storage/model-files';

/**
 * Triangles for the 3D views, in the footprint's frame (bbox min at the origin). Meshes over
 * the budget are thinned by keeping every n-th triangle: enough to recognise a part on a plate,
 * and flagged so the view can say so.
 */
export function modelMesh(model: Model, files: ModelFileStore, maxTriangles: number): ModelMesh {
  if (!files.has(model.id))
    throw new ApiError('not_found', `The file of model “${model.name}” is missing.`);
  let parsed;
  try {
    parsed = parseModelFile(new Uint8Array(files.read(model.id)), model.fileName);
  } catch (err) {
    throw new ApiError(
      'validation',
      err instanceof Error ? err.message : 'The model cannot be read.',
    );
  }
  const src = parsed.positions;
  const min = [Infinity, Infinity, Infinity];
  for (let i = 0; i < src.length; i += 3) {
    for (let k = 0; k < 3; k++) {
      const v = src[i + k] as number;
      if (v < (min[k] as number)) min[k] = v;
    }
  }
  const stride = Math.max(1, Math.ceil(parsed.triangleCount / maxTriangles));
  const kept = Math.ceil(parsed.triangleCount / stride);
  const out = new Float32Array(kept * 9);
  let o = 0;
  for (let t = 0; t < parsed.triangleCount; t += stride) {
    for (let v = 0; v < 9; v++) {
      out[o++] = ((src[t * 9 + v] as number) - (min[v % 3] as number)) * model.unitScale;
    }
  }
  return {
    id: model.id,
    triangles: kept,
    positionsBase64: Buffer.from(out.buffer, out.byteOffset, out.byteLength).toString('base64'),
    decimated: stride > 1,
  };
}
