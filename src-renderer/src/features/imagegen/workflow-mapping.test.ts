import { describe, expect, it } from 'vitest'
import { CustomWorkflow } from '../../../../src-shared/imagegen'
import { loadWorkflow, workflowForSubmit } from './loaded-workflow'
import { guessMapping, mappingProblems, parseWorkflow, type WorkflowGraph } from './workflow-mapping'

/** ComfyUI's default txt2img graph as "Save (API Format)" writes it. */
const defaultGraph = {
  '3': {
    class_type: 'KSampler',
    inputs: { seed: 156680208700286, steps: 20, cfg: 8, sampler_name: 'euler', scheduler: 'normal', denoise: 1, model: ['4', 0], positive: ['7', 0], negative: ['6', 0], latent_image: ['5', 0] }
  },
  '4': { class_type: 'CheckpointLoaderSimple', inputs: { ckpt_name: 'v1-5-pruned-emaonly.safetensors' } },
  '5': { class_type: 'EmptyLatentImage', inputs: { width: 512, height: 512, batch_size: 1 } },
  // The negative encoder comes first: the guess follows the sampler's links, not the order.
  '6': { class_type: 'CLIPTextEncode', inputs: { text: 'text, watermark', clip: ['4', 1] } },
  '7': { class_type: 'CLIPTextEncode', inputs: { text: 'beautiful scenery', clip: ['4', 1] } },
  '8': { class_type: 'VAEDecode', inputs: { samples: ['3', 0], vae: ['4', 2] } },
  '9': { class_type: 'SaveImage', inputs: { filename_prefix: 'ComfyUI', images: ['8', 0] } }
}

const graphOf = (value: unknown): WorkflowGraph => {
  const parsed = parseWorkflow(JSON.stringify(value))
  if (!parsed.ok) throw new Error(parsed.problem)
  return parsed.graph
}

describe('guessMapping', () => {
  it('finds every field of the default txt2img workflow from its class types and links', () => {
    expect(guessMapping(graphOf(defaultGraph))).toEqual({
      prompt: '7.inputs.text',
      negativePrompt: '6.inputs.text',
      width: '5.inputs.width',
      height: '5.inputs.height',
      steps: '3.inputs.steps',
      cfg: '3.inputs.cfg',
      seed: '3.inputs.seed',
      checkpoint: '4.inputs.ckpt_name'
    })
  })

  it('guesses from the encoders in order and an advanced sampler’s noise_seed when links say nothing', () => {
    const graph = graphOf({
      '10': { class_type: 'KSamplerAdvanced', inputs: { noise_seed: 1, steps: 25, cfg: 5, positive: 'not a link' } },
      '11': { class_type: 'CLIPTextEncodeSDXL', inputs: { text: 'a castle', width: 1024, height: 1024 } },
      '12': { class_type: 'CLIPTextEncode', inputs: { text: 'ugly' } }
    })
    expect(guessMapping(graph)).toEqual({
      prompt: '11.inputs.text',
      negativePrompt: '12.inputs.text',
      width: '11.inputs.width',
      height: '11.inputs.height',
      steps: '10.inputs.steps',
      cfg: '10.inputs.cfg',
      seed: '10.inputs.noise_seed'
    })
  })
})

describe('parseWorkflow', () => {
  it('says what is wrong with a file that is not an API-format workflow', () => {
    expect(parseWorkflow('{"nodes": [], "links": []}')).toMatchObject({ ok: false, problem: expect.stringContaining('UI format') })
    expect(parseWorkflow('not json')).toEqual({ ok: false, problem: 'The file is not JSON.' })
    expect(parseWorkflow('[]')).toEqual({ ok: false, problem: 'The file is not a ComfyUI workflow.' })
    expect(parseWorkflow('{}')).toEqual({ ok: false, problem: 'The workflow has no nodes.' })
    expect(parseWorkflow('{"3": {"inputs": {}}}')).toMatchObject({ ok: false, problem: expect.stringContaining('Node 3') })
  })
})

describe('mappingProblems', () => {
  it('checks that each target names an input of a node of the workflow, and that the prompt is mapped', () => {
    const graph = graphOf(defaultGraph)
    expect(mappingProblems(graph, guessMapping(graph))).toEqual({})
    expect(mappingProblems(graph, { prompt: '', width: '99.inputs.width', steps: '3.inputs.step', cfg: '3.cfg' })).toEqual({
      prompt: 'The prompt must go somewhere: name a text input, e.g. 6.inputs.text',
      width: 'Width: the workflow has no node 99',
      steps: 'Steps: node 3 (KSampler) has no input “step”',
      cfg: 'CFG: write it as node.inputs.field, e.g. 6.inputs.text'
    })
  })
})

describe('a loaded workflow', () => {
  it('is sent with its text, its name and the mapping as typed, without the fields left empty', () => {
    const loaded = loadWorkflow('portrait.json', JSON.stringify(defaultGraph))
    if (!('workflow' in loaded)) throw new Error(loaded.problem)
    const edited = { ...loaded.workflow, mapping: { ...loaded.workflow.mapping, negativePrompt: '  ', seed: ' 3.inputs.seed ' } }
    const sent = workflowForSubmit(edited)
    if (!('workflow' in sent)) throw new Error(sent.problem)
    expect(sent.workflow.name).toBe('portrait')
    expect(sent.workflow.mapping).not.toHaveProperty('negativePrompt')
    expect(sent.workflow.mapping.seed).toBe('3.inputs.seed')
    expect(CustomWorkflow.safeParse(sent.workflow).success).toBe(true)
    expect(workflowForSubmit({ ...edited, mapping: { prompt: '7.inputs.txt' } })).toEqual({ problem: 'Workflow mapping: Prompt: node 7 (CLIPTextEncode) has no input “txt”' })
    expect(loadWorkflow('ui.json', '{"nodes":[],"links":[]}')).toMatchObject({ problem: expect.stringContaining('UI format') })
  })
})
