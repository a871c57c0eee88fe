import { z } from 'zod'
import {
  isRequestName,
  requests,
  type Reply,
  type RequestError,
  type RequestName,
  type RequestOutput
} from '../../../src-shared/contract'

export type Handlers = {
  readonly [N in RequestName]: (input: z.output<(typeof requests)[N]['input']>, caller: string) => Promise<RequestOutput<N>> | RequestOutput<N>
}

/** `caller` names the page that asked, so what it opened can be closed when it goes; the app's window by default. */
export type Dispatch = (name: unknown, input: unknown, caller?: string) => Promise<Reply>

export const appCaller = 'app'

/**
 * Turns untrusted (name, input) pairs from any transport into replies: the name must be in the
 * contract, the input must parse, and whatever the handler does the caller gets a value back.
 */
export function createDispatcher(handlers: Handlers): Dispatch {
  return async (name, input, caller = appCaller) => {
    if (!isRequestName(name)) {
      return failure({ code: 'unknown-request', message: `unknown request ${JSON.stringify(name)}` })
    }
    const { input: inputSchema, output: outputSchema } = requests[name]
    const parsed = inputSchema.safeParse(input)
    if (!parsed.success) {
      return failure({
        code: 'bad-input',
        message: `invalid input for ${name}: ${z.prettifyError(parsed.error)}`,
        issues: parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }))
      })
    }
    try {
      const handler = handlers[name] as (input: unknown, caller: string) => unknown
      const value = outputSchema.parse(await handler(parsed.data, caller))
      return { ok: true, value }
    } catch (error) {
      return failure({ code: 'failed', message: error instanceof Error ? error.message : String(error) })
    }
  }
}

function failure(error: RequestError): Reply {
  return { ok: false, error }
}
