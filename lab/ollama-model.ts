import { createHash } from 'node:crypto'

/** The models an emulated Ollama has on disk or can pull, and how it names and stores them. */

export interface OllamaModelDetails {
  readonly family: string
  readonly parameter_size: string
  readonly quantization_level: string
  readonly format: string
}

/** One blob of a model's manifest. */
export interface OllamaLayer {
  readonly mediaType: string
  readonly digest: string
  readonly size: number
}

/** A model on the server's disk, as /api/tags lists it, or one its registry offers to pull. */
export interface OllamaModel {
  readonly name: string
  readonly size: number
  readonly digest: string
  readonly details: OllamaModelDetails
  /** What /api/show lists, e.g. ["completion", "tools"]; ["completion"] when absent. */
  readonly capabilities?: readonly string[]
  /** Generation speed on this server; the server's tokensPerSecond when absent. */
  readonly tokensPerSecond?: number
  /** The context the model was trained for (model_info); 131072 when absent. */
  readonly contextLength?: number
  /** The manifest's blobs, config last; made up from the name and size when absent. */
  readonly layers?: readonly OllamaLayer[]
}

export const mediaTypes = {
  model: 'application/vnd.ollama.image.model',
  template: 'application/vnd.ollama.image.template',
  license: 'application/vnd.ollama.image.license',
  params: 'application/vnd.ollama.image.params',
  config: 'application/vnd.docker.container.image.v1+json'
} as const

/** How Ollama matches names: case-insensitive, "registry.ollama.ai/library/" implied, ":latest" when untagged. */
export function modelKey(name: string): string {
  const short = name.trim().toLowerCase().replace(/^registry\.ollama\.ai\//, '').replace(/^library\//, '')
  return /:[^/]*$/.test(short) ? short : `${short}:latest`
}

/** model.ParseName's idea of a valid name: [host/][namespace/]model[:tag]. */
export function isValidModelName(name: string): boolean {
  return /^(?:[A-Za-z0-9][A-Za-z0-9._-]*\/){0,2}[A-Za-z0-9][A-Za-z0-9._-]*(?::[A-Za-z0-9_][A-Za-z0-9._-]{0,79})?$/.test(name)
}

export function capabilitiesOf(model: OllamaModel): readonly string[] {
  return model.capabilities ?? ['completion']
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex')
}

/** The manifest's layers: the weights take what the small blobs leave of the model's size. */
export function layersOf(model: OllamaModel): readonly OllamaLayer[] {
  if (model.layers) return model.layers
  const small = [
    { mediaType: mediaTypes.template, size: 1_400 + (model.size % 300) },
    { mediaType: mediaTypes.license, size: 7_700 + (model.size % 4_000) },
    { mediaType: mediaTypes.params, size: 96 + (model.size % 40) },
    { mediaType: mediaTypes.config, size: 485 + (model.size % 80) }
  ]
  const weights = { mediaType: mediaTypes.model, size: model.size - small.reduce((sum, layer) => sum + layer.size, 0) }
  return [weights, ...small].map((layer) => ({ ...layer, digest: `sha256:${sha256(`${model.name} ${layer.mediaType}`)}` }))
}
