import { describe, expect, it } from 'vitest'
import type { PullProgress } from '../../../../src-shared/ollama'
import { answerNotice, pullOfferState } from './answer-notice'
import { applyPullProgress, latestPull, pullFraction, type Pulls } from './pull-progress'

const pi = 'Pi LLM › Ollama'

describe('answerNotice', () => {
  it('says nothing under a complete or streaming answer', () => {
    expect(answerNotice({ status: 'complete', error: null, errorKind: null }, pi, 'tinyllama')).toBeNull()
    expect(answerNotice({ status: 'streaming', error: null, errorKind: null }, pi, 'tinyllama')).toBeNull()
  })

  it('marks a stopped or interrupted answer and keeps its text', () => {
    expect(answerNotice({ status: 'stopped', error: null, errorKind: null }, pi, 'm')?.text).toBe('Stopped. The answer so far is kept.')
    expect(answerNotice({ status: 'interrupted', error: 'the connection closed mid-answer', errorKind: 'bad-reply' }, pi, 'm')).toEqual({
      tone: 'error',
      text: 'Interrupted: the connection closed mid-answer. The answer so far is kept.',
      pullModel: null
    })
  })

  it('offers to pull a model the endpoint does not have, and only then', () => {
    const missing = answerNotice({ status: 'error', error: "model 'qwen3:4b' not found", errorKind: 'model-not-found' }, pi, 'qwen3:4b')
    expect(missing).toEqual({ tone: 'error', text: "Pi LLM › Ollama does not have qwen3:4b. model 'qwen3:4b' not found", pullModel: 'qwen3:4b' })
    for (const errorKind of ['unreachable', 'timeout', 'busy', 'server', 'bad-reply', null] as const) {
      expect(answerNotice({ status: 'error', error: 'x', errorKind }, pi, 'qwen3:4b')?.pullModel).toBeNull()
    }
  })

  it('names the endpoint that cannot be reached, unless the message already does', () => {
    expect(answerNotice({ status: 'error', error: 'connection refused', errorKind: 'unreachable' }, pi, 'm')?.text).toBe(
      'Pi LLM › Ollama cannot be reached: connection refused'
    )
    expect(answerNotice({ status: 'error', error: 'Pi LLM › Ollama refused the connection', errorKind: 'unreachable' }, pi, 'm')?.text).toBe(
      'Pi LLM › Ollama refused the connection'
    )
    expect(answerNotice({ status: 'error', error: 'an error line: out of memory', errorKind: 'server' }, pi, 'm')?.text).toBe('an error line: out of memory')
  })
})

describe('the Pull offer', () => {
  const progress = (pullId: string, state: PullProgress['state'], completed = 50, error: string | null = null): PullProgress => ({
    pullId,
    endpointId: 'pi-llm/ollama',
    model: 'qwen3:4b',
    status: state === 'running' ? 'pulling 6a0746a1ec1a' : 'success',
    layers: [
      { digest: 'sha256:6a0746a1ec1a', total: 100, completed },
      { digest: 'sha256:4fa551d4f938', total: 0, completed: 0 }
    ],
    state,
    error
  })

  it('follows the latest pull of the model: offered, pulling with its share, pulled', () => {
    let pulls: Pulls = {}
    expect(pullOfferState(latestPull(pulls, 'pi-llm/ollama', 'qwen3:4b'))).toEqual({ kind: 'offer' })
    pulls = applyPullProgress(pulls, progress('p9', 'failed', 10, 'disk full'))
    pulls = applyPullProgress(pulls, progress('p10', 'running', 25))
    const pulling = pullOfferState(latestPull(pulls, 'pi-llm/ollama', 'qwen3:4b'))
    expect(pulling.kind).toBe('pulling')
    expect(pulling.kind === 'pulling' && pullFraction(pulling.pull)).toBe(0.25)
    pulls = applyPullProgress(pulls, progress('p10', 'done', 100))
    expect(pullOfferState(latestPull(pulls, 'pi-llm/ollama', 'qwen3:4b'))).toEqual({ kind: 'pulled' })
    expect(latestPull(pulls, 'other/ollama', 'qwen3:4b')).toBeNull()
  })

  it('offers again after a cancel, and says why a pull failed', () => {
    expect(pullOfferState(progress('p1', 'cancelled'))).toEqual({ kind: 'offer' })
    expect(pullOfferState(progress('p1', 'failed', 0, 'disk full'))).toEqual({ kind: 'failed', reason: 'disk full' })
  })

  it('has no share to show before Ollama tells a layer size', () => {
    expect(pullFraction({ ...progress('p1', 'running'), layers: [] })).toBeNull()
  })
})
