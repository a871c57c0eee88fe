import { GenerationOptions } from '../../../../src-shared/ollama'
import { isRecord, readStored, writeStored } from '../../app/stored'

/** A model on an endpoint, as a picker holds it (either may be unchosen). */
export interface ModelChoice {
  readonly endpointId: string | null
  readonly model: string | null
}

/** What the playground remembers between runs: the last model chosen, the last options, the compare columns, the open chat. */
export interface Remembered {
  readonly chat: ModelChoice
  readonly options: GenerationOptions
  readonly compare: readonly ModelChoice[]
  /** The conversation open when the page went: a reload opens it again. */
  readonly openConversation: number | null
}

const storageKey = 'homelab-console-playground'
export const noChoice: ModelChoice = { endpointId: null, model: null }
export const maxColumns = 4

function parseChoice(value: unknown): ModelChoice {
  if (!isRecord(value)) return noChoice
  return {
    endpointId: typeof value.endpointId === 'string' ? value.endpointId : null,
    model: typeof value.model === 'string' ? value.model : null
  }
}

export function parseRemembered(value: unknown): Remembered {
  const stored = isRecord(value) ? value : {}
  const options = GenerationOptions.safeParse(stored.options)
  const compare = Array.isArray(stored.compare) ? stored.compare.slice(0, maxColumns).map(parseChoice) : []
  return {
    chat: parseChoice(stored.chat),
    options: options.success ? options.data : {},
    compare: compare.length > 0 ? compare : [noChoice, noChoice],
    openConversation: Number.isSafeInteger(stored.openConversation) ? (stored.openConversation as number) : null
  }
}

export function loadRemembered(): Remembered {
  return parseRemembered(readStored(storageKey))
}

export function remember(patch: Partial<Remembered>): void {
  writeStored(storageKey, { ...loadRemembered(), ...patch })
}
