import { z } from 'zod';
import { ApiError, type WireResult } from './errors';
import {
  channels,
  isChannelName,
  type ChannelName,
  type ChannelOutput,
  type ParsedInput,
} from './contract';

/** Who is calling; handlers use it for the audit log. */
export interface CallContext {
  actor: string;
}

export type Handler<K extends ChannelName> = (
  input: ParsedInput<K>,
  ctx: CallContext,
) => ChannelOutput<K> | Promise<ChannelOutput<K>>;

export type Handlers = { [K in ChannelName]: Handler<K> };

export interface Dispatcher {
  dispatch(channel: string, input: unknown, ctx: CallContext): Promise<WireResult>;
}

export interface DispatcherOptions {
  /** Receives unexpected errors (with stacks) for logging; callers only see a typed error. */
  onInternalError?: (channel: string, err: unknown) => void;
  /** Check handler outputs against the contract too (tests and development). */
  validateOutput?: boolean;
}

/**
 * The receiving end of the contract. Unknown channels and malformed inputs become typed
 * errors; nothing a caller sends can throw out of here.
 */
export function createDispatcher(handlers: Handlers, options: DispatcherOptions = {}): Dispatcher {
  return {
    async dispatch(channel, input, ctx) {
      try {
        if (typeof channel !== 'string' || !isChannelName(channel)) {
          throw new ApiError('unknown_channel', `There is no call named “${String(channel)}”.`);
        }
        const def = channels[channel];
        const parsed = def.input.safeParse(input ?? {});
        if (!parsed.success) {
          throw new ApiError('validation', describeIssues(parsed.error), {
            issues: parsed.error.issues.map((i) => ({
              path: i.path.map(String),
              message: i.message,
            })),
          });
        }
        const handler = handlers[channel] as (i: unknown, c: CallContext) => unknown;
        const value = await handler(parsed.data, ctx);
        if (options.validateOutput) {
          const out = def.output.safeParse(value);
          if (!out.success) {
            throw new Error(
              `handler for ${channel} broke the contract: ${z.prettifyError(out.error)}`,
            );
          }
        }
        return { ok: true, value };
      } catch (err) {
        if (err instanceof ApiError) return { ok: false, error: err.toShape() };
        options.onInternalError?.(channel, err);
        return {
          ok: false,
          error: {
            code: 'internal',
            message: 'Something went wrong on our side; it has been logged.',
          },
        };
      }
    },
  };
}

function describeIssues(error: z.ZodError): string {
  const first = error.issues[0];
  if (!first) return 'The request is not valid.';
  const where = first.path.length ? ` at “${first.path.join('.')}”` : '';
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more)` : '';
  return `Invalid request${where}: ${first.message}${more}.`;
}
