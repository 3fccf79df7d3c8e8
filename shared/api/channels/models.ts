import { z } from 'zod';
import { Model } from '../../domain';
import { ById, channel, Empty } from '../channel';

/** A display mesh: a triangle soup, little-endian Float32 xyz per vertex, base64 on the wire. */
export const ModelMesh = z.object({
  id: z.string(),
  triangles: z.number().int().min(0),
  /** Millimetres, bbox min corner at the origin (the same frame as the footprint). */
  positionsBase64: z.string(),
  /** True when the mesh was simplified for display. */
  decimated: z.boolean(),
});
export type ModelMesh = z.infer<typeof ModelMesh>;

export const modelChannels = {
  'models.list': channel(Empty, z.array(Model), 'All models in the workspace.'),
  'models.get': channel(ById, Model, 'One model with its verdict and facts.'),
  'models.mesh': channel(
    z
      .object({
        id: z.string(),
        maxTriangles: z.number().int().min(100).max(2_000_000).default(200_000),
      })
      .strict(),
    ModelMesh,
    'The model’s triangles for the 3D views.',
  ),
};
