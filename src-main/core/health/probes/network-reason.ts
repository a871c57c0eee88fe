/**
 * A socket error code in the user's words, the same for every probe; undefined for codes that
 * are not about reaching the server, which each probe words itself.
 */
export function networkReason(code: string): string | undefined {
  switch (code) {
    case 'ECONNREFUSED':
      return 'refused'
    case 'ECONNRESET':
      return 'the connection was reset'
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return 'unreachable'
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'the host name does not resolve'
    default:
      return undefined
  }
}

/** The `code` of an error, or of the error it wraps (fetch puts the socket's error in `cause`). */
export function errorCode(error: unknown): string {
  const codeOf = (value: unknown) => (typeof value === 'object' && value !== null && 'code' in value ? String(value.code) : '')
  return codeOf(error) || (error instanceof Error ? codeOf(error.cause) : '')
}
