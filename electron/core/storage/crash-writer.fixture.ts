// Child process for crash.test.ts: writes one large order in a single transaction and
// announces (synchronously, so the parent can kill it mid-way) that the write began.
import { writeSync } from 'node:fs';
import { openDatabase } from './database';
import { insertModel } from './repositories/models';
import { saveOrder } from './repositories/orders';

const [file, linesArg, qtyArg] = process.argv.slice(2);
if (!file) throw new Error('usage: crash-writer <db> <lines> <qty>');
const db = openDatabase(file);
const modelId = 'a'.repeat(64);
insertModel(
  db,
  {
    id: modelId,
    name: 'cube',
    fileName: 'cube.stl',
    format: 'stl',
    sizeBytes: 1,
    createdAt: new Date().toISOString(),
    status: 'pending',
    verdict: null,
    facts: null,
  },
  'crash-test',
);
writeSync(1, 'ready\n');
const lines = Array.from({ length: Number(linesArg) }, () => ({
  modelId,
  quantity: Number(qtyArg),
  profileId: null,
  material: '',
  color: '',
}));
db.transaction(() => {
  writeSync(1, 'writing\n');
  saveOrder(
    db,
    {
      reference: 'BIG',
      requester: '',
      dueAt: null,
      priority: 5,
      status: 'open',
      notes: '',
      lines,
    },
    'crash-test',
  );
})();
writeSync(1, 'committed\n');
db.close();
