import { useId } from 'react';
import { MODE_FILTERS, type ModeFilter as Mode } from '../lib/filters.js';

/** The execution-mode filter (All / Autonomous / HITL / Pending) as a native radio group. */
export function ModeFilter({
  value,
  onChange,
  label = 'Execution mode',
}: {
  value: Mode;
  onChange(mode: Mode): void;
  label?: string;
}) {
  const name = useId();
  return (
    <fieldset className="segmented">
      <legend>{label}</legend>
      {MODE_FILTERS.map((mode) => (
        <label
          key={mode.value}
          className={value === mode.value ? 'segment segment-on' : 'segment'}
          title={mode.description}
        >
          <input
            type="radio"
            name={name}
            value={mode.value}
            checked={value === mode.value}
            onChange={() => onChange(mode.value)}
          />
          <span>{mode.label}</span>
        </label>
      ))}
    </fieldset>
  );
}
