import { useId } from 'react'
import { limits, type SubmitForm } from './submit-form'

interface SeedFieldProps {
  readonly form: SubmitForm
  readonly problem: string | undefined
  readonly onChange: (patch: Partial<SubmitForm>) => void
}

/** Random (each job draws one and keeps it) or a fixed number. */
export function SeedField({ form, problem, onChange }: SeedFieldProps) {
  const id = useId()
  return (
    <fieldset className="ig-seed">
      <legend>Seed</legend>
      <label className="checkbox">
        <input type="radio" name={`${id}-mode`} checked={form.seedMode === 'random'} onChange={() => onChange({ seedMode: 'random' })} />
        Random
      </label>
      <label className="checkbox">
        <input type="radio" name={`${id}-mode`} checked={form.seedMode === 'fixed'} onChange={() => onChange({ seedMode: 'fixed' })} />
        Fixed
      </label>
      <div className="field">
        <label htmlFor={`${id}-number`}>Seed number</label>
        <input
          id={`${id}-number`}
          type="number"
          min={limits.seed.min}
          max={limits.seed.max}
          placeholder="number"
          value={form.seed}
          disabled={form.seedMode !== 'fixed'}
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? `${id}-problem` : undefined}
          onChange={(event) => onChange({ seed: event.target.value })}
        />
      </div>
      {problem && (
        <span id={`${id}-problem`} className="field-problem">
          {problem}
        </span>
      )}
    </fieldset>
  )
}
