import { describe, expect, it } from 'vitest'
import { JobParams } from '../../../../src-shared/imagegen'
import { parseRememberedForm } from './remembered-form'
import { defaultForm, formOfImage, parseSubmitForm, type SubmitForm } from './submit-form'
import { image } from './test-jobs'

const filled: SubmitForm = { ...defaultForm, workerId: 'gaming-pc/sd', prompt: '  a lighthouse at dusk ' }

describe('parseSubmitForm', () => {
  it('turns the form into a submit request the contract accepts', () => {
    const parsed = parseSubmitForm({ ...filled, size: '832x1216', steps: '30', cfg: '6.5', count: '4', model: 'sdxl-base' }, null)
    expect(parsed).toEqual({
      ok: true,
      input: {
        workerId: 'gaming-pc/sd',
        count: 4,
        params: { prompt: 'a lighthouse at dusk', negativePrompt: '', width: 832, height: 1216, steps: 30, cfg: 6.5, seed: null, model: 'sdxl-base', workflow: null }
      }
    })
    if (parsed.ok) expect(JobParams.safeParse(parsed.input.params).success).toBe(true)
  })

  it('uses the custom width and height only for a custom size, and a fixed seed only when chosen', () => {
    const custom = parseSubmitForm({ ...filled, size: 'custom', width: '640', height: '960', seedMode: 'fixed', seed: '4294967295' }, null)
    expect(custom.ok && custom.input.params).toMatchObject({ width: 640, height: 960, seed: 4294967295 })
    const preset = parseSubmitForm({ ...filled, size: '768x768', width: '13', seedMode: 'random', seed: 'junk' }, null)
    expect(preset.ok && preset.input.params).toMatchObject({ width: 768, height: 768, seed: null })
  })

  it('names every field that is wrong, in the user’s words', () => {
    const parsed = parseSubmitForm(
      { ...defaultForm, prompt: '   ', size: 'custom', width: '500', height: '8192', steps: '0', cfg: '31', seedMode: 'fixed', seed: '-1', count: '17' },
      null
    )
    expect(parsed).toEqual({
      ok: false,
      problems: {
        workerId: 'Choose a worker',
        prompt: 'Describe the image to generate',
        width: 'Width: a multiple of 8 from 64 to 4096',
        height: 'Height: a multiple of 8 from 64 to 4096',
        steps: 'Steps: a whole number from 1 to 150',
        cfg: 'CFG: a number from 1 to 30',
        seed: 'Seed: a whole number from 0 to 4294967295',
        count: 'Batch count: from 1 to 16'
      }
    })
    expect(parseSubmitForm({ ...filled, steps: '2.5', cfg: '' }, null)).toMatchObject({ ok: false, problems: { steps: expect.any(String), cfg: expect.any(String) } })
  })
})

describe('remembered settings', () => {
  it('reads the last settings back, and falls back field by field for anything malformed', () => {
    const stored = { ...filled, size: 'custom', width: '640', seedMode: 'fixed', seed: '42', model: 'sdxl-base' }
    expect(parseRememberedForm(JSON.parse(JSON.stringify(stored)))).toEqual(stored)
    expect(parseRememberedForm(null)).toEqual(defaultForm)
    expect(parseRememberedForm({ workerId: 7, size: '9x9', steps: 30, seedMode: 'sometimes', prompt: 'kept' })).toEqual({ ...defaultForm, prompt: 'kept' })
  })
})

describe('formOfImage', () => {
  it('fills the form to make the image again: same seed, size preset, model and worker', () => {
    expect(formOfImage(image({}))).toEqual({
      workerId: 'gaming-pc/sd',
      prompt: 'a red fox in snow',
      negativePrompt: 'blurry',
      size: '832x1216',
      width: '832',
      height: '1216',
      steps: '30',
      cfg: '6.5',
      seedMode: 'fixed',
      seed: '1234',
      count: '1',
      model: 'sdxl-base'
    })
    expect(formOfImage(image({ width: 640, height: 480 }))).toMatchObject({ size: 'custom', width: '640', height: '480' })
  })
})
