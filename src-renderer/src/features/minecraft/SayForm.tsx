import { useId, useState } from 'react'
import { useConsoleStore } from './console-store'
import { quickCommand } from './quick-actions'

/** "Say": a message to everyone on the server, from the server. */
export function SayForm({ serverId, disabled }: { readonly serverId: string; readonly disabled: boolean }) {
  const id = useId()
  const [message, setMessage] = useState('')
  const [problem, setProblem] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  const say = async () => {
    if (message.trim() === '') return
    setBusy(true)
    const result = await useConsoleStore.getState().send(serverId, quickCommand('say', '', message))
    setBusy(false)
    if (result.outcome === 'answered') {
      setMessage('')
      setProblem(null)
    } else {
      setProblem(result.problem)
    }
  }

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault()
        void say()
      }}
    >
      <fieldset className="mc-quick" disabled={disabled || busy}>
        <legend>Say</legend>
        <div className="field">
          <label htmlFor={`${id}-message`}>Message</label>
          <input
            id={`${id}-message`}
            value={message}
            autoComplete="off"
            aria-invalid={problem ? true : undefined}
            aria-describedby={problem ? `${id}-problem` : undefined}
            onChange={(event) => {
              setMessage(event.target.value)
              setProblem(null)
            }}
          />
        </div>
        <div className="mc-quick-buttons">
          <button type="submit" disabled={message.trim() === ''}>
            Say
          </button>
        </div>
        {problem && (
          <p id={`${id}-problem`} className="field-problem" role="alert">
            {problem}
          </p>
        )}
      </fieldset>
    </form>
  )
}
