import type { OllamaEmulatorOptions, OllamaModel } from './ollama'
import { llama1b, tinyllama } from './ollama-fixtures'

/**
 * The lab's two Ollama servers: the Pi runs tiny models on its CPU at Pi speeds, the GPU PC
 * (lab-worker, a 24 GB card) runs 7–8B models some six times faster. Each can pull a few more.
 * Sizes and families are the registry's; the digests are stand-ins.
 */

type Setup = Omit<OllamaEmulatorOptions, 'host' | 'port'>

const qwen05: OllamaModel = {
  name: 'qwen2.5:0.5b',
  size: 397_821_319,
  digest: 'a8b0c51577010a279d933d14c2a8ab4b268079d44c5c8830c0a93900f1827c67',
  details: { family: 'qwen2', parameter_size: '494.03M', quantization_level: 'Q4_K_M', format: 'gguf' },
  capabilities: ['completion', 'tools'],
  contextLength: 32_768,
  tokensPerSecond: 18
}

const tiny: OllamaModel = { ...tinyllama, contextLength: 2048, tokensPerSecond: 14 }

const gemma1b: OllamaModel = {
  name: 'gemma3:1b',
  size: 815_319_791,
  digest: '8648f39daa8fbf5b18c7b4e6a8fb4990c692751d49917417b8842ca5758e7ffc',
  details: { family: 'gemma3', parameter_size: '999.89M', quantization_level: 'Q4_K_M', format: 'gguf' },
  contextLength: 32_768,
  tokensPerSecond: 11
}

const llama1bCpu: OllamaModel = { ...llama1b, capabilities: ['completion', 'tools'], tokensPerSecond: 9 }

const llama8b: OllamaModel = {
  name: 'llama3.1:8b',
  size: 4_920_753_328,
  digest: '46e0c10c039e019119339687c3c1757cc81b9da49709a3b3924863ba87ca666e',
  details: { family: 'llama', parameter_size: '8.0B', quantization_level: 'Q4_K_M', format: 'gguf' },
  capabilities: ['completion', 'tools'],
  tokensPerSecond: 85
}

const qwenCoder7b: OllamaModel = {
  name: 'qwen2.5-coder:7b',
  size: 4_683_087_519,
  digest: '2b0496514337a3d5901f1d253d01726c890b721e891335a56d6e08cedf3e2cb0',
  details: { family: 'qwen2', parameter_size: '7.6B', quantization_level: 'Q4_K_M', format: 'gguf' },
  capabilities: ['completion', 'tools', 'insert'],
  contextLength: 32_768,
  tokensPerSecond: 95
}

const llama3b: OllamaModel = {
  name: 'llama3.2:3b',
  size: 2_019_393_189,
  digest: 'a80c4f17acd55265feec403c7aef86be0c25983ab279d83f3bcd3abbcb5b8b72',
  details: { family: 'llama', parameter_size: '3.2B', quantization_level: 'Q4_K_M', format: 'gguf' },
  capabilities: ['completion', 'tools'],
  tokensPerSecond: 140
}

const mistral7b: OllamaModel = {
  name: 'mistral:7b',
  size: 4_113_301_824,
  digest: 'f974a74358d62a017b37c6f424fcdf2744ca02926c4f952513ddf474b2fa5091',
  details: { family: 'llama', parameter_size: '7.2B', quantization_level: 'Q4_0', format: 'gguf' },
  capabilities: ['completion', 'tools'],
  contextLength: 32_768,
  tokensPerSecond: 90
}

const nomicEmbed: OllamaModel = {
  name: 'nomic-embed-text:latest',
  size: 274_302_450,
  digest: '0a109f422b47e3a30ba2b10eca18548e944e8a23073ee3f3e947efcf3c45e59f',
  details: { family: 'nomic-bert', parameter_size: '137M', quantization_level: 'F16', format: 'gguf' },
  capabilities: ['embedding'],
  contextLength: 2048
}

/** lab-pi: a Raspberry Pi 5, CPU only, reading models off its SSD; 200 Mbit/s for pulls. */
export const labPiOllama: Setup = {
  models: [qwen05, tiny],
  loaded: [{ name: qwen05.name, size_vram: 0 }],
  library: [qwen05, tiny, gemma1b, llama1bCpu],
  tokensPerSecond: 15,
  promptTokensPerSecond: 120,
  loadBytesPerSecond: 400e6,
  pullBytesPerSecond: 25e6,
  vramBytes: 0
}

/** lab-worker: the GPU PC, a 24 GB card; gigabit for pulls. */
export const labWorkerOllama: Setup = {
  models: [llama8b, qwenCoder7b, llama3b],
  loaded: [{ name: llama8b.name }],
  library: [llama8b, qwenCoder7b, llama3b, mistral7b, nomicEmbed],
  tokensPerSecond: 90,
  promptTokensPerSecond: 1500,
  loadBytesPerSecond: 2.5e9,
  pullBytesPerSecond: 110e6,
  vramBytes: 24e9
}

/** One line for `npm run lab`: the models on disk and what the machine is. */
export function ollamaSummary(setup: Setup, machine: string): string {
  return `${machine}: ${(setup.models ?? []).map((model) => `${model.name} ~${model.tokensPerSecond ?? setup.tokensPerSecond} tok/s`).join(', ')}`
}
