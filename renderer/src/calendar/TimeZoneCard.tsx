import { useMemo, useState } from 'react';
import { isValidTimeZone, knownTimeZones } from '../lib/zoned-time';
import { useMutation } from '../platform/hooks';
import { toastSuccess } from '../shell/ui-store';

/** The site's zone: operator slots and due dates are read as wall-clock time there. */
export function TimeZoneCard({ current }: { current: string | undefined }) {
  const [value, setValue] = useState<string | null>(null);
  const update = useMutation('settings.update');
  const zones = useMemo(() => knownTimeZones(), []);
  const shown = value ?? current ?? '';
  const dirty = value !== null && value !== current;
  const valid = isValidTimeZone(shown);
  const save = async () => {
    if (!dirty || !valid) return;
    const saved = await update.mutate({ timezone: shown });
    if (saved) {
      setValue(null);
      toastSuccess(`Site time zone set to ${saved.timezone}.`);
    }
  };
  return (
    <section className="card" aria-labelledby="tz-title">
      <h2 className="card__title" id="tz-title">
        Site time zone
      </h2>
      <form
        className="card__pad stack"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <input
          name="timezone"
          list="tz-options"
          aria-label="Site time zone"
          value={shown}
          aria-invalid={!valid || undefined}
          onChange={(e) => setValue(e.target.value)}
        />
        <datalist id="tz-options">
          {zones.map((z) => (
            <option key={z} value={z} />
          ))}
        </datalist>
        {!valid ? (
          <span className="field__error">Not a known time zone (e.g. Europe/Berlin).</span>
        ) : null}
        <p className="muted small">
          Shifts, exceptions and due dates are wall-clock times in this zone, including across
          daylight-saving changes.
        </p>
        <div className="row">
          <button
            type="submit"
            className="btn btn--small"
            data-testid="timezone-save"
            disabled={!dirty || !valid || update.pending}
          >
            Save time zone
          </button>
          {dirty ? (
            <button
              type="button"
              className="btn btn--small btn--ghost"
              onClick={() => setValue(null)}
            >
              Reset
            </button>
          ) : null}
        </div>
      </form>
    </section>
  );
}
