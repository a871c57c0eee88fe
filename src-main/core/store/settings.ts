import type { StoreDatabase } from './database'

/** Small JSON values the console keeps between runs (window state, last good inventory). */
export class SettingsStore {
  private readonly selectValue
  private readonly upsertValue

  constructor(db: StoreDatabase) {
    this.selectValue = db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?')
    this.upsertValue = db.prepare<[string, string, number]>(
      `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`
    )
  }

  get(key: string): unknown {
    const row = this.selectValue.get(key)
    if (row === undefined) return undefined
    try {
      return JSON.parse(row.value) as unknown
    } catch {
      return undefined
    }
  }

  set(key: string, value: unknown): void {
    this.upsertValue.run(key, JSON.stringify(value), Date.now())
  }
}
