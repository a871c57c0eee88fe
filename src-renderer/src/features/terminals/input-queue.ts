/** The contract's limit on one `terminal.input` request. */
export const maxInputLength = 65536

/**
 * Splits input into pieces of at most `max` UTF-16 units without cutting a surrogate pair, so
 * an emoji at a boundary reaches the shell whole.
 */
export function splitInput(data: string, max = maxInputLength): string[] {
  const pieces: string[] = []
  let start = 0
  while (start < data.length) {
    const end = pieceEnd(data, start, max)
    pieces.push(data.slice(start, end))
    start = end
  }
  return pieces
}

function pieceEnd(data: string, start: number, max: number): number {
  const end = Math.min(start + max, data.length)
  const code = data.charCodeAt(end - 1)
  const cutsPair = end < data.length && end - start > 1 && code >= 0xd800 && code <= 0xdbff
  return cutsPair ? end - 1 : end
}

export interface InputQueue {
  push(data: string): void
  /** Drops what is waiting, e.g. when the session ended. */
  clear(): void
}

/**
 * Sends input in order, one request at a time: keys typed while a request is on its way go out
 * together in the next one, and a big paste goes out in pieces the contract accepts.
 */
export function createInputQueue(
  send: (data: string) => Promise<unknown>,
  onError: (error: unknown) => void,
  max = maxInputLength
): InputQueue {
  let waiting = ''
  let sending = false

  const pump = async () => {
    sending = true
    while (waiting.length > 0) {
      const piece = waiting.slice(0, pieceEnd(waiting, 0, max))
      waiting = waiting.slice(piece.length)
      try {
        await send(piece)
      } catch (error) {
        waiting = ''
        onError(error)
      }
    }
    sending = false
  }

  return {
    push(data) {
      if (data.length === 0) return
      waiting += data
      if (!sending) void pump()
    },
    clear() {
      waiting = ''
    }
  }
}
