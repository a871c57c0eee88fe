import { describe, expect, it } from 'vitest'
import type { NodeHealth } from '../../../../src-shared/health'
import { gpuReadings, gpuText } from './gpu-readings'
import { imagesTabs } from './images-tabs'
import { formatEta, jobSettingsText, progressPercent, progressText } from './job-text'
import { imageSource } from './preview-source'
import { job } from './test-jobs'

describe('progress', () => {
  it('reads percent, step and ETA, and keeps the bar within 0–100 whatever came', () => {
    expect(progressText({ percent: 41.6, step: 8, steps: 20, etaSeconds: 12.4 })).toBe('42 % · step 8 of 20 · about 12 s left')
    expect(progressText({ percent: 5, step: null, steps: null, etaSeconds: 185 })).toBe('5 % · about 3 min 5 s left')
    expect(progressText(null)).toBe('0 %')
    expect(progressPercent({ percent: 140, step: null, steps: null, etaSeconds: null })).toBe(100)
    expect(progressPercent({ percent: Number.NaN, step: null, steps: null, etaSeconds: null })).toBe(0)
    expect(formatEta(120)).toBe('2 min')
  })

  it('describes a job’s settings with the seed it drew once it has one', () => {
    expect(jobSettingsText(job({}))).toBe('512×512 · 20 steps · CFG 7 · random seed')
    expect(jobSettingsText(job({ seed: 99 }))).toBe('512×512 · 20 steps · CFG 7 · seed 99')
  })
})

describe('gpuReadings', () => {
  const health = (samples: Record<string, number>, facts: { label: string; value: string }[] = []): NodeHealth => ({
    nodeId: 'gaming-pc',
    status: 'up',
    reason: null,
    since: 0,
    checkedAt: 0,
    samples,
    facts: [],
    services: [{ serviceId: 'sd', status: 'up', reason: null, since: 0, checkedAt: 0, latencyMs: 3, facts }],
    uptime: { day: null, week: null },
    wakeable: true
  })

  it('reads the node’s GPUs from its samples, one label per GPU', () => {
    expect(gpuReadings(health({ cpu: 20, 'gpu0.temp': 63.4, 'gpu0.util': 87 }), 'sd').map(gpuText)).toEqual(['GPU 63 °C · 87 % busy'])
    expect(gpuReadings(health({ 'gpu0.temp': 50, 'gpu1.util': 10 }), 'sd').map(gpuText)).toEqual(['GPU 0 50 °C', 'GPU 1 10 % busy'])
  })

  it('falls back on the GPU temperature a worker on the node reported (its own, or the only one), and gives nothing without readings', () => {
    expect(gpuReadings(health({}, [{ label: 'GPU temperature', value: '71 °C' }]), 'sd')).toEqual([{ label: 'GPU', temperature: 71, utilisation: null }])
    expect(gpuReadings(health({ cpu: 3 }), 'sd')).toEqual([])
    const besideTheWorker = health({}, [{ label: 'GPU temperature', value: '64 °C' }])
    expect(gpuReadings(besideTheWorker, 'comfy')).toEqual([{ label: 'GPU', temperature: 64, utilisation: null }])
    const twoCards: NodeHealth = { ...besideTheWorker, services: [...besideTheWorker.services, { ...besideTheWorker.services[0]!, serviceId: 'sd2', facts: [{ label: 'GPU temperature', value: '80 °C' }] }] }
    expect(gpuReadings(twoCards, 'comfy')).toEqual([])
    expect(gpuReadings(twoCards, 'sd2')).toEqual([{ label: 'GPU', temperature: 80, utilisation: null }])
    expect(gpuReadings(undefined, 'sd')).toEqual([])
  })
})

describe('imageSource', () => {
  it('takes a data URL as it is and types bare base64 by its first bytes', () => {
    expect(imageSource('data:image/jpeg;base64,/9j/4AAQ')).toBe('data:image/jpeg;base64,/9j/4AAQ')
    expect(imageSource('/9j/4AAQSkZJRg==')).toBe('data:image/jpeg;base64,/9j/4AAQSkZJRg==')
    expect(imageSource('iVBORw0KGgo=')).toBe('data:image/png;base64,iVBORw0KGgo=')
    expect(imageSource('javascript:alert(1)')).toBeNull()
    expect(imageSource('AAAA')).toBeNull()
    expect(imageSource(null)).toBeNull()
  })
})

describe('images tabs', () => {
  it('reads the tab from the hash and steps through the tabs with the keys', () => {
    expect(imagesTabs.parse('#/images/gallery')).toBe('gallery')
    expect(imagesTabs.parse('#/images')).toBe('generate')
    expect(imagesTabs.parse('#/images/nope')).toBe('generate')
    expect(imagesTabs.parse(imagesTabs.hash('gallery'))).toBe('gallery')
    expect(imagesTabs.step('generate', 'ArrowRight')).toBe('gallery')
    expect(imagesTabs.step('generate', 'ArrowLeft')).toBe('gallery')
    expect(imagesTabs.step('gallery', 'Home')).toBe('generate')
    expect(imagesTabs.step('gallery', 'a')).toBeNull()
  })
})
