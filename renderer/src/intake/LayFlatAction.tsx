import { useState } from 'react';
import type { ModelLayFlatResult } from '../../../shared/api/channels/intake';
import { useMutation } from '../platform/hooks';
import { toastSuccess } from '../shell/ui-store';
import { confirmAction } from '../ui/confirm';
import { layFlatConfirmMessage, layFlatSummary } from './intake-rows';

/**
 * "Lay flat" for a model whose verdict suggests a larger resting face. Never automatic: the
 * technician confirms, and the row then says which new model the order lines now use.
 */
export function LayFlatAction({ modelId, name }: { modelId: string; name: string }) {
  const layFlat = useMutation('models.layFlat');
  const [result, setResult] = useState<ModelLayFlatResult | null>(null);

  const run = async () => {
    const ok = await confirmAction({
      title: `Lay “${name}” flat?`,
      message: layFlatConfirmMessage(name),
      confirmLabel: 'Lay flat',
      danger: false,
    });
    if (!ok) return;
    const out = await layFlat.mutate({ id: modelId });
    if (!out) return;
    setResult(out);
    toastSuccess(`“${out.model.name}” saved.`);
  };

  return (
    <div className="stack" data-testid="lay-flat-action">
      {result ? (
        <p className="small" data-testid="lay-flat-report">
          {layFlatSummary(result)}
        </p>
      ) : (
        <div className="row">
          <button
            type="button"
            className="btn btn--small"
            disabled={layFlat.pending}
            onClick={() => void run()}
            data-testid="lay-flat"
            title="Turn the part onto its largest flat face, as a new model"
          >
            {layFlat.pending ? 'Turning…' : 'Lay flat'}
          </button>
        </div>
      )}
      {layFlat.error && !result ? (
        <p className="small danger-text" role="alert" data-testid="lay-flat-error">
          {layFlat.error.message}
        </p>
      ) : null}
    </div>
  );
}
