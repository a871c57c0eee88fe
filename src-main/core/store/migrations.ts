/**
 * The database schema, one step per version. A step is never edited once released: a change is
 * a new step, so every user's database reaches the same shape whatever version it started from.
 */
export const migrations: readonly string[] = [
  `CREATE TABLE settings (
     key TEXT PRIMARY KEY,
     value TEXT NOT NULL,
     updated_at INTEGER NOT NULL
   ) STRICT`
]
