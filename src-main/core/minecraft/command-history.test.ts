import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openDatabase, type StoreDatabase } from '../store/database'
import { CommandHistory, historyLimit } from './command-history'

let dir: string
let db: StoreDatabase

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'homelab-mc-history-'))
  db = openDatabase(dir)
})

afterEach(async () => {
  db.close()
  await rm(dir, { recursive: true, force: true })
})

describe('the command history', () => {
  it('keeps commands per server, oldest first, without repeating the one before', () => {
    const history = new CommandHistory(db)
    for (const command of ['list', 'list', 'tps', 'list', 'say hi']) history.add('pi/mc', command)
    history.add('pc/mc', 'stop')
    expect(history.list('pi/mc')).toEqual(['list', 'tps', 'list', 'say hi'])
    expect(history.list('pc/mc')).toEqual(['stop'])
    expect(history.list('nobody/mc')).toEqual([])
  })

  it('keeps the newest 500 of a server and leaves other servers alone', () => {
    const history = new CommandHistory(db)
    history.add('pc/mc', 'whitelist list')
    for (let index = 0; index < historyLimit + 25; index++) history.add('pi/mc', `say ${index}`)
    const kept = history.list('pi/mc')
    expect(kept).toHaveLength(historyLimit)
    expect(kept[0]).toBe('say 25')
    expect(kept.at(-1)).toBe(`say ${historyLimit + 24}`)
    expect(history.list('pc/mc')).toEqual(['whitelist list'])
    expect(db.prepare('SELECT COUNT(*) AS count FROM minecraft_commands').get()).toEqual({ count: historyLimit + 1 })
  })

  it('is still there after the database is opened again', () => {
    new CommandHistory(db).add('pi/mc', 'op alice')
    db.close()
    db = openDatabase(dir)
    expect(new CommandHistory(db).list('pi/mc')).toEqual(['op alice'])
  })
})
