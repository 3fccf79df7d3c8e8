import type { PlanningInputRaw } from '../../../shared/planning';
import { planModelFromModel, type PlanModel } from '../../../shared/planning';
import type { Db } from '../storage/database';
import { getCalendar } from '../storage/repositories/calendar';
import { listModels } from '../storage/repositories/models';
import { listOrders } from '../storage/repositories/orders';
import { currentPlan } from '../storage/repositories/plans';
import { listPrinters } from '../storage/repositories/printers';
import { listProfiles } from '../storage/repositories/profiles';
import { getSettings } from '../storage/repositories/settings';

/** Everything a planning run reads, assembled from storage in one read transaction. */
export function planningInputFromStorage(db: Db, now = new Date()): PlanningInputRaw {
  return db.transaction(() => {
    const models = listModels(db)
      .filter((m) => m.verdict?.level !== 'error')
      .map((m) => planModelFromModel(m))
      .filter((m): m is PlanModel => m !== null);
    return {
      start: now.toISOString(),
      settings: getSettings(db),
      printers: listPrinters(db),
      profiles: listProfiles(db),
      calendar: getCalendar(db),
      orders: listOrders(db).filter((o) => o.status === 'open' || o.status === 'in-progress'),
      models,
      previousPlan: currentPlan(db),
    };
  })();
}
