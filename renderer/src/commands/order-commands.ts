import type { Order } from '../../../shared/domain/order';
import { intake } from '../intake/intake-store';
import { api, queryCache } from '../platform/api';
import { entitiesWrittenBy, toApiError } from '../platform/query-cache';
import {
  bulkOrderCommand,
  deleteOrderCommand,
  saveOrderCommand,
  type OrderBulkPayload,
  type OrderDeletePayload,
  type OrderHost,
  type OrderSavePayload,
} from '../queue/order-undo';
import { type Command, registerCommand } from './command';

/** Queue edits on the shared history, through the contract (the logic: queue/order-undo.ts). */
export const orderHost: OrderHost = {
  async get(id) {
    try {
      return await api.call('orders.get', { id });
    } catch (err) {
      if (toApiError(err).code === 'not_found') return null;
      throw err;
    }
  },
  async save(input): Promise<Order> {
    const order = await api.call('orders.save', input);
    // The host pushes `changed` too; this covers a socket that is momentarily down.
    queryCache.invalidate(entitiesWrittenBy('orders.save'));
    return order;
  },
  async remove(id) {
    try {
      await api.call('orders.delete', { id });
    } catch (err) {
      if (toApiError(err).code !== 'not_found') throw err;
    }
    queryCache.invalidate(entitiesWrittenBy('orders.delete'));
  },
  // Imports add lines to orders; a whole-order write must not race them.
  exclusive: (work) => intake.withOrderWrites(work),
};

export const orderSaveCommand = (p: OrderSavePayload, label: string): Command =>
  saveOrderCommand(orderHost, p, label);

export const orderDeleteCommand = (p: OrderDeletePayload, label: string): Command =>
  deleteOrderCommand(orderHost, p, label);

export const orderBulkCommand = (p: OrderBulkPayload, label: string) =>
  bulkOrderCommand(orderHost, p, label);

registerCommand('order.save', (p, label) => orderSaveCommand(p as OrderSavePayload, label));
registerCommand('order.delete', (p, label) => orderDeleteCommand(p as OrderDeletePayload, label));
registerCommand('order.bulk', (p, label) => orderBulkCommand(p as OrderBulkPayload, label));
