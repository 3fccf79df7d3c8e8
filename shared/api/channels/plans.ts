import { z } from 'zod';
import { Plan } from '../../domain';
import { channel, Empty } from '../channel';

export const planChannels = {
  'plans.current': channel(Empty, Plan.nullable(), 'The plan currently in force, if any.'),
  'plans.list': channel(Empty, z.array(Plan.omit({ jobs: true })), 'Plans, newest first.'),
};
