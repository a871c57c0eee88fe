import { describe, expect, it } from 'vitest'
import { confirmationOf, playerProblem, quickCommand, type QuickAction } from './quick-actions'

describe('quick actions', () => {
  it('builds each action’s command', () => {
    expect(quickCommand('say', '', '  Server restarts\nin 5 minutes ')).toBe('say Server restarts in 5 minutes')
    expect(quickCommand('kick', ' Steve ', 'griefing the spawn')).toBe('kick Steve griefing the spawn')
    expect(quickCommand('kick', 'Steve')).toBe('kick Steve')
    expect(quickCommand('whitelist-add', 'Alex')).toBe('whitelist add Alex')
    expect(quickCommand('whitelist-remove', 'Alex')).toBe('whitelist remove Alex')
    expect(quickCommand('op', 'Alex')).toBe('op Alex')
    expect(quickCommand('deop', 'Alex')).toBe('deop Alex')
  })

  it('asks before kick, whitelist remove, op and deop, never before say or whitelist add', () => {
    const asks = (action: QuickAction) => confirmationOf(action, 'Steve') !== null
    expect((['say', 'kick', 'whitelist-add', 'whitelist-remove', 'op', 'deop'] as const).filter(asks)).toEqual(['kick', 'whitelist-remove', 'op', 'deop'])
    expect(confirmationOf('kick', 'Steve')).toMatchObject({ title: 'Kick Steve?', confirm: 'Kick' })
  })

  it('takes player names only, so a name can never smuggle in more arguments', () => {
    expect(playerProblem('Steve')).toBeNull()
    expect(playerProblem('  stevie_2 ')).toBeNull()
    expect(playerProblem('.BedrockPlayer')).toBeNull()
    expect(playerProblem('')).toBe('Choose a player or type a name.')
    expect(playerProblem('Steve op')).toMatch(/is not a player name/)
    expect(playerProblem('@a')).toMatch(/is not a player name/)
    expect(playerProblem('a_name_far_too_long')).toMatch(/is not a player name/)
  })
})
