import { useId } from 'react'
import { NumberField } from './NumberField'
import { limits, sizeOf, sizePresets, type FormField, type SizeChoice, type SubmitForm } from './submit-form'

interface SizeFieldsProps {
  readonly form: SubmitForm
  readonly problems: Readonly<Partial<Record<FormField, string>>>
  readonly onChange: (patch: Partial<SubmitForm>) => void
}

/** A size preset, or a custom width and height in steps of 8. */
export function SizeFields({ form, problems, onChange }: SizeFieldsProps) {
  const id = useId()
  const choose = (size: SizeChoice) => {
    // Custom starts from the size shown, so switching keeps what the user saw.
    onChange(size === 'custom' ? { size, ...sizeOf(form) } : { size })
  }
  return (
    <>
      <div className="field">
        <label htmlFor={id}>Size</label>
        <select id={id} value={form.size} onChange={(event) => choose(event.target.value as SizeChoice)}>
          {sizePresets.map((preset) => (
            <option key={preset.id} value={preset.id}>
              {preset.label}
            </option>
          ))}
          <option value="custom">Custom…</option>
        </select>
      </div>
      {form.size === 'custom' && (
        <>
          <NumberField label="Width" value={form.width} {...limits.dimension} step={8} problem={problems.width} onChange={(width) => onChange({ width })} />
          <NumberField label="Height" value={form.height} {...limits.dimension} step={8} problem={problems.height} onChange={(height) => onChange({ height })} />
        </>
      )}
    </>
  )
}
