import type { OllamaModel } from './ollama'

/** Models as Ollama's library lists them, for the lab and for tests that need an emulator with a plausible disk. */
export const llama1b: OllamaModel = {
  name: 'llama3.2:1b',
  size: 1_321_098_329,
  digest: 'baf6a787fdffd633537aa2eb51cfd54cb93ff08e28040095462bb63daf552878',
  details: { family: 'llama', parameter_size: '1.2B', quantization_level: 'Q8_0', format: 'gguf' }
}

export const tinyllama: OllamaModel = {
  name: 'tinyllama:1.1b',
  size: 637_700_138,
  digest: '2644915ede352ea7bdfaff0bfac0be74c719d5d5202acb63a6fb095b52f394a4',
  details: { family: 'llama', parameter_size: '1B', quantization_level: 'Q4_0', format: 'gguf' }
}

export const qwen7b: OllamaModel = {
  name: 'qwen2.5:7b',
  size: 4_683_087_332,
  digest: '845dbda0ea48ed749caafd9e6037047aa19acfcfd82e704d7ca97d631a0b697e',
  details: { family: 'qwen2', parameter_size: '7.6B', quantization_level: 'Q4_K_M', format: 'gguf' }
}
