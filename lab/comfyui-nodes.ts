import { pyFloat } from './python-json'

/**
 * The node classes the ComfyUI emulator knows, declared as nodes.py declares them
 * (INPUT_TYPES, RETURN_TYPES, OUTPUT_NODE, CATEGORY, DESCRIPTION, tooltips), and /object_info's
 * view of them.
 */

/** [type, options]: the type is a name ("INT", "MODEL") or, for a combo, its choices. */
export type InputSpec = readonly [type: string | readonly string[], options: Readonly<Record<string, unknown>>]

export interface NodeClass {
  readonly name: string
  readonly displayName: string
  readonly description: string
  readonly category: string
  readonly required: Readonly<Record<string, InputSpec>>
  readonly hidden?: Readonly<Record<string, string>>
  readonly output: readonly string[]
  readonly outputTooltips?: readonly string[]
  readonly outputNode: boolean
}

/** MAX_RESOLUTION in nodes.py. */
const maxResolution = 16384

export const samplerNames = [
  'euler', 'euler_cfg_pp', 'euler_ancestral', 'euler_ancestral_cfg_pp', 'heun', 'heunpp2', 'dpm_2', 'dpm_2_ancestral', 'lms', 'dpm_fast',
  'dpm_adaptive', 'dpmpp_2s_ancestral', 'dpmpp_2s_ancestral_cfg_pp', 'dpmpp_sde', 'dpmpp_sde_gpu', 'dpmpp_2m', 'dpmpp_2m_cfg_pp',
  'dpmpp_2m_sde', 'dpmpp_2m_sde_gpu', 'dpmpp_3m_sde', 'dpmpp_3m_sde_gpu', 'ddpm', 'lcm', 'ipndm', 'ipndm_v', 'deis', 'res_multistep',
  'res_multistep_cfg_pp', 'res_multistep_ancestral', 'res_multistep_ancestral_cfg_pp', 'gradient_estimation', 'er_sde', 'seeds_2',
  'seeds_3', 'ddim', 'uni_pc', 'uni_pc_bh2'
]

export const schedulerNames = ['simple', 'sgm_uniform', 'karras', 'exponential', 'ddim_uniform', 'beta', 'normal', 'linear_quadratic', 'kl_optimal']

const saveImageDescription = 'Saves the input images to your ComfyUI output directory.'

/** The classes by name; the checkpoint list is what models/checkpoints holds. */
export function nodeClasses(checkpoints: readonly string[]): ReadonlyMap<string, NodeClass> {
  const classes: NodeClass[] = [
    {
      name: 'CheckpointLoaderSimple',
      displayName: 'Load Checkpoint',
      description: 'Loads a diffusion model checkpoint, diffusion models are used to denoise latents.',
      category: 'loaders',
      required: { ckpt_name: [checkpoints, { tooltip: 'The name of the checkpoint (model) to load.' }] },
      output: ['MODEL', 'CLIP', 'VAE'],
      outputTooltips: [
        'The model used for denoising latents.',
        'The CLIP model used for encoding text prompts.',
        'The VAE model used for encoding and decoding images to and from latent space.'
      ],
      outputNode: false
    },
    {
      name: 'CLIPTextEncode',
      displayName: 'CLIP Text Encode (Prompt)',
      description:
        'Encodes a text prompt using a CLIP model into an embedding that can be used to guide the diffusion model towards generating specific images.',
      category: 'conditioning',
      required: {
        text: ['STRING', { multiline: true, dynamicPrompts: true, tooltip: 'The text to be encoded.' }],
        clip: ['CLIP', { tooltip: 'The CLIP model used for encoding the text.' }]
      },
      output: ['CONDITIONING'],
      outputTooltips: ['A conditioning containing the embedded text used to guide the diffusion model.'],
      outputNode: false
    },
    {
      name: 'EmptyLatentImage',
      displayName: 'Empty Latent Image',
      description: 'Create a new batch of empty latent images to be denoised via sampling.',
      category: 'latent',
      required: {
        width: ['INT', { default: 512, min: 16, max: maxResolution, step: 8, tooltip: 'The width of the latent images in pixels.' }],
        height: ['INT', { default: 512, min: 16, max: maxResolution, step: 8, tooltip: 'The height of the latent images in pixels.' }],
        batch_size: ['INT', { default: 1, min: 1, max: 4096, tooltip: 'The number of latent images in the batch.' }]
      },
      output: ['LATENT'],
      outputTooltips: ['The empty latent image batch.'],
      outputNode: false
    },
    {
      name: 'KSampler',
      displayName: 'KSampler',
      description: 'Uses the provided model, positive and negative conditioning to denoise the latent image.',
      category: 'sampling',
      required: {
        model: ['MODEL', { tooltip: 'The model used for denoising the input latent.' }],
        seed: ['INT', { default: 0, min: 0, max: 0xffffffffffffffffn, control_after_generate: true, tooltip: 'The random seed used for creating the noise.' }],
        steps: ['INT', { default: 20, min: 1, max: 10000, tooltip: 'The number of steps used in the denoising process.' }],
        cfg: [
          'FLOAT',
          {
            default: pyFloat(8),
            min: pyFloat(0),
            max: pyFloat(100),
            step: 0.1,
            round: 0.01,
            tooltip:
              'The Classifier-Free Guidance scale balances creativity and adherence to the prompt. Higher values result in images more closely matching the prompt however too high values will negatively impact quality.'
          }
        ],
        sampler_name: [samplerNames, { tooltip: 'The algorithm used when sampling, this can affect the quality, speed, and style of the generated output.' }],
        scheduler: [schedulerNames, { tooltip: 'The scheduler controls how noise is gradually removed to form the image.' }],
        positive: ['CONDITIONING', { tooltip: 'The conditioning describing the attributes you want to include in the image.' }],
        negative: ['CONDITIONING', { tooltip: 'The conditioning describing the attributes you want to exclude from the image.' }],
        latent_image: ['LATENT', { tooltip: 'The latent image to denoise.' }],
        denoise: ['FLOAT', { default: pyFloat(1), min: pyFloat(0), max: pyFloat(1), step: 0.01, tooltip: 'The amount of denoising applied, lower values will maintain the structure of the initial image allowing for image to image sampling.' }]
      },
      output: ['LATENT'],
      outputTooltips: ['The denoised latent.'],
      outputNode: false
    },
    {
      name: 'VAEDecode',
      displayName: 'VAE Decode',
      description: 'Decodes latent images back into pixel space images.',
      category: 'latent',
      required: {
        samples: ['LATENT', { tooltip: 'The latent to be decoded.' }],
        vae: ['VAE', { tooltip: 'The VAE model used for decoding the latent.' }]
      },
      output: ['IMAGE'],
      outputTooltips: ['The decoded image.'],
      outputNode: false
    },
    {
      name: 'SaveImage',
      displayName: 'Save Image',
      description: saveImageDescription,
      category: 'image',
      required: {
        images: ['IMAGE', { tooltip: 'The images to save.' }],
        filename_prefix: [
          'STRING',
          {
            default: 'ComfyUI',
            tooltip:
              'The prefix for the file to save. This may include formatting information such as %date:yyyy-MM-dd% or %Empty Latent Image.width% to include values from nodes.'
          }
        ]
      },
      hidden: { prompt: 'PROMPT', extra_pnginfo: 'EXTRA_PNGINFO' },
      output: [],
      outputNode: true
    },
    {
      // PreviewImage subclasses SaveImage and so inherits its DESCRIPTION.
      name: 'PreviewImage',
      displayName: 'Preview Image',
      description: saveImageDescription,
      category: 'image',
      required: { images: ['IMAGE', {}] },
      hidden: { prompt: 'PROMPT', extra_pnginfo: 'EXTRA_PNGINFO' },
      output: [],
      outputNode: true
    }
  ]
  return new Map(classes.map((nodeClass) => [nodeClass.name, nodeClass]))
}

/** server.py's node_info: what /object_info says of a class. */
export function objectInfo(nodeClass: NodeClass): Record<string, unknown> {
  const input = { required: nodeClass.required, ...(nodeClass.hidden && { hidden: nodeClass.hidden }) }
  return {
    input,
    input_order: Object.fromEntries(Object.entries(input).map(([category, inputs]) => [category, Object.keys(inputs)])),
    output: nodeClass.output,
    output_is_list: nodeClass.output.map(() => false),
    output_name: nodeClass.output,
    name: nodeClass.name,
    display_name: nodeClass.displayName,
    description: nodeClass.description,
    python_module: 'nodes',
    category: nodeClass.category,
    output_node: nodeClass.outputNode,
    ...(nodeClass.outputTooltips && { output_tooltips: nodeClass.outputTooltips })
  }
}
