import { RequestFailure } from '../../api/client'

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/** A core that does not offer the playground yet answers "unknown request": nothing the user can fix. */
export function isMissingFeature(error: unknown): boolean {
  return error instanceof RequestFailure && error.detail.code === 'unknown-request'
}
