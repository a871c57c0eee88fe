import { useId, useState } from 'react'
import { countSetOptions, emptyOptionsForm, numberFields, parseOptionsForm, type OptionsForm } from './options-form'

interface OptionsPanelProps {
  readonly form: OptionsForm
  readonly onChange: (form: OptionsForm) => void
}

/** Ollama's sampling options, folded away; an empty field keeps the model's default. */
export function OptionsPanel({ form, onChange }: OptionsPanelProps) {
  const id = useId()
  const [open, setOpen] = useState(false)
  const { options, problems } = parseOptionsForm(form)
  const set = countSetOptions(options)
  const problemCount = Object.keys(problems).length

  return (
    <div className="options-panel">
      <button type="button" className="disclosure" aria-expanded={open} aria-controls={`${id}-panel`} onClick={() => setOpen(!open)}>
        Options{set > 0 ? ` (${set} set)` : ''}
        {problemCount > 0 ? ` · ${problemCount} to fix` : ''}
      </button>
      <fieldset id={`${id}-panel`} className="options-fields" hidden={!open}>
        <legend className="visually-hidden">Options</legend>
        <p className="muted options-hint">Empty fields keep the model’s default.</p>
        {numberFields.map((field) => {
          const problem = problems[field.key]
          return (
            <div key={field.key} className="field">
              <label htmlFor={`${id}-${field.key}`}>{field.label}</label>
              <input
                id={`${id}-${field.key}`}
                type="text"
                inputMode={field.integer ? 'numeric' : 'decimal'}
                placeholder="default"
                value={form[field.key]}
                aria-invalid={problem ? true : undefined}
                aria-describedby={problem ? `${id}-${field.key}-problem` : undefined}
                onChange={(event) => onChange({ ...form, [field.key]: event.target.value })}
              />
              {problem && (
                <span id={`${id}-${field.key}-problem`} className="field-problem">
                  {problem}
                </span>
              )}
            </div>
          )
        })}
        <div className="field options-stop">
          <label htmlFor={`${id}-stop`}>Stop sequences (one per line)</label>
          <textarea
            id={`${id}-stop`}
            rows={2}
            value={form.stop}
            aria-invalid={problems.stop ? true : undefined}
            aria-describedby={problems.stop ? `${id}-stop-problem` : undefined}
            onChange={(event) => onChange({ ...form, stop: event.target.value })}
          />
          {problems.stop && (
            <span id={`${id}-stop-problem`} className="field-problem">
              {problems.stop}
            </span>
          )}
        </div>
        <label className="checkbox">
          <input type="checkbox" checked={form.json} onChange={(event) => onChange({ ...form, json: event.target.checked })} />
          JSON format
        </label>
        <button type="button" onClick={() => onChange(emptyOptionsForm)}>
          Reset options
        </button>
      </fieldset>
    </div>
  )
}
