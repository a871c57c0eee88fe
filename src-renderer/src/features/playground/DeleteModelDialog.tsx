import { useId, useRef, useState } from 'react'
import { ModalDialog } from '../../components/ModalDialog'
import { endpointName, useEndpointsStore } from './endpoints-store'

interface DeleteModelDialogProps {
  readonly endpointId: string
  readonly model: string
  readonly onClose: () => void
}

/** Asks before a model's files are deleted from an endpoint, naming both. */
export function DeleteModelDialog({ endpointId, model, onClose }: DeleteModelDialogProps) {
  const id = useId()
  const cancel = useRef<HTMLButtonElement>(null)
  const [problem, setProblem] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const endpoint = endpointName(endpointId)

  const remove = async () => {
    setBusy(true)
    const failure = await useEndpointsStore.getState().deleteModel(endpointId, model)
    setBusy(false)
    if (failure) setProblem(failure)
    else onClose()
  }

  return (
    <ModalDialog labelledBy={`${id}-title`} describedBy={`${id}-text`} onEscape={onClose} initialFocus={cancel}>
      <h2 id={`${id}-title`}>
        Delete {model} from {endpoint}?
      </h2>
      <p id={`${id}-text`}>Its files are removed from {endpoint}. Using it again means pulling it again.</p>
      {problem && (
        <p className="dialog-error" role="alert">
          Could not delete it: {problem}
        </p>
      )}
      <div className="dialog-actions">
        <button ref={cancel} type="button" onClick={onClose}>
          Cancel
        </button>
        <button type="button" className="danger" disabled={busy} onClick={() => void remove()}>
          {busy ? 'Deleting…' : 'Delete'}
        </button>
      </div>
    </ModalDialog>
  )
}
