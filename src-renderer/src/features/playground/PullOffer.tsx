import { useState } from 'react'
import { pullOfferState } from './answer-notice'
import { latestPull } from './pull-progress'
import { usePullsStore } from './pulls-store'
import { PullProgressView } from './PullProgressView'

/** Under an answer whose model the endpoint lacks: "Pull <model>", then the pull's progress. */
export function PullOffer({ endpointId, model }: { readonly endpointId: string; readonly model: string }) {
  const pull = usePullsStore((store) => latestPull(store.pulls, endpointId, model))
  const [problem, setProblem] = useState<string | null>(null)
  const [starting, setStarting] = useState(false)
  const state = pullOfferState(pull)

  const start = async () => {
    setStarting(true)
    setProblem(await usePullsStore.getState().pull(endpointId, model))
    setStarting(false)
  }

  if (state.kind === 'pulling') return <PullProgressView pull={state.pull} dismissable={false} />
  if (state.kind === 'pulled') return <p className="pull-offer-done">Pulled {model}. Send the message again to get an answer.</p>
  return (
    <div className="pull-offer">
      <button type="button" disabled={starting} onClick={() => void start()}>
        Pull {model}
      </button>
      {state.kind === 'failed' && <span className="answer-error-text">The last pull failed: {state.reason}</span>}
      {problem && <span className="answer-error-text">Could not start the pull: {problem}</span>}
    </div>
  )
}
