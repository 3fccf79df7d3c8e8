import { z } from 'zod';
import { Model } from '../../domain';
import { ById, channel, Empty } from '../channel';

export const modelChannels = {
  'models.list': channel(Empty, z.array(Model), 'All models in the workspace.'),
  'models.get': channel(ById, Model, 'One model with its verdict and facts.'),
};
