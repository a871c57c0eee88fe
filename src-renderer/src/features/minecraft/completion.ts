/** What may follow a word of a command. */
interface Syntax {
  /** Fixed words, each with what follows it. */
  readonly words?: Readonly<Record<string, Syntax>>
  /** A player's name, then what follows it. */
  readonly player?: Syntax
}

const end: Syntax = {}
const player = (then: Syntax = end): Syntax => ({ player: then })
const oneOf = (words: readonly string[], then: Syntax = end): Syntax => ({ words: Object.fromEntries(words.map((word) => [word, then])) })

/** The commands a server owner types most, with the arguments worth completing. */
const commands: Syntax = {
  words: {
    ban: player(),
    deop: player(),
    difficulty: oneOf(['peaceful', 'easy', 'normal', 'hard']),
    gamemode: oneOf(['survival', 'creative', 'adventure', 'spectator'], player()),
    give: player(),
    help: end,
    kick: player(),
    list: end,
    op: player(),
    pardon: player(),
    'save-all': oneOf(['flush']),
    'save-off': end,
    'save-on': end,
    say: end,
    stop: end,
    time: { words: { set: oneOf(['day', 'night', 'noon', 'midnight']), add: end, query: oneOf(['daytime', 'gametime', 'day']) } },
    tp: player(player()),
    tps: end,
    weather: oneOf(['clear', 'rain', 'thunder']),
    whitelist: { words: { add: player(), remove: player(), list: end, on: end, off: end, reload: end } }
  }
}

export interface Completion {
  /** The input after Tab. */
  readonly text: string
  /** Every word that fits where the cursor is, when more than one does. */
  readonly candidates: readonly string[]
}

function follow(syntax: Syntax, word: string): Syntax | null {
  const fixed = Object.entries(syntax.words ?? {}).find(([candidate]) => candidate === word.toLowerCase())
  if (fixed) return fixed[1]
  return syntax.player ?? null
}

function commonPrefix(words: readonly string[]): string {
  const [first = '', ...rest] = words
  let length = first.length
  for (const word of rest) {
    let same = 0
    while (same < length && word[same]?.toLowerCase() === first[same]?.toLowerCase()) same++
    length = same
  }
  return first.slice(0, length)
}

/**
 * Tab in the command box: completes the word at the end of `input` from the commands, their
 * fixed arguments and the names of the players online (ignoring case). One match is completed
 * with a space after it; several are completed as far as they agree and listed.
 */
export function complete(input: string, players: readonly string[]): Completion {
  const slash = input.startsWith('/') ? '/' : ''
  const words = input.slice(slash.length).split(' ')
  const partial = words.pop() ?? ''
  let syntax: Syntax | null = commands
  for (const word of words) {
    if (syntax === null) break
    if (word !== '') syntax = follow(syntax, word)
  }
  if (syntax === null) return { text: input, candidates: [] }
  const options = [...Object.keys(syntax.words ?? {}), ...(syntax.player ? players : [])]
  const matches = [...new Set(options.filter((option) => option.toLowerCase().startsWith(partial.toLowerCase())))]
  const before = input.slice(0, input.length - partial.length)
  if (matches.length === 0) return { text: input, candidates: [] }
  if (matches.length === 1) return { text: `${before}${matches[0]} `, candidates: [] }
  const shared = commonPrefix(matches)
  return { text: shared.length > partial.length ? `${before}${shared}` : input, candidates: matches }
}
