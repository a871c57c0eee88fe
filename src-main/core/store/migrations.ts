/**
 * The database schema, one step per version. A step is never edited once released: a change is
 * a new step, so every user's database reaches the same shape whatever version it started from.
 */
export const migrations: readonly string[] = [
  `CREATE TABLE settings (
     key TEXT PRIMARY KEY,
     value TEXT NOT NULL,
     updated_at INTEGER NOT NULL
   ) STRICT`,
  `CREATE TABLE metric_rollups (
     target TEXT NOT NULL,
     key TEXT NOT NULL,
     minute INTEGER NOT NULL,
     min REAL NOT NULL,
     max REAL NOT NULL,
     sum REAL NOT NULL,
     count INTEGER NOT NULL,
     PRIMARY KEY (target, key, minute)
   ) STRICT, WITHOUT ROWID;
   CREATE INDEX metric_rollups_by_minute ON metric_rollups (minute);
   CREATE TABLE health_events (
     id INTEGER PRIMARY KEY,
     target TEXT NOT NULL,
     at INTEGER NOT NULL,
     status TEXT NOT NULL CHECK (status IN ('up', 'degraded', 'down', 'asleep', 'unknown')),
     reason TEXT
   ) STRICT;
   CREATE INDEX health_events_by_target ON health_events (target, at);
   CREATE INDEX health_events_by_time ON health_events (at);`
]
