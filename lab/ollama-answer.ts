/**
 * What the emulated models say: deterministic Markdown from the model, the prompt and the seed,
 * cut into tokens the way a tokenizer would (a word with its leading space, or one symbol).
 * Pure, so a test can predict every chunk the emulator streams.
 */

export interface AnswerSettings {
  /** options.seed; the same model, prompt and seed always give the same answer. */
  readonly seed?: number
  /** options.num_predict; zero or less means no limit. */
  readonly numPredict?: number
  /** options.stop */
  readonly stop?: readonly string[]
  /** format "json" or a JSON schema: the answer is a JSON object. */
  readonly json?: boolean
}

export interface EmulatedCompletion {
  /** Text streamed after each generated token; '' while Ollama holds back what may start a stop string. */
  readonly steps: readonly string[]
  /** The streamed pieces, one per chunk: `steps` without the empty ones. */
  readonly chunks: readonly string[]
  readonly text: string
  /** Tokens generated, the final line's eval_count. */
  readonly evalCount: number
  readonly doneReason: 'stop' | 'length'
}

/** Splits text into tokens that join back to it exactly. */
export function tokenize(text: string): string[] {
  return text.match(/\n+|[ \t]*(?:```|\*\*|[\p{L}\p{N}_]+|[^\s\p{L}\p{N}_])|\s/gu) ?? []
}

/** The whole answer of `model` to `prompt` (the last user message for a chat), as tokens. */
export function emulatedAnswer(model: string, prompt: string, seed?: number, json = false): string[] {
  const random = seededRandom(`${model}\u0000${prompt}\u0000${seed ?? ''}`)
  const topic = topicOf(prompt)
  const text = json ? jsonAnswer(random, topic) : asksForCode(prompt) ? codeAnswer(random, topic) : proseAnswer(random, topic)
  return tokenize(text)
}

/** The answer as Ollama streams it once num_predict and the stop strings have had their say. */
export function emulatedCompletion(model: string, prompt: string, settings: AnswerSettings = {}): EmulatedCompletion {
  const tokens = emulatedAnswer(model, prompt, settings.seed, settings.json === true)
  const limit = settings.numPredict !== undefined && settings.numPredict > 0 ? settings.numPredict : Infinity
  const stops = (settings.stop ?? []).filter((stop) => stop !== '')
  const steps: string[] = []
  let pending = ''
  for (const token of tokens) {
    pending += token
    const stopAt = firstStop(pending, stops)
    if (stopAt !== -1) {
      steps.push(pending.slice(0, stopAt))
      return finish(steps, 'stop')
    }
    const atLimit = steps.length + 1 >= limit
    // The runner holds back text that may be the start of a stop string until it knows.
    if (!atLimit && stops.some((stop) => endsWithPrefixOf(pending, stop))) {
      steps.push('')
      continue
    }
    steps.push(pending)
    pending = ''
    if (atLimit) return finish(steps, 'length')
  }
  // At the end of the answer the runner flushes what it held back with the last token.
  if (pending !== '') steps[steps.length - 1] = pending
  return finish(steps, 'stop')
}

function finish(steps: string[], doneReason: 'stop' | 'length'): EmulatedCompletion {
  const chunks = steps.filter((step) => step !== '')
  return { steps, chunks, text: chunks.join(''), evalCount: steps.length, doneReason }
}

function firstStop(text: string, stops: readonly string[]): number {
  const found = stops.map((stop) => text.indexOf(stop)).filter((index) => index !== -1)
  return found.length === 0 ? -1 : Math.min(...found)
}

function endsWithPrefixOf(text: string, stop: string): boolean {
  for (let length = Math.min(stop.length - 1, text.length); length > 0; length--) {
    if (text.endsWith(stop.slice(0, length))) return true
  }
  return false
}

type Random = () => number

/** FNV-1a into mulberry32: small, fast and the same on every platform. */
function seededRandom(key: string): Random {
  let state = 0x811c9dc5
  for (let i = 0; i < key.length; i++) state = Math.imul(state ^ key.charCodeAt(i), 0x01000193)
  return () => {
    state = (state + 0x6d2b79f5) | 0
    let t = Math.imul(state ^ (state >>> 15), 1 | state)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}

function pick<T>(random: Random, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)]
  if (item === undefined) throw new Error('pick from an empty list')
  return item
}

/** `count` different items, in the list's order. */
function pickSome<T>(random: Random, items: readonly T[], count: number): T[] {
  const chosen = new Set<number>()
  while (chosen.size < Math.min(count, items.length)) chosen.add(Math.floor(random() * items.length))
  return [...chosen].sort((a, b) => a - b).flatMap((index) => (items[index] === undefined ? [] : [items[index]]))
}

const stopWords = new Set(
  'a an and are as at be by can could do does for from give how i in is it me my of on or please show tell that the this to what when where which who why will with write would you your explain about some code function script program snippet python javascript typescript bash'.split(
    ' '
  )
)

/** Up to three telling words of the prompt, e.g. "sky blue" for "Why is the sky blue?". */
function topicOf(prompt: string): string {
  const words = (prompt.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((word) => !stopWords.has(word) && word.length > 1)
  return words.slice(0, 3).join(' ') || 'your question'
}

function asksForCode(prompt: string): boolean {
  return /\b(code|function|script|program|class|implement|python|javascript|typescript|bash|regex|algorithm|snippet)\b/i.test(prompt)
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}

function proseAnswer(random: Random, topic: string): string {
  const opener = pick(random, [
    `Here is a short overview of ${topic}.`,
    `Good question! Let's break down ${topic}.`,
    `In short, ${topic} comes down to a few ideas.`,
    `${capitalized(topic)} is easier to understand with an example.`
  ])
  const body = pickSome(
    random,
    [
      `The key idea is that ${topic} depends on how the parts interact with each other.`,
      'Most explanations start with the basics and build up from there.',
      'In practice, small details often matter more than people expect.',
      'A useful way to think about it is to compare it with something familiar.',
      `People have studied ${topic} for a long time, and the main points are well established.`,
      'It also helps to keep the context in mind, since conditions can change the outcome.'
    ],
    2 + Math.floor(random() * 2)
  )
  const paragraphs = [[opener, ...body].join(' ')]
  if (random() < 0.5) {
    const points = pickSome(
      random,
      [
        '**Cause**: what starts the process.',
        '**Effect**: what you can observe.',
        '**Scale**: how much it matters in everyday life.',
        '**Exceptions**: cases where the usual rule does not hold.',
        '**Measurement**: how people check it in practice.'
      ],
      3
    )
    paragraphs.push(`Here are the main points:\n\n${points.map((point) => `- ${point}`).join('\n')}`)
  }
  paragraphs.push(
    pick(random, ['Let me know if you would like more detail on any part.', 'I hope this helps!', `If you want, I can go deeper into ${topic}.`])
  )
  return paragraphs.join('\n\n')
}

function codeAnswer(random: Random, topic: string): string {
  const name = topic === 'your question' ? 'solve' : topic.replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '') || 'solve'
  const functionName = /^\d/.test(name) ? `run_${name}` : name
  const code = pick(random, [
    [
      `def ${functionName}(items):`,
      '    """Return the items sorted and without duplicates."""',
      '    seen = set()',
      '    result = []',
      '    for item in items:',
      '        if item not in seen:',
      '            seen.add(item)',
      '            result.append(item)',
      '    return sorted(result)',
      '',
      '',
      'if __name__ == "__main__":',
      `    print(${functionName}([3, 1, 2, 3]))`
    ],
    [
      'import sys',
      '',
      '',
      `def ${functionName}(text: str) -> dict[str, int]:`,
      '    counts: dict[str, int] = {}',
      '    for word in text.lower().split():',
      '        counts[word] = counts.get(word, 0) + 1',
      '    return counts',
      '',
      '',
      'if __name__ == "__main__":',
      `    print(${functionName}(sys.stdin.read()))`
    ],
    [
      `def ${functionName}(n: int) -> list[int]:`,
      '    values = [0, 1]',
      '    while len(values) < n:',
      '        values.append(values[-1] + values[-2])',
      '    return values[:n]',
      '',
      '',
      `print(${functionName}(10))`
    ]
  ])
  const intro = pick(random, [`Here is a Python function for ${topic}:`, `Sure! This small script handles ${topic}:`, `You can solve ${topic} like this:`])
  const outro = pick(random, [
    `The function \`${functionName}\` runs in linear time and only uses the standard library.`,
    'You can adapt the input handling to your own data.',
    `Run it with \`python ${functionName}.py\` to see the result.`
  ])
  return `${intro}\n\n\`\`\`python\n${code.join('\n')}\n\`\`\`\n\n${outro}`
}

function jsonAnswer(random: Random, topic: string): string {
  const answer = pick(random, [
    `The main idea of ${topic} is how its parts interact.`,
    `${capitalized(topic)} is well understood and easy to check.`,
    `It depends on the context, but ${topic} follows a few simple rules.`
  ])
  const confidence = (0.6 + Math.floor(random() * 40) / 100).toFixed(2)
  return `{\n  "topic": "${topic}",\n  "answer": "${answer}",\n  "confidence": ${confidence}\n}`
}
