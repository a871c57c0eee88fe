import { describe, expect, it } from 'vitest'
import type { ImageJob } from '../../../../src-shared/imagegen'
import { finishedShown, moveTarget, ownQueued, queueOf, withEvent, withListed, withReply, type JobsById } from './job-order'
import { job } from './test-jobs'

const byId = (...jobs: ImageJob[]): JobsById => Object.fromEntries(jobs.map((one) => [one.id, one]))
const ids = (jobs: readonly ImageJob[]) => jobs.map((one) => one.id)

describe('job updates', () => {
  it('takes every event, but a late reply never takes back what an event told', () => {
    const running = job({ id: 1, state: 'running', progress: { percent: 40, step: 8, steps: 20, etaSeconds: 6 } })
    let jobs = withEvent({}, running)
    jobs = withReply(jobs, job({ id: 1, state: 'queued' }))
    expect(jobs[1]).toBe(running)
    jobs = withReply(jobs, job({ id: 2, state: 'queued', position: 5 }))
    jobs = withReply(jobs, job({ id: 2, state: 'queued', position: 1 }))
    expect(jobs[2]?.position).toBe(1)
    jobs = withEvent(jobs, job({ id: 1, state: 'done', imageIds: [7] }))
    expect(jobs[1]).toMatchObject({ state: 'done', imageIds: [7] })
  })

  it('replaces the held jobs with the core’s list, keeping one an event moved on meanwhile', () => {
    const asked = byId(job({ id: 1, state: 'queued' }), job({ id: 9, state: 'queued' }))
    const held = withEvent(asked, job({ id: 1, state: 'running' }))
    const listed = withListed(asked, held, [job({ id: 1, state: 'queued' }), job({ id: 2, state: 'done' })])
    expect(Object.keys(listed)).toEqual(['1', '2'])
    expect(listed[1]?.state).toBe('running')
  })

  it('trusts the list over a held "running" no event touched: a restarted core put the job back in the queue', () => {
    const held = byId(job({ id: 1, state: 'running', progress: { percent: 40, step: 8, steps: 20, etaSeconds: 6 } }))
    const listed = withListed(held, held, [job({ id: 1, state: 'queued' })])
    expect(listed[1]).toMatchObject({ state: 'queued', progress: null })
  })
})

describe('queueOf', () => {
  it('shows what runs, then what waits by position, then the latest finished, for one worker only', () => {
    const jobs = byId(
      job({ id: 1, state: 'done', finishedAt: 10 }),
      job({ id: 2, state: 'queued', position: 2 }),
      job({ id: 3, state: 'running', startedAt: 5 }),
      job({ id: 4, state: 'queued', position: 1 }),
      job({ id: 5, state: 'failed', finishedAt: 20 }),
      job({ id: 6, state: 'queued', position: 0, workerId: 'nas/comfy' }),
      job({ id: 7, state: 'sending', startedAt: 6 })
    )
    expect(ids(queueOf(jobs, 'gaming-pc/sd'))).toEqual([3, 7, 4, 2, 5, 1])
    expect(ids(queueOf(jobs, 'nas/comfy'))).toEqual([6])
  })

  it('keeps only the latest finished jobs', () => {
    const finished = Array.from({ length: finishedShown + 5 }, (_, index) => job({ id: index + 1, state: 'done', finishedAt: index }))
    const queue = queueOf(byId(...finished), 'gaming-pc/sd')
    expect(queue).toHaveLength(finishedShown)
    expect(queue[0]?.id).toBe(finishedShown + 5)
  })
})

describe('moveTarget', () => {
  const queued = ownQueued([
    job({ id: 11, position: 1 }),
    job({ id: 12, position: 2 }),
    job({ id: 20, position: 0, external: true }),
    job({ id: 13, position: 3 }),
    job({ id: 14, position: 4, state: 'running' })
  ])

  it('reorders only the own queued jobs', () => {
    expect(ids(queued)).toEqual([11, 12, 13])
  })

  it('moves up before the job above, down before the one two below or to the end', () => {
    expect(moveTarget(queued, 12, 'up')).toEqual({ beforeJobId: 11 })
    expect(moveTarget(queued, 11, 'down')).toEqual({ beforeJobId: 13 })
    expect(moveTarget(queued, 12, 'down')).toEqual({ beforeJobId: null })
  })

  it('refuses a move past either end, or of a job that is not queued', () => {
    expect(moveTarget(queued, 11, 'up')).toBeNull()
    expect(moveTarget(queued, 13, 'down')).toBeNull()
    expect(moveTarget(queued, 14, 'up')).toBeNull()
  })
})
