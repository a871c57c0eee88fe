import type { OllamaEndpoint } from '../../../src-shared/ollama'
import { asOllamaError, type OllamaHttp } from './ollama-http'

/** Deleting, loading and unloading models; each success makes the endpoint's overview stale. */
export class ModelActions {
  constructor(
    private readonly http: OllamaHttp,
    private readonly changed: (endpointId: string) => void
  ) {}

  async delete(endpoint: OllamaEndpoint, model: string): Promise<void> {
    await this.run(endpoint, () => this.http.quick(endpoint).delete({ model }))
  }

  /** An empty prompt makes Ollama load the model and answer nothing; it stays `keepAlive` seconds, or for ever with -1. */
  async load(endpoint: OllamaEndpoint, model: string, keepAlive: number): Promise<void> {
    await this.run(endpoint, () => this.http.answer(endpoint).generate({ model, prompt: '', keep_alive: keepAlive, stream: false }))
  }

  /** An empty prompt with keep_alive 0 makes Ollama unload it (after the request it is running, if any). */
  async unload(endpoint: OllamaEndpoint, model: string): Promise<void> {
    await this.run(endpoint, () => this.http.answer(endpoint).generate({ model, prompt: '', keep_alive: 0, stream: false }))
  }

  private async run(endpoint: OllamaEndpoint, call: () => Promise<unknown>): Promise<void> {
    try {
      await call()
    } catch (error) {
      throw asOllamaError(endpoint, error)
    }
    this.changed(endpoint.id)
  }
}
