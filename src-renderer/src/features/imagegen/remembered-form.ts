import { isRecord, readStored, writeStored } from '../../app/stored'
import { defaultForm, sizePresets, type SizeChoice, type SubmitForm } from './submit-form'

const storageKey = 'homelab-console-imagegen-form'

const sizeChoices: readonly string[] = [...sizePresets.map((preset) => preset.id), 'custom']

function text(value: unknown, fallback: string): string {
  return typeof value === 'string' && value.length <= 10_000 ? value : fallback
}

/** The stored form, checked field by field: anything malformed falls back to the default, never a crash. */
export function parseRememberedForm(value: unknown): SubmitForm {
  if (!isRecord(value)) return defaultForm
  return {
    workerId: typeof value.workerId === 'string' ? value.workerId : null,
    prompt: text(value.prompt, defaultForm.prompt),
    negativePrompt: text(value.negativePrompt, defaultForm.negativePrompt),
    size: typeof value.size === 'string' && sizeChoices.includes(value.size) ? (value.size as SizeChoice) : defaultForm.size,
    width: text(value.width, defaultForm.width),
    height: text(value.height, defaultForm.height),
    steps: text(value.steps, defaultForm.steps),
    cfg: text(value.cfg, defaultForm.cfg),
    seedMode: value.seedMode === 'fixed' ? 'fixed' : 'random',
    seed: text(value.seed, defaultForm.seed),
    count: text(value.count, defaultForm.count),
    model: typeof value.model === 'string' ? value.model : null
  }
}

export function loadRememberedForm(): SubmitForm {
  return parseRememberedForm(readStored(storageKey))
}

export function rememberForm(form: SubmitForm): void {
  writeStored(storageKey, form)
}
