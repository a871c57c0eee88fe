import { describe, expect, it } from 'vitest'
import { complete } from './completion'

const players = ['Steve', 'Alex', 'stevie_2']

describe('complete', () => {
  it('completes a command name with a space after it', () => {
    expect(complete('whi', players)).toEqual({ text: 'whitelist ', candidates: [] })
    expect(complete('tp', players)).toEqual({ text: 'tp', candidates: ['tp', 'tps'] })
    expect(complete('/li', players)).toEqual({ text: '/list ', candidates: [] })
    expect(complete('LI', players)).toEqual({ text: 'list ', candidates: [] })
  })

  it('completes as far as several commands agree and lists them', () => {
    expect(complete('save', players)).toEqual({ text: 'save-', candidates: ['save-all', 'save-off', 'save-on'] })
    expect(complete('save-o', players)).toEqual({ text: 'save-o', candidates: ['save-off', 'save-on'] })
    expect(complete('d', players)).toEqual({ text: 'd', candidates: ['deop', 'difficulty'] })
  })

  it('completes sub-commands and fixed arguments', () => {
    expect(complete('whitelist r', players)).toEqual({ text: 'whitelist re', candidates: ['remove', 'reload'] })
    expect(complete('whitelist o', players)).toEqual({ text: 'whitelist o', candidates: ['on', 'off'] })
    expect(complete('time set n', players)).toEqual({ text: 'time set n', candidates: ['night', 'noon'] })
    expect(complete('time set m', players)).toEqual({ text: 'time set midnight ', candidates: [] })
    expect(complete('weather t', players)).toEqual({ text: 'weather thunder ', candidates: [] })
    expect(complete('gamemode cr', players)).toEqual({ text: 'gamemode creative ', candidates: [] })
    expect(complete('difficulty ', players)).toEqual({ text: 'difficulty ', candidates: ['peaceful', 'easy', 'normal', 'hard'] })
    expect(complete('save-all f', players)).toEqual({ text: 'save-all flush ', candidates: [] })
  })

  it('completes the names of the players online where a player goes, ignoring case', () => {
    expect(complete('kick a', players)).toEqual({ text: 'kick Alex ', candidates: [] })
    expect(complete('op ste', players)).toEqual({ text: 'op Stev', candidates: ['Steve', 'stevie_2'] })
    expect(complete('whitelist add A', players)).toEqual({ text: 'whitelist add Alex ', candidates: [] })
    expect(complete('gamemode creative s', players)).toEqual({ text: 'gamemode creative Stev', candidates: ['Steve', 'stevie_2'] })
    expect(complete('tp Alex St', players)).toEqual({ text: 'tp Alex Stev', candidates: ['Steve', 'stevie_2'] })
    expect(complete('ban ', [])).toEqual({ text: 'ban ', candidates: [] })
  })

  it('offers nothing where nothing is known: free text, finished commands, unknown commands', () => {
    expect(complete('say hel', players)).toEqual({ text: 'say hel', candidates: [] })
    expect(complete('kick Alex gri', players)).toEqual({ text: 'kick Alex gri', candidates: [] })
    expect(complete('list ', players)).toEqual({ text: 'list ', candidates: [] })
    expect(complete('plugins ', players)).toEqual({ text: 'plugins ', candidates: [] })
    expect(complete('whitelist list A', players)).toEqual({ text: 'whitelist list A', candidates: [] })
  })

  it('lists every command for an empty line', () => {
    const { text, candidates } = complete('', players)
    expect(text).toBe('')
    expect(candidates).toEqual(expect.arrayContaining(['list', 'tps', 'say', 'kick', 'ban', 'pardon', 'whitelist', 'op', 'deop', 'save-all', 'save-on', 'save-off', 'time', 'weather', 'gamemode', 'difficulty', 'tp', 'give', 'help', 'stop']))
  })
})
