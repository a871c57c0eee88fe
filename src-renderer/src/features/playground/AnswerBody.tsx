import { answerNotice } from './answer-notice'
import { endpointName } from './endpoints-store'
import { answerFigures } from './figures'
import type { LiveAnswer } from './live-answers'
import { Markdown } from './Markdown'
import { PullOffer } from './PullOffer'

interface AnswerBodyProps {
  readonly answer: LiveAnswer
  readonly endpointId: string | null
  readonly model: string | null
  /** Offers "Stop" while the answer streams. */
  readonly onStop?: () => void
}

/** An answer: its thinking, its Markdown, its figures, and what went wrong, with the way out. */
export function AnswerBody({ answer, endpointId, model, onStop }: AnswerBodyProps) {
  const streaming = answer.status === 'streaming'
  const notice = answerNotice(answer, endpointName(endpointId), model ?? 'the model')
  const figures = answerFigures(answer.stats)
  return (
    <>
      {answer.thinking !== '' && (
        <details className="answer-thinking">
          <summary>Thinking</summary>
          <p>{answer.thinking}</p>
        </details>
      )}
      {answer.text !== '' ? <Markdown text={answer.text} /> : streaming && <p className="muted">Waiting for the first token…</p>}
      {(streaming || figures.length > 0) && (
        <div className="answer-footer">
          {streaming && <span className="answer-writing">Writing…</span>}
          {streaming && onStop && (
            <button type="button" onClick={onStop}>
              Stop
            </button>
          )}
          {figures.length > 0 && <p className="answer-figures">{figures.join(' · ')}</p>}
        </div>
      )}
      {notice && (
        <div className={`answer-notice is-${notice.tone}`}>
          <p>{notice.text}</p>
          {notice.pullModel !== null && endpointId !== null && <PullOffer endpointId={endpointId} model={notice.pullModel} />}
        </div>
      )}
    </>
  )
}
