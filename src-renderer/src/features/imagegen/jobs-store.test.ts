import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { setApi } from '../../api/api'
import { RequestFailure } from '../../api/client'
import { useToastStore } from '../../app/toast-store'
import { fakeClient } from '../../testing/fake-client'
import { queueOf } from './job-order'
import { useJobsStore } from './jobs-store'
import { job } from './test-jobs'

const settle = () => vi.advanceTimersByTimeAsync(0)

beforeEach(() => {
  vi.useFakeTimers()
  useJobsStore.setState({ jobs: {}, loaded: false, busy: {} })
  useToastStore.setState({ toasts: [] })
})
afterEach(() => vi.useRealTimers())

describe('useJobsStore', () => {
  it('lists the jobs, then follows them by their events: progress, the end, and a late submit reply', async () => {
    const fake: ReturnType<typeof fakeClient> = fakeClient({
      'imagegen.jobs': () => [job({ id: 1, state: 'done', finishedAt: 5, imageIds: [3] })],
      'imagegen.submit': (input) => {
        // The core's first event can overtake its reply.
        fake.emit('imagegen.job', job({ id: 2, state: 'running', startedAt: 9, progress: { percent: 10, step: 2, steps: 20, etaSeconds: 18 } }))
        expect(input).toMatchObject({ workerId: 'gaming-pc/sd', count: 2 })
        return [job({ id: 2 }), job({ id: 3, position: 1 })]
      }
    })
    setApi(fake.client)
    const stop = useJobsStore.getState().start()
    await settle()
    expect(useJobsStore.getState()).toMatchObject({ loaded: true, jobs: { 1: { state: 'done' } } })

    const params = job({}).params
    expect(await useJobsStore.getState().submit({ workerId: 'gaming-pc/sd', params, count: 2 })).toBeNull()
    expect(queueOf(useJobsStore.getState().jobs, 'gaming-pc/sd').map((one) => [one.id, one.state])).toEqual([
      [2, 'running'],
      [3, 'queued'],
      [1, 'done']
    ])

    fake.emit('imagegen.job', job({ id: 2, state: 'running', startedAt: 9, progress: { percent: 55, step: 11, steps: 20, etaSeconds: 8 } }))
    expect(useJobsStore.getState().jobs[2]?.progress).toEqual({ percent: 55, step: 11, steps: 20, etaSeconds: 8 })
    fake.emit('imagegen.job', job({ id: 2, state: 'done', finishedAt: 20, imageIds: [4] }))
    fake.emit('imagegen.job', job({ id: 3, state: 'running', startedAt: 21 }))
    expect(queueOf(useJobsStore.getState().jobs, 'gaming-pc/sd').map((one) => one.id)).toEqual([3, 2, 1])
    stop()
    fake.emit('imagegen.job', job({ id: 4 }))
    expect(useJobsStore.getState().jobs[4]).toBeUndefined()
  })

  it('cancels, retries, duplicates and moves a job with the matching request', async () => {
    const queued = [job({ id: 1, position: 0 }), job({ id: 2, position: 1 }), job({ id: 3, position: 2 })]
    // The core's queue order, moved as `imagegen.move` says; its reply gives every queued job its new position.
    let order = [1, 2, 3]
    const move = ({ jobId, beforeJobId }: { jobId: number; beforeJobId: number | null }) => {
      order = order.filter((id) => id !== jobId)
      order.splice(beforeJobId === null ? order.length : order.indexOf(beforeJobId), 0, jobId)
      return order.map((id, position) => job({ id, position }))
    }
    const fake = fakeClient({
      'imagegen.cancel': ({ jobId }: { jobId: number }) => job({ id: jobId, state: 'cancelled', finishedAt: 3 }),
      'imagegen.retry': ({ jobId }: { jobId: number }) => job({ id: jobId, state: 'queued', position: 3 }),
      'imagegen.duplicate': () => job({ id: 10, position: 4, params: { ...job({}).params, seed: 777 } }),
      'imagegen.move': move
    } as never)
    setApi(fake.client)
    useJobsStore.setState({ jobs: Object.fromEntries(queued.map((one) => [one.id, one])) })

    await useJobsStore.getState().move(3, 'up')
    expect(order).toEqual([1, 3, 2])
    await useJobsStore.getState().move(1, 'down')
    expect(order).toEqual([3, 1, 2])
    await useJobsStore.getState().move(3, 'up')
    await useJobsStore.getState().move(2, 'down')
    await useJobsStore.getState().move(1, 'down')
    expect(order).toEqual([3, 2, 1])
    await useJobsStore.getState().cancel(2)
    await useJobsStore.getState().retry(2)
    await useJobsStore.getState().duplicate(2)
    expect(fake.calls).toEqual([
      { name: 'imagegen.move', input: { jobId: 3, beforeJobId: 2 } },
      { name: 'imagegen.move', input: { jobId: 1, beforeJobId: 2 } },
      { name: 'imagegen.move', input: { jobId: 1, beforeJobId: null } },
      { name: 'imagegen.cancel', input: { jobId: 2 } },
      { name: 'imagegen.retry', input: { jobId: 2 } },
      { name: 'imagegen.duplicate', input: { jobId: 2 } }
    ])
    // Job 3 at the top and job 2 at the bottom could not move further: nothing was asked for them.
    expect(useJobsStore.getState().jobs[2]).toMatchObject({ state: 'queued', position: 3 })
    expect(useJobsStore.getState().jobs[10]?.params.seed).toBe(777)
    expect(useJobsStore.getState().busy).toEqual({})
  })

  it('names the job and the worker when an action fails, and says why a submit was refused', async () => {
    const fake = fakeClient({
      'imagegen.cancel': () => {
        throw new RequestFailure('imagegen.cancel', { code: 'failed', message: 'Gaming PC › Stable Diffusion did not answer within 10 s' })
      },
      'imagegen.submit': () => {
        throw new RequestFailure('imagegen.submit', { code: 'failed', message: 'the worker gaming-pc/sd is not in the inventory' })
      }
    })
    setApi(fake.client)
    useJobsStore.setState({ jobs: { 5: job({ id: 5, state: 'running' }) } })
    await useJobsStore.getState().cancel(5)
    expect(useToastStore.getState().toasts.map((toast) => toast.message)).toEqual([
      'Could not cancel job 5 on gaming-pc/sd: Gaming PC › Stable Diffusion did not answer within 10 s'
    ])
    expect(useJobsStore.getState().jobs[5]?.state).toBe('running')
    const input = { workerId: 'gaming-pc/sd', params: job({}).params, count: 1 }
    expect(await useJobsStore.getState().submit(input)).toBe('the worker gaming-pc/sd is not in the inventory')
  })

  it('keeps a retried job that an event already started', async () => {
    const fake: ReturnType<typeof fakeClient> = fakeClient({
      'imagegen.retry': () => {
        fake.emit('imagegen.job', job({ id: 8, state: 'running', startedAt: 4 }))
        return job({ id: 8, state: 'queued' })
      }
    })
    setApi(fake.client)
    const stop = useJobsStore.getState().start()
    useJobsStore.setState({ jobs: { 8: job({ id: 8, state: 'failed', message: 'CUDA out of memory' }) } })
    await useJobsStore.getState().retry(8)
    expect(useJobsStore.getState().jobs[8]?.state).toBe('running')
    stop()
  })
})

