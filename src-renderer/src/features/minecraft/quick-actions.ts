/** The quick actions beside the console, each one command. */
export type QuickAction = 'say' | 'kick' | 'whitelist-add' | 'whitelist-remove' | 'op' | 'deop'

/** Java names are 3–16 of these; a leading dot is how Geyser marks Bedrock players. */
const playerName = /^\.?[A-Za-z0-9_]{1,16}$/

/** Why a name cannot be a player's, or null: a space would turn the rest into more arguments. */
export function playerProblem(name: string): string | null {
  const trimmed = name.trim()
  if (trimmed === '') return 'Choose a player or type a name.'
  return playerName.test(trimmed) ? null : `“${trimmed}” is not a player name: up to 16 letters, digits or _`
}

/** The command an action sends; text after the player (a kick's reason, what to say) is optional there. */
export function quickCommand(action: QuickAction, player: string, text = ''): string {
  const name = player.trim()
  const rest = text.replace(/[\r\n]+/g, ' ').trim()
  switch (action) {
    case 'say':
      return `say ${rest}`
    case 'kick':
      return rest === '' ? `kick ${name}` : `kick ${name} ${rest}`
    case 'whitelist-add':
      return `whitelist add ${name}`
    case 'whitelist-remove':
      return `whitelist remove ${name}`
    case 'op':
      return `op ${name}`
    case 'deop':
      return `deop ${name}`
  }
}

interface Confirmation {
  readonly title: string
  readonly text: string
  readonly confirm: string
}

/** What the dialog asks before an action that takes something from a player (or gives them everything); null for the rest. */
export function confirmationOf(action: QuickAction, player: string): Confirmation | null {
  const name = player.trim()
  switch (action) {
    case 'kick':
      return { title: `Kick ${name}?`, text: `${name} is disconnected from the server at once. They can join again.`, confirm: 'Kick' }
    case 'whitelist-remove':
      return { title: `Remove ${name} from the whitelist?`, text: `${name} can no longer join while the whitelist is on.`, confirm: 'Remove' }
    case 'op':
      return { title: `Make ${name} an operator?`, text: `${name} can then run every command, including stop and ban.`, confirm: 'Op' }
    case 'deop':
      return { title: `Take operator rights from ${name}?`, text: `${name} can no longer run operator commands.`, confirm: 'Deop' }
    default:
      return null
  }
}
