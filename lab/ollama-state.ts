import { modelKey, type OllamaModel } from './ollama-model'
import type { OllamaRunners } from './ollama-runners'
import type { StreamFault } from './ollama-stream'

/** What the routes of the Ollama emulator share. */

/**
 * none | never answer (not even the headers) | 503 "server busy" | a reply that is not Ollama's |
 * streams cut (socket destroyed, no last line) | streams ending in an `{"error":…}` line.
 */
export type OllamaFault = 'none' | 'hang' | '503' | 'garbage' | 'drop' | 'error-mid-stream'

export interface InstalledModel {
  readonly model: OllamaModel
  readonly modifiedAtNs: bigint
}

export interface OllamaState {
  readonly version: string
  /** By modelKey. */
  readonly installed: Map<string, InstalledModel>
  /** What /api/pull can fetch. */
  readonly library: readonly OllamaModel[]
  /** Digests of the blobs on disk, which a pull does not fetch again. */
  readonly blobs: Set<string>
  readonly runners: OllamaRunners
  readonly tokensPerSecond: number
  readonly promptTokensPerSecond: number
  readonly pullBytesPerSecond: number
  readonly verifyBytesPerSecond: number
  readonly closing: AbortSignal
  fault: OllamaFault
  faultAfterChunks: number
}

export function findInstalled(state: OllamaState, name: string): InstalledModel | undefined {
  return state.installed.get(modelKey(name))
}

/** The stream fault a request started now gets. */
export function streamFault(state: OllamaState, message: string): StreamFault {
  const kind = state.fault === 'drop' || state.fault === 'error-mid-stream' ? state.fault : 'none'
  return { kind, afterChunks: state.faultAfterChunks, message }
}
