import { afterEach, describe, expect, it } from 'vitest'
import type { CustomWorkflow, JobParams } from '../../../src-shared/imagegen'
import { customGraph } from './comfyui-workflow'

const params: JobParams = { prompt: 'a fox', negativePrompt: 'blurry', width: 512, height: 768, steps: 20, cfg: 7, seed: null, model: null, workflow: null }
const graph = JSON.stringify({
  '6': { class_type: 'CLIPTextEncode', inputs: { text: '', clip: ['4', 1] } },
  '5': { class_type: 'EmptyLatentImage', inputs: { width: 64, height: 64, batch_size: 1 } }
})
const workflow = (mapping: CustomWorkflow['mapping']): CustomWorkflow => ({ name: 'mine', graph, mapping })
const values = { params, seed: 11, checkpoint: 'a.safetensors' }

afterEach(() => {
  delete (Object.prototype as Record<string, unknown>)['polluted']
})

describe('customGraph', () => {
  it('puts the form’s values at the mapped places', () => {
    const filled = customGraph(workflow({ prompt: '6.inputs.text', width: '5.inputs.width', height: '5.inputs.height' }), values)
    expect(filled['6']?.inputs['text']).toBe('a fox')
    expect(filled['5']?.inputs).toMatchObject({ width: 512, height: 768, batch_size: 1 })
  })

  it.each(['__proto__.polluted', 'constructor.prototype.polluted', '6.__proto__.polluted', '6.inputs.__proto__.polluted', 'toString'])(
    'refuses the mapping "%s", which leaves the graph, and changes no other object',
    (path) => {
      expect(() => customGraph(workflow({ prompt: path }), values)).toThrow(/the workflow "mine" has nothing at|is not a place in the workflow "mine"/)
      expect(({} as Record<string, unknown>)['polluted']).toBeUndefined()
    }
  )
})
