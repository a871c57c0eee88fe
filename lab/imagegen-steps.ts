import { setTimeout as delay } from 'node:timers/promises'

/**
 * The sampling loop the three image emulators share: one step per `secondsPerStep`, the
 * interrupt flag checked before each step as samplers do, and the job faults.
 */

/**
 * How generations end: as asked | failing half way (CUDA out of memory) | freezing half way and
 * never ending, deaf to interrupts, as with a hung GPU driver. A job keeps the fault it started with.
 */
export type JobFault = 'none' | 'error' | 'hang'

export type StepsOutcome =
  | { readonly kind: 'done' }
  | { readonly kind: 'interrupted'; readonly stepsDone: number }
  | { readonly kind: 'failed'; readonly stepsDone: number }
  /** The emulator closed while the job ran. */
  | { readonly kind: 'closed' }

export interface StepsRun {
  readonly steps: number
  readonly secondsPerStep: number
  readonly fault: JobFault
  readonly interrupted: () => boolean
  /** After each finished step, counted from 1. */
  readonly onStep: (step: number) => void
  readonly closing: AbortSignal
}

/** PyTorch's words when the card runs out of memory. */
export const outOfMemoryMessage =
  'CUDA out of memory. Tried to allocate 2.00 GiB (GPU 0; 8.00 GiB total capacity; 6.21 GiB already allocated; 0 bytes free; 6.40 GiB reserved in total by PyTorch)'

/** A failing or hanging job stops half way, after some progress showed. */
function faultStep(steps: number): number {
  return Math.max(1, Math.ceil(steps / 2))
}

export async function runSteps(run: StepsRun): Promise<StepsOutcome> {
  for (let step = 1; step <= run.steps; step++) {
    if (run.fault === 'hang' && step > faultStep(run.steps)) {
      await untilAborted(run.closing)
      return { kind: 'closed' }
    }
    if (run.interrupted()) return { kind: 'interrupted', stepsDone: step - 1 }
    if (!(await pause(run.secondsPerStep, run.closing))) return { kind: 'closed' }
    if (run.fault === 'error' && step === faultStep(run.steps)) return { kind: 'failed', stepsDone: step - 1 }
    run.onStep(step)
  }
  return { kind: 'done' }
}

/** Waits `seconds`; false when the emulator closed first. */
export async function pause(seconds: number, closing: AbortSignal): Promise<boolean> {
  try {
    await delay(seconds * 1000, undefined, { signal: closing })
    return true
  } catch {
    return false
  }
}

function untilAborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve()
    else signal.addEventListener('abort', () => resolve(), { once: true })
  })
}
