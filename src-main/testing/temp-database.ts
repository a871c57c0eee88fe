import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach } from 'vitest'
import { openDatabase, type StoreDatabase } from '../core/store/database'

/**
 * A fresh data dir per test, removed after it with every database opened on it closed.
 * `open()` opens (or reopens, as a restart would) the console's database there.
 */
export function useTempDatabase(): { open(migrations?: readonly string[]): StoreDatabase; dir(): string } {
  let dir = ''
  const opened: StoreDatabase[] = []
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'homelab-db-'))
  })
  afterEach(async () => {
    for (const db of opened.splice(0)) if (db.open) db.close()
    await rm(dir, { recursive: true, force: true })
  })
  return {
    open(migrations) {
      const db = migrations ? openDatabase(dir, migrations) : openDatabase(dir)
      opened.push(db)
      return db
    },
    dir: () => dir
  }
}
