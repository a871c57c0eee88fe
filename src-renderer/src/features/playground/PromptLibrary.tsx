import { useId, useState } from 'react'
import type { SavedPrompt } from '../../../../src-shared/ollama'
import { compareDraftKey, draftOfPrompt, losesTyping } from './drafts'
import { draftOf, useDraftsStore } from './drafts-store'
import { usePromptsStore } from './prompts-store'
import { ConfirmDialog } from '../../components/ConfirmDialog'

const loadIntoCompare = (prompt: SavedPrompt) => useDraftsStore.getState().update(compareDraftKey, draftOfPrompt(prompt))

/** Saved prompts: save the compare prompt under a title, load one back into the box, delete. */
export function PromptLibrary() {
  const id = useId()
  const prompts = usePromptsStore((store) => store.prompts)
  const listError = usePromptsStore((store) => store.listError)
  const [title, setTitle] = useState('')
  const [problem, setProblem] = useState<string | null>(null)
  const [replacing, setReplacing] = useState<SavedPrompt | null>(null)

  /** Loads a saved prompt, asking first when it would replace something typed. */
  const load = (prompt: SavedPrompt) => {
    if (losesTyping(draftOf(compareDraftKey), draftOfPrompt(prompt))) setReplacing(prompt)
    else loadIntoCompare(prompt)
  }

  const save = async () => {
    const draft = draftOf(compareDraftKey)
    const failure = await usePromptsStore.getState().save(title, draft.message, draft.system ?? '')
    setProblem(failure)
    if (!failure) setTitle('')
  }

  return (
    <section className="prompt-library" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>Saved prompts</h3>
      <form
        className="prompt-save"
        onSubmit={(event) => {
          event.preventDefault()
          void save()
        }}
      >
        <div className="field">
          <label htmlFor={`${id}-name`}>Title</label>
          <input id={`${id}-name`} value={title} maxLength={200} placeholder="e.g. Haiku test" onChange={(event) => setTitle(event.target.value)} />
        </div>
        <button type="submit">Save prompt</button>
      </form>
      {problem && (
        <p className="field-problem" role="alert">
          {problem}
        </p>
      )}
      {listError && <p className="playground-error">{listError}</p>}
      {!listError && prompts.length === 0 && <p className="muted">No saved prompt yet.</p>}
      <ul className="prompt-list">
        {prompts.map((prompt) => (
          <li key={prompt.id}>
            <span className="prompt-title" title={prompt.prompt}>
              {prompt.title}
            </span>
            <button
              type="button"
              aria-label={`Load ${prompt.title}`}
              onClick={() => load(prompt)}
            >
              Load
            </button>
            <button type="button" className="link-button" aria-label={`Delete ${prompt.title}`} onClick={() => void usePromptsStore.getState().remove(prompt.id)}>
              Delete
            </button>
          </li>
        ))}
      </ul>
      {replacing && (
        <ConfirmDialog
          title={`Replace your prompt with “${replacing.title}”?`}
          text="What you typed in the prompt and system prompt boxes is not saved and will be gone. Save it first to keep it."
          confirm="Replace"
          tone="primary"
          onConfirm={() => loadIntoCompare(replacing)}
          onClose={() => setReplacing(null)}
        />
      )}
    </section>
  )
}
