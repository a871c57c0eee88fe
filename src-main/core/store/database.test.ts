import Database from 'better-sqlite3'
import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openDatabase, schemaVersion, type StoreDatabase } from './database'
import { migrations } from './migrations'
import { SettingsStore } from './settings'

let dir: string
const opened: StoreDatabase[] = []

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'homelab-db-'))
})

afterEach(async () => {
  for (const db of opened.splice(0)) if (db.open) db.close()
  await rm(dir, { recursive: true, force: true })
})

function open(dataDir = dir, steps?: readonly string[]): StoreDatabase {
  const db = steps === undefined ? openDatabase(dataDir) : openDatabase(dataDir, steps)
  opened.push(db)
  return db
}

/** A plain connection that runs no migrations, to look at the file as it is. */
function inspect(): StoreDatabase {
  const db = new Database(join(dir, 'console.sqlite'))
  opened.push(db)
  return db
}

function tableNames(db: StoreDatabase): string[] {
  return db
    .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    .all()
    .map((row) => row.name)
}

describe('openDatabase', () => {
  it('creates console.sqlite in WAL mode with every migration applied', () => {
    const dataDir = join(dir, 'nested', 'data')
    const db = open(dataDir)
    expect(existsSync(join(dataDir, 'console.sqlite'))).toBe(true)
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1)
    expect(schemaVersion(db)).toBe(migrations.length)
    expect(tableNames(db)).toContain('settings')
  })

  it('applies nothing twice when it is opened again', () => {
    const first = open()
    new SettingsStore(first).set('kept', 1)
    first.close()

    const again = open()
    expect(schemaVersion(again)).toBe(migrations.length)
    expect(new SettingsStore(again).get('kept')).toBe(1)
  })

  it('applies only the steps that are new', () => {
    open(dir, ['CREATE TABLE a (x)']).close()
    const db = open(dir, ['CREATE TABLE a (x)', 'CREATE TABLE b (x)'])
    expect(schemaVersion(db)).toBe(2)
    expect(tableNames(db)).toEqual(['a', 'b'])
  })

  it('refuses a database written by a newer version, saying so', () => {
    const newer = inspect()
    newer.pragma(`user_version = ${migrations.length + 1}`)
    newer.close()
    expect(() => open()).toThrow(`the database was written by a newer Homelab Console (schema ${migrations.length + 1}, this one knows ${migrations.length})`)
    const after = inspect()
    expect(schemaVersion(after)).toBe(migrations.length + 1)
  })

  it('rolls a failing step back and stays at the last good version', () => {
    expect(() => open(dir, ['CREATE TABLE a (x)', 'CREATE TABLE b (x); SELECT bogus FROM nowhere'])).toThrow(/nowhere/)
    const db = inspect()
    expect(schemaVersion(db)).toBe(1)
    expect(tableNames(db)).toEqual(['a'])
  })

  it('runs the failed step again on the next open once it is fixed', () => {
    expect(() => open(dir, ['CREATE TABLE a (x)', 'CREATE TABLE b (x); SELECT bogus FROM nowhere'])).toThrow()
    const db = open(dir, ['CREATE TABLE a (x)', 'CREATE TABLE b (x)'])
    expect(schemaVersion(db)).toBe(2)
    expect(tableNames(db)).toEqual(['a', 'b'])
  })
})

describe('SettingsStore', () => {
  let settings: SettingsStore
  beforeEach(() => {
    settings = new SettingsStore(open())
  })

  it('returns undefined for a key it never stored', () => {
    expect(settings.get('missing')).toBeUndefined()
  })

  it('round-trips JSON values of every kind', () => {
    const values: Record<string, unknown> = {
      object: { width: 1280, nested: { list: [1, 'two', null, true] } },
      list: ['a', 'b'],
      text: 'héllo "quoted"',
      number: 42.5,
      zero: 0,
      flag: false,
      nothing: null
    }
    for (const [key, value] of Object.entries(values)) settings.set(key, value)
    for (const [key, value] of Object.entries(values)) expect(settings.get(key)).toEqual(value)
  })

  it('overwrites a value under the same key', () => {
    settings.set('window', { width: 800 })
    settings.set('window', { width: 1024, maximized: true })
    expect(settings.get('window')).toEqual({ width: 1024, maximized: true })
  })

  it('keeps values in the database file, for the next run', () => {
    settings.set('theme', 'dark')
    const reopened = new SettingsStore(open())
    expect(reopened.get('theme')).toBe('dark')
  })

  it('returns undefined for a stored value that is not JSON', () => {
    const db = open()
    db.prepare('INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)').run('corrupt', '{not json', 0)
    expect(new SettingsStore(db).get('corrupt')).toBeUndefined()
  })
})
