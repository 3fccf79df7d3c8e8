import { useState } from 'react';
import type { ModelRepairResult } from '../../../shared/api/channels/intake';
import type { Model } from '../../../shared/domain/model';
import { useMutation } from '../platform/hooks';
import { toastSuccess } from '../shell/ui-store';
import { confirmAction } from '../ui/confirm';
import {
  repairConfirmMessage,
  repairReportLines,
  repairSummary,
  repairableReasons,
} from './repair-action';

/**
 * "Repair mesh" for a model whose verdict lists repairable defects. Never automatic: the
 * technician confirms a sentence saying what will happen; the report then lists every fix.
 * Renders nothing when the model has no repairable defect and no repair was just made.
 */
export function RepairAction({
  model,
  onRepaired,
}: {
  model: Pick<Model, 'id' | 'name' | 'verdict' | 'status'>;
  /** E.g. to select the new model; its order lines are switched already. */
  onRepaired?: (result: ModelRepairResult) => void;
}) {
  const repair = useMutation('models.repair');
  const [result, setResult] = useState<ModelRepairResult | null>(null);
  const reasons = repairableReasons(model);
  if (reasons.length === 0 && !result && !repair.error) return null;

  const run = async () => {
    const ok = await confirmAction({
      title: `Repair “${model.name}”?`,
      message: repairConfirmMessage(model, reasons),
      confirmLabel: 'Repair mesh',
      danger: false,
    });
    if (!ok) return;
    const out = await repair.mutate({ id: model.id });
    if (!out) return;
    setResult(out);
    toastSuccess(`“${out.model.name}” saved.`);
    onRepaired?.(out);
  };

  return (
    <div className="stack" data-testid="repair-action">
      {reasons.length > 0 && !result ? (
        <div className="row">
          <button
            type="button"
            className="btn btn--small"
            disabled={repair.pending}
            onClick={() => void run()}
            data-testid="repair-mesh"
          >
            {repair.pending ? 'Repairing…' : 'Repair mesh'}
          </button>
        </div>
      ) : null}
      {repair.error && !result ? (
        <p className="small danger-text" role="alert" data-testid="repair-error">
          {repair.error.message}
        </p>
      ) : null}
      {result ? (
        <div className="small" data-testid="repair-report">
          <p className="strong">{repairSummary(result)}</p>
          <ul>
            {repairReportLines(result.report).map((line, i) => (
              <li key={i}>{line}</li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
