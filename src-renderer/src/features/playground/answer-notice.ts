import type { PullProgress } from '../../../../src-shared/ollama'
import type { LiveAnswer } from './live-answers'

/** What the page says under an answer that did not complete, and whether it offers to pull the model. */
export interface AnswerNotice {
  readonly tone: 'note' | 'error'
  readonly text: string
  /** The model to offer "Pull" for: the endpoint does not have it. */
  readonly pullModel: string | null
}

type Outcome = Pick<LiveAnswer, 'status' | 'error' | 'errorKind'>

const mentions = (text: string, name: string) => text.toLowerCase().includes(name.toLowerCase())

/** Names the endpoint where the core's message does not already. */
function onEndpoint(prefix: string, error: string | null, endpointName: string): string {
  const detail = error ?? 'no reason given'
  return mentions(detail, endpointName) ? detail : `${prefix.replace('{endpoint}', endpointName)}: ${detail}`
}

export function answerNotice(answer: Outcome, endpointName: string, model: string): AnswerNotice | null {
  switch (answer.status) {
    case 'streaming':
    case 'complete':
      return null
    case 'stopped':
      return { tone: 'note', text: 'Stopped. The answer so far is kept.', pullModel: null }
    case 'interrupted':
      return { tone: 'error', text: `Interrupted: ${answer.error ?? 'the stream was cut'}. The answer so far is kept.`, pullModel: null }
    case 'error':
      break
  }
  switch (answer.errorKind) {
    case 'model-not-found':
      return { tone: 'error', text: `${endpointName} does not have ${model}. ${answer.error ?? ''}`.trim(), pullModel: model }
    case 'unreachable':
      return { tone: 'error', text: onEndpoint('{endpoint} cannot be reached', answer.error, endpointName), pullModel: null }
    case 'timeout':
      return { tone: 'error', text: onEndpoint('{endpoint} did not answer in time', answer.error, endpointName), pullModel: null }
    case 'busy':
      return { tone: 'error', text: onEndpoint('{endpoint} is busy', answer.error, endpointName), pullModel: null }
    default:
      return { tone: 'error', text: answer.error ?? 'The answer failed for a reason the server did not give.', pullModel: null }
  }
}

/** Where the "Pull" offer of a missing model stands: offered, pulling, pulled or failed. */
export type PullOfferState =
  | { readonly kind: 'offer' }
  | { readonly kind: 'pulling'; readonly pull: PullProgress }
  | { readonly kind: 'pulled' }
  | { readonly kind: 'failed'; readonly reason: string }

export function pullOfferState(pull: PullProgress | null): PullOfferState {
  if (!pull) return { kind: 'offer' }
  switch (pull.state) {
    case 'running':
      return { kind: 'pulling', pull }
    case 'done':
      return { kind: 'pulled' }
    case 'cancelled':
      return { kind: 'offer' }
    case 'failed':
      return { kind: 'failed', reason: pull.error ?? 'the pull failed' }
  }
}
