import { RequestFailure } from './client'

/** What a failed request or a thrown value says, for a toast or an inline error. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/** A core that does not offer a feature yet answers "unknown request": nothing the user can fix. */
export function isMissingFeature(error: unknown): boolean {
  return error instanceof RequestFailure && error.detail.code === 'unknown-request'
}
