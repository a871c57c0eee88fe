import { useId, useState, type FormEvent, type KeyboardEvent } from 'react'
import { NumberField } from './NumberField'
import { SeedField } from './SeedField'
import { SizeFields } from './SizeFields'
import { WorkerFields } from './WorkerFields'
import { WorkflowLoader } from './WorkflowLoader'
import { useFormStore } from './form-store'
import { useJobsStore } from './jobs-store'
import { workflowForSubmit } from './loaded-workflow'
import { limits, parseSubmitForm, type FormField } from './submit-form'
import { useWorkersStore } from './workers-store'

/** The submit form: every field labelled, checked on "Generate", the last settings kept for next time. */
export function GenerateForm() {
  const id = useId()
  const form = useFormStore((store) => store.form)
  const loadedWorkflow = useFormStore((store) => store.workflow)
  const update = useFormStore((store) => store.update)
  const workerApi = useWorkersStore((store) => store.workers.find((worker) => worker.id === form.workerId)?.api)
  const [tried, setTried] = useState(false)
  const [busy, setBusy] = useState(false)
  const [problem, setProblem] = useState<string | null>(null)
  const [queued, setQueued] = useState<string | null>(null)

  const withWorkflow = workerApi === 'comfyui' && loadedWorkflow !== null
  const workflow = withWorkflow ? workflowForSubmit(loadedWorkflow) : null
  const parsed = parseSubmitForm(form, workflow && 'workflow' in workflow ? workflow.workflow : null)
  const problems: Partial<Record<FormField, string>> = tried && !parsed.ok ? parsed.problems : {}

  const generate = async (event: FormEvent) => {
    event.preventDefault()
    setTried(true)
    setQueued(null)
    if (workflow && 'problem' in workflow) return setProblem(workflow.problem)
    if (!parsed.ok) return setProblem(null)
    setBusy(true)
    const failure = await useJobsStore.getState().submit(parsed.input)
    setBusy(false)
    setProblem(failure)
    if (failure === null) {
      setTried(false)
      setQueued(parsed.input.count === 1 ? 'Queued 1 job.' : `Queued ${parsed.input.count} jobs.`)
    }
  }

  // Ctrl+Enter in a prompt generates, as Enter does in the number fields.
  const onPromptKey = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault()
      event.currentTarget.form?.requestSubmit()
    }
  }

  return (
    <form className="ig-form" aria-labelledby={`${id}-title`} noValidate onSubmit={(event) => void generate(event)}>
      <h2 id={`${id}-title`}>New images</h2>
      <WorkerFields form={form} problems={problems} onChange={update} />
      <div className="field ig-wide">
        <label htmlFor={`${id}-prompt`}>Prompt</label>
        <textarea
          id={`${id}-prompt`}
          rows={4}
          value={form.prompt}
          aria-invalid={problems.prompt ? true : undefined}
          aria-describedby={problems.prompt ? `${id}-prompt-problem` : undefined}
          onKeyDown={onPromptKey}
          onChange={(event) => update({ prompt: event.target.value })}
        />
        {problems.prompt && (
          <span id={`${id}-prompt-problem`} className="field-problem">
            {problems.prompt}
          </span>
        )}
      </div>
      <div className="field ig-wide">
        <label htmlFor={`${id}-negative`}>Negative prompt</label>
        <textarea
          id={`${id}-negative`}
          rows={2}
          value={form.negativePrompt}
          aria-invalid={problems.negativePrompt ? true : undefined}
          aria-describedby={problems.negativePrompt ? `${id}-negative-problem` : undefined}
          onKeyDown={onPromptKey}
          onChange={(event) => update({ negativePrompt: event.target.value })}
        />
        {problems.negativePrompt && (
          <span id={`${id}-negative-problem`} className="field-problem">
            {problems.negativePrompt}
          </span>
        )}
      </div>
      <SizeFields form={form} problems={problems} onChange={update} />
      <NumberField label="Steps" value={form.steps} {...limits.steps} problem={problems.steps} onChange={(steps) => update({ steps })} />
      <NumberField label="CFG" value={form.cfg} {...limits.cfg} step={0.5} problem={problems.cfg} onChange={(cfg) => update({ cfg })} />
      <NumberField label="Batch count" value={form.count} {...limits.count} problem={problems.count} onChange={(count) => update({ count })} />
      <SeedField form={form} problem={problems.seed} onChange={update} />
      {workerApi === 'comfyui' && <WorkflowLoader />}
      <div className="ig-form-actions ig-wide">
        <button type="submit" className="primary" disabled={busy}>
          Generate
        </button>
        <span role="status" className="muted">
          {queued}
        </span>
      </div>
      {problem && (
        <p className="playground-error ig-wide" role="alert">
          {problem}
        </p>
      )}
    </form>
  )
}
