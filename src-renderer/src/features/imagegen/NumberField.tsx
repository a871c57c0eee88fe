import { useId } from 'react'

interface NumberFieldProps {
  readonly label: string
  readonly value: string
  readonly min: number
  readonly max: number
  readonly step?: number
  /** Shown once the user tried to generate. */
  readonly problem: string | undefined
  readonly onChange: (value: string) => void
}

/** A labelled number box; its problem is read with it by screen readers. */
export function NumberField({ label, value, min, max, step = 1, problem, onChange }: NumberFieldProps) {
  const id = useId()
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="number"
        min={min}
        max={max}
        step={step}
        value={value}
        aria-invalid={problem ? true : undefined}
        aria-describedby={problem ? `${id}-problem` : undefined}
        onChange={(event) => onChange(event.target.value)}
      />
      {problem && (
        <span id={`${id}-problem`} className="field-problem">
          {problem}
        </span>
      )}
    </div>
  )
}
