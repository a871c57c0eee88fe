import { useId, useRef, useState, type ChangeEvent } from 'react'
import { useFormStore } from './form-store'
import { loadWorkflow } from './loaded-workflow'
import { mappingFields, mappingProblems } from './workflow-mapping'

/** ComfyUI only: a workflow of the user's (API format) instead of the built-in one, and where the form's fields go in it. */
export function WorkflowLoader() {
  const id = useId()
  const file = useRef<HTMLInputElement>(null)
  const workflow = useFormStore((store) => store.workflow)
  const setWorkflow = useFormStore((store) => store.setWorkflow)
  const [problem, setProblem] = useState<string | null>(null)
  const problems = workflow ? mappingProblems(workflow.graph, workflow.mapping) : {}

  const read = async (event: ChangeEvent<HTMLInputElement>) => {
    const chosen = event.target.files?.[0]
    event.target.value = ''
    if (!chosen) return
    const loaded = loadWorkflow(chosen.name, await chosen.text())
    if ('problem' in loaded) return setProblem(`${chosen.name}: ${loaded.problem}`)
    setProblem(null)
    setWorkflow(loaded.workflow)
  }

  return (
    <fieldset className="ig-workflow ig-wide">
      <legend>Workflow</legend>
      <div className="ig-workflow-bar">
        <span>{workflow ? <>Your workflow “{workflow.name}”</> : 'The built-in txt2img workflow'}</span>
        <button type="button" onClick={() => file.current?.click()}>
          Load workflow…
        </button>
        {workflow && (
          <button type="button" onClick={() => setWorkflow(null)}>
            Use the built-in workflow
          </button>
        )}
        <input ref={file} type="file" accept=".json,application/json" hidden aria-label="Workflow file" onChange={(event) => void read(event)} />
      </div>
      {problem && (
        <p className="field-problem" role="alert">
          {problem}
        </p>
      )}
      {workflow && (
        <div className="ig-mapping">
          <p className="muted ig-wide">Where each field goes, as node.inputs.field (guessed from the node types: check it).</p>
          {mappingFields.map(({ key, label }) => (
            <div key={key} className="field">
              <label htmlFor={`${id}-${key}`}>{label} goes to</label>
              <input
                id={`${id}-${key}`}
                type="text"
                className="mono"
                placeholder={key === 'prompt' ? 'required' : 'not used'}
                value={workflow.mapping[key] ?? ''}
                aria-invalid={problems[key] ? true : undefined}
                aria-describedby={problems[key] ? `${id}-${key}-problem` : undefined}
                onChange={(event) => setWorkflow({ ...workflow, mapping: { ...workflow.mapping, [key]: event.target.value } })}
              />
              {problems[key] && (
                <span id={`${id}-${key}-problem`} className="field-problem">
                  {problems[key]}
                </span>
              )}
            </div>
          ))}
        </div>
      )}
    </fieldset>
  )
}
