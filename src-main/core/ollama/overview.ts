import { z } from 'zod'
import type { EndpointOverview, LoadedModelInfo, OllamaEndpoint, OllamaModelInfo } from '../../../src-shared/ollama'
import { asOllamaError, describeEndpoint, OllamaError, type OllamaHttp } from './ollama-http'

/** Only what the overview shows; every detail may be missing on older or odd servers. */
const details = z
  .object({
    family: z.string().nullish(),
    parameter_size: z.string().nullish(),
    quantization_level: z.string().nullish()
  })
  .nullish()

const versionReply = z.object({ version: z.string() })
const tagsReply = z.object({
  models: z.array(z.object({ name: z.string(), size: z.number(), modified_at: z.string().nullish(), details })).nullish()
})
const psReply = z.object({
  models: z
    .array(
      z.object({
        name: z.string(),
        size: z.number(),
        size_vram: z.number().nullish(),
        expires_at: z.string().nullish(),
        context_length: z.number().nullish()
      })
    )
    .nullish()
})

/** keep_alive -1 makes Ollama set the expiry centuries ahead: that model stays. */
const staysLoadedAfterMs = 100 * 365 * 24 * 3600 * 1000

/** Version, models on disk and models in memory of one endpoint, asked in parallel. */
export async function fetchOverview(http: OllamaHttp, endpoint: OllamaEndpoint, now: () => number = Date.now): Promise<EndpointOverview> {
  // One failing call gives the answer: the others need not run to their timeout.
  const controller = new AbortController()
  const client = http.quick(endpoint, controller.signal)
  try {
    const [version, tags, ps] = await Promise.all([client.version(), client.list(), client.ps()])
    return {
      endpointId: endpoint.id,
      version: parse(endpoint, versionReply, version).version,
      models: (parse(endpoint, tagsReply, tags).models ?? []).map(
        (model): OllamaModelInfo => ({
          name: model.name,
          family: model.details?.family || null,
          parameterSize: model.details?.parameter_size || null,
          quantization: model.details?.quantization_level || null,
          size: model.size,
          modifiedAt: model.modified_at ?? null
        })
      ),
      loaded: (parse(endpoint, psReply, ps).models ?? []).map(
        (model): LoadedModelInfo => ({
          name: model.name,
          size: model.size,
          sizeVram: model.size_vram ?? 0,
          expiresAt: expiry(model.expires_at, now()),
          contextLength: model.context_length ?? null
        })
      )
    }
  } catch (error) {
    throw asOllamaError(endpoint, error)
  } finally {
    controller.abort()
  }
}

function parse<T>(endpoint: OllamaEndpoint, schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value)
  if (!parsed.success) throw new OllamaError('bad-reply', `${describeEndpoint(endpoint)} answered, but not as Ollama does`)
  return parsed.data
}

function expiry(expiresAt: string | null | undefined, now: number): string | null {
  if (!expiresAt) return null
  const at = Date.parse(expiresAt)
  return Number.isNaN(at) || at - now > staysLoadedAfterMs ? null : expiresAt
}
