import { StrategyName } from '../../../shared/api/channels/plans';
import { TIcon } from '../timeline/icons';
import { STRATEGY_LABELS, useReview } from './review-store';

/**
 * The "Plan" button with its strategy and seed, then, while the planner runs, its progress
 * (from `progress` events for this run's task id) and a Cancel button.
 */
export function PlanControls({ pendingModels }: { pendingModels: number }) {
  const run = useReview((s) => s.run);
  const strategy = useReview((s) => s.strategy);
  const seed = useReview((s) => s.seed);
  const setStrategy = useReview((s) => s.setStrategy);
  const setSeed = useReview((s) => s.setSeed);
  const propose = useReview((s) => s.propose);
  const cancel = useReview((s) => s.cancel);

  if (run) {
    const fraction = run.total > 0 ? Math.min(1, run.done / run.total) : null;
    return (
      <div className="plan-run" data-testid="plan-progress">
        <div className="plan-run__text">
          <span className="strong">Planning…</span>
          <span className="muted small">
            {run.message ??
              (fraction !== null
                ? `${Math.round(fraction * 100)} %`
                : STRATEGY_LABELS[run.strategy])}
          </span>
        </div>
        <div
          className="progress plan-run__bar"
          role="progressbar"
          aria-label="Planning progress"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={fraction === null ? undefined : Math.round(fraction * 100)}
        >
          <div
            className={`progress__fill${fraction === null ? ' progress__fill--indeterminate' : ''}`}
            style={fraction === null ? undefined : { width: `${fraction * 100}%` }}
          />
        </div>
        <button
          type="button"
          className="btn btn--small"
          onClick={() => void cancel()}
          data-testid="plan-cancel"
        >
          <TIcon name="stop" size={13} /> Cancel
        </button>
      </div>
    );
  }

  return (
    <div className="plan-controls">
      {pendingModels > 0 ? (
        <span
          className="plan-controls__hint"
          title="Parts of models still being analysed wait in the queue until their footprint and height are known."
        >
          {pendingModels} {pendingModels === 1 ? 'model' : 'models'} still being analysed
        </span>
      ) : null}
      <label className="plan-controls__field">
        <span className="tl-sr-only">Strategy</span>
        <select
          value={strategy}
          onChange={(e) => setStrategy(StrategyName.parse(e.target.value))}
          data-testid="plan-strategy"
          title="Planning strategy: PlateShift, or a baseline to compare with"
        >
          {StrategyName.options.map((s) => (
            <option key={s} value={s}>
              {STRATEGY_LABELS[s]}
            </option>
          ))}
        </select>
      </label>
      <label className="plan-controls__field plan-controls__seed" title="Same seed, same plan">
        <span className="muted small">Seed</span>
        <input
          type="number"
          min={0}
          step={1}
          value={seed}
          onChange={(e) => setSeed(Number(e.target.value))}
          data-testid="plan-seed"
        />
      </label>
      <button
        type="button"
        className="btn btn--primary"
        onClick={() => void propose()}
        data-testid="plan-run"
        title="Compose plates from the queue and schedule them inside operator shifts"
      >
        <TIcon name="play" size={14} /> Plan
      </button>
    </div>
  );
}
