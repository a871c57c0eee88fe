import Database from 'better-sqlite3'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { migrations as defaultMigrations } from './migrations'

export type StoreDatabase = Database.Database

/**
 * Opens the console's SQLite database in the data dir: WAL for concurrent readers and crash
 * safety, foreign keys on, and every pending migration applied in one transaction each.
 */
export function openDatabase(
  dataDir: string,
  migrations: readonly string[] = defaultMigrations
): StoreDatabase {
  mkdirSync(dataDir, { recursive: true })
  const db = new Database(join(dataDir, 'console.sqlite'))
  try {
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = NORMAL')
    db.pragma('foreign_keys = ON')
    db.pragma('busy_timeout = 5000')
    migrate(db, migrations)
    return db
  } catch (error) {
    db.close()
    throw error
  }
}

export function schemaVersion(db: StoreDatabase): number {
  return db.pragma('user_version', { simple: true }) as number
}

function migrate(db: StoreDatabase, migrations: readonly string[]): void {
  const current = schemaVersion(db)
  if (current > migrations.length) {
    throw new Error(
      `the database was written by a newer Homelab Console (schema ${current}, this one knows ${migrations.length})`
    )
  }
  migrations.slice(current).forEach((sql, index) => {
    const version = current + index + 1
    db.transaction(() => {
      db.exec(sql)
      db.pragma(`user_version = ${version}`)
    })()
  })
}
