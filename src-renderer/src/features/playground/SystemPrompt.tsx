import { useId } from 'react'
import { useDraftsStore } from './drafts-store'

interface SystemPromptProps {
  readonly draftKey: string
  /** What the field shows when the user has not changed it: the conversation's stored system prompt. */
  readonly stored: string
}

/** The system prompt, kept as a draft while typed so a reload loses nothing. */
export function SystemPrompt({ draftKey, stored }: SystemPromptProps) {
  const id = useId()
  const drafted = useDraftsStore((store) => store.drafts[draftKey]?.system)
  return (
    <div className="field system-prompt">
      <label htmlFor={id}>System prompt</label>
      <textarea
        id={id}
        rows={2}
        value={drafted ?? stored}
        placeholder="Optional: how the model should behave, e.g. “Answer in one short paragraph.”"
        onChange={(event) => useDraftsStore.getState().update(draftKey, { system: event.target.value })}
      />
    </div>
  )
}
