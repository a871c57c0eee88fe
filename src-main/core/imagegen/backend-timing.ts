/** How long the backends wait and how often they look; tests shorten them. */
export interface BackendTiming {
  /** Each small call (health, progress, queue, history, submit). */
  readonly requestMs: number
  /** The longest a job may take once the worker has it, and A1111's txt2img call. */
  readonly generationMs: number
  /** Progress polls of a running job. */
  readonly pollMs: number
  /** The slowest poll for a worker's result file (the polls back off to it). */
  readonly resultPollMaxMs: number
  /** With callbacks on, how often the result file is still looked for, in case a callback is lost. */
  readonly callbackPollMs: number
}

export const defaultBackendTiming: BackendTiming = {
  requestMs: 10_000,
  generationMs: 30 * 60_000,
  pollMs: 500,
  resultPollMaxMs: 2000,
  callbackPollMs: 10_000
}

export const pngSignature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

export function isPng(bytes: Buffer): boolean {
  return bytes.subarray(0, 8).equals(pngSignature)
}
