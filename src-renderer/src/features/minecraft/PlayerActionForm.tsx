import { useId, useState } from 'react'
import { ConfirmDialog } from '../../components/ConfirmDialog'
import { useConsoleStore } from './console-store'
import { PlayerInput } from './PlayerInput'
import { confirmationOf, playerProblem, quickCommand, type QuickAction } from './quick-actions'

interface PlayerActionFormProps {
  readonly serverId: string
  readonly legend: string
  readonly playerLabel: string
  readonly listId: string
  readonly actions: readonly { readonly action: QuickAction; readonly label: string }[]
  /** A second, free-text field (a kick's reason). */
  readonly reasonLabel?: string
  readonly disabled: boolean
}

/** One quick action on a player (kick, whitelist, op): asks first where it takes something away. */
export function PlayerActionForm({ serverId, legend, playerLabel, listId, actions, reasonLabel, disabled }: PlayerActionFormProps) {
  const id = useId()
  const [player, setPlayer] = useState('')
  const [reason, setReason] = useState('')
  const [problem, setProblem] = useState<string | null>(null)
  const [asking, setAsking] = useState<QuickAction | null>(null)
  const [busy, setBusy] = useState(false)

  const send = async (action: QuickAction) => {
    setAsking(null)
    setBusy(true)
    const result = await useConsoleStore.getState().send(serverId, quickCommand(action, player, reason))
    setBusy(false)
    if (result.outcome === 'answered') {
      setPlayer('')
      setReason('')
      setProblem(null)
    } else {
      setProblem(result.problem)
    }
  }

  const choose = (action: QuickAction) => {
    const invalid = playerProblem(player)
    setProblem(invalid)
    if (invalid !== null) return
    if (confirmationOf(action, player) === null) void send(action)
    else setAsking(action)
  }

  const confirmation = asking && confirmationOf(asking, player)

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault()
        const first = actions[0]
        if (first) choose(first.action)
      }}
    >
      <fieldset className="mc-quick" disabled={disabled || busy}>
        <legend>{legend}</legend>
        <PlayerInput
          id={`${id}-player`}
          label={playerLabel}
          listId={listId}
          value={player}
          invalid={problem !== null}
          problemId={`${id}-problem`}
          onChange={(value) => {
            setPlayer(value)
            setProblem(null)
          }}
        />
        {reasonLabel && (
          <div className="field">
            <label htmlFor={`${id}-reason`}>{reasonLabel}</label>
            <input id={`${id}-reason`} value={reason} autoComplete="off" onChange={(event) => setReason(event.target.value)} />
          </div>
        )}
        <div className="mc-quick-buttons">
          {actions.map(({ action, label }, index) =>
            // The first is the form's submit button, so Enter in either field runs it (a form of two fields has no implicit submit otherwise).
            index === 0 ? (
              <button key={action} type="submit">
                {label}
              </button>
            ) : (
              <button key={action} type="button" onClick={() => choose(action)}>
                {label}
              </button>
            )
          )}
        </div>
        {problem && (
          <p id={`${id}-problem`} className="field-problem" role="alert">
            {problem}
          </p>
        )}
        {asking && confirmation && (
          <ConfirmDialog
            title={confirmation.title}
            text={confirmation.text}
            confirm={confirmation.confirm}
            onConfirm={() => void send(asking)}
            onClose={() => setAsking(null)}
          />
        )}
      </fieldset>
    </form>
  )
}
