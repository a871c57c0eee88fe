/** A node's connection cannot be used now; the message says why and what to do. */
export class SshUnavailableError extends Error {
  constructor(
    readonly nodeId: string,
    message: string
  ) {
    super(message)
    this.name = 'SshUnavailableError'
  }
}

/** One short reason for a failed network step, in the user's words rather than errno's. */
export function describeNetworkError(error: unknown, timeoutMs: number): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  const message = error instanceof Error ? error.message : String(error)
  switch (code) {
    case 'ECONNREFUSED':
      return 'the connection was refused (is sshd running on that port?)'
    case 'ECONNRESET':
      return 'the connection was reset'
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return 'the host is unreachable'
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'the host name does not resolve'
    case 'ETIMEDOUT':
      return `no answer within ${Math.round(timeoutMs / 1000)} s`
  }
  if (/timed out/i.test(message)) return `no answer within ${Math.round(timeoutMs / 1000)} s`
  return message
}

export function isAuthFailure(error: unknown): boolean {
  const level = (error as { level?: string } | undefined)?.level
  return level === 'client-authentication' || (error instanceof Error && /authentication methods failed/i.test(error.message))
}
