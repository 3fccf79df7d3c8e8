import type { z } from 'zod';
import { intakeChannels } from './channels/intake';
import { modelChannels } from './channels/models';
import { orderChannels } from './channels/orders';
import { planChannels } from './channels/plans';
import { resourceChannels } from './channels/resources';
import { taskChannels, workspaceChannels } from './channels/workspace';

/**
 * The one contract: every call between renderer and host, declared once.
 * Hosts validate `input` on receipt; clients validate `output` on receipt.
 */
export const channels = {
  ...workspaceChannels,
  ...taskChannels,
  ...resourceChannels,
  ...orderChannels,
  ...modelChannels,
  ...intakeChannels,
  ...planChannels,
};

export type Channels = typeof channels;
export type ChannelName = keyof Channels;
export type ChannelInput<K extends ChannelName> = z.input<Channels[K]['input']>;
export type ChannelOutput<K extends ChannelName> = z.output<Channels[K]['output']>;
/** What a handler receives: the input after parsing (defaults applied). */
export type ParsedInput<K extends ChannelName> = z.output<Channels[K]['input']>;

export const channelNames = Object.keys(channels) as ChannelName[];

export function isChannelName(name: string): name is ChannelName {
  return Object.prototype.hasOwnProperty.call(channels, name);
}
