import { useState } from 'react';
import type { Calendar, Operator } from '../../../shared/domain/calendar';
import { useMutation } from '../platform/hooks';
import { toastSuccess } from '../shell/ui-store';
import { confirmAction } from '../ui/confirm';
import { Icon } from '../ui/Icon';
import { formatDuration } from './time-input';
import { operatorColorIndex, weeklyMinutes } from './week-grid';

function OperatorRow({
  operator,
  calendar,
  minutes,
}: {
  operator: Operator;
  calendar: Calendar;
  minutes: number;
}) {
  const [renaming, setRenaming] = useState(false);
  const [name, setName] = useState(operator.name);
  const save = useMutation('operators.save');
  const remove = useMutation('operators.delete');
  const color = operatorColorIndex(calendar.operators, operator.id);
  const slots = calendar.slots.filter((s) => s.operatorId === operator.id).length;

  const rename = async () => {
    const trimmed = name.trim();
    if (!trimmed || trimmed === operator.name) {
      setRenaming(false);
      setName(operator.name);
      return;
    }
    if (await save.mutate({ ...operator, name: trimmed })) setRenaming(false);
  };
  const del = async () => {
    const ok = await confirmAction({
      title: `Delete operator “${operator.name}”?`,
      message: slots
        ? `Their ${slots} weekly slot(s) are deleted too. To keep the history, deactivate instead.`
        : 'They have no slots.',
    });
    if (ok && (await remove.mutate({ id: operator.id }))) {
      toastSuccess(`Operator “${operator.name}” deleted.`);
    }
  };

  return (
    <li
      className={`operator-row${operator.active ? '' : ' operator-row--inactive'}`}
      data-testid="operator-row"
      data-id={operator.id}
    >
      <span className={`op-swatch op-color-${color}`} aria-hidden="true" />
      {renaming ? (
        <form
          className="operator-row__rename"
          onSubmit={(e) => {
            e.preventDefault();
            void rename();
          }}
        >
          <input
            name="operatorName"
            aria-label="Operator name"
            value={name}
            autoFocus
            onChange={(e) => setName(e.target.value)}
            onBlur={() => void rename()}
            onKeyDown={(e) => {
              if (e.key === 'Escape') {
                setName(operator.name);
                setRenaming(false);
              }
            }}
          />
        </form>
      ) : (
        <button
          type="button"
          className="operator-row__name"
          data-testid="operator-rename"
          title="Rename"
          onClick={() => setRenaming(true)}
        >
          {operator.name}
          <span className="muted small">
            {' '}
            {!operator.active ? 'inactive' : minutes ? `${formatDuration(minutes)}/wk` : 'no slots'}
          </span>
        </button>
      )}
      <label className="switch" title={operator.active ? 'Active: can be scheduled' : 'Inactive'}>
        <input
          type="checkbox"
          data-testid="operator-toggle"
          checked={operator.active}
          aria-label={`${operator.name} active`}
          onChange={(e) => void save.mutate({ ...operator, active: e.target.checked })}
        />
        <span className="switch__track" />
      </label>
      <button
        type="button"
        className="icon-btn icon-btn--small"
        data-testid="operator-delete"
        aria-label={`Delete ${operator.name}`}
        onClick={() => void del()}
      >
        <Icon name="trash" size={14} />
      </button>
    </li>
  );
}

export function OperatorsCard({ calendar, loading }: { calendar: Calendar; loading: boolean }) {
  const [name, setName] = useState('');
  const save = useMutation('operators.save');
  const minutes = weeklyMinutes(calendar.slots);
  const add = async () => {
    const trimmed = name.trim();
    if (!trimmed) return;
    const saved = await save.mutate({ name: trimmed, active: true });
    if (saved) {
      setName('');
      toastSuccess(`Operator “${saved.name}” added.`);
    }
  };
  return (
    <section className="card" aria-labelledby="operators-title">
      <h2 className="card__title" id="operators-title">
        Operators
      </h2>
      {calendar.operators.length === 0 ? (
        <p className="muted small card__pad">
          {loading
            ? 'Loading…'
            : 'Nobody yet. Jobs start and end only while an operator is on shift, so add the people who set up and clear the printers.'}
        </p>
      ) : (
        <ul className="operator-list">
          {calendar.operators.map((o) => (
            <OperatorRow
              key={o.id}
              operator={o}
              calendar={calendar}
              minutes={minutes.get(o.id) ?? 0}
            />
          ))}
        </ul>
      )}
      <form
        className="inline-add"
        onSubmit={(e) => {
          e.preventDefault();
          void add();
        }}
      >
        <input
          name="newOperatorName"
          placeholder="New operator name"
          aria-label="New operator name"
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
        <button
          type="submit"
          className="btn btn--small"
          data-testid="operator-add"
          disabled={!name.trim() || save.pending}
        >
          <Icon name="plus" size={14} /> Add
        </button>
      </form>
    </section>
  );
}
