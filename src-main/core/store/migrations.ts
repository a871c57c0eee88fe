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
   CREATE INDEX health_events_by_time ON health_events (at);`,
  `CREATE TABLE conversations (
     id INTEGER PRIMARY KEY,
     title TEXT NOT NULL,
     endpoint_id TEXT NOT NULL,
     model TEXT NOT NULL,
     system TEXT NOT NULL,
     options TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     updated_at INTEGER NOT NULL
   ) STRICT;
   CREATE INDEX conversations_by_update ON conversations (updated_at);
   CREATE TABLE messages (
     id INTEGER PRIMARY KEY,
     conversation_id INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
     role TEXT NOT NULL CHECK (role IN ('user', 'assistant')),
     content TEXT NOT NULL,
     thinking TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     model TEXT,
     endpoint_id TEXT,
     status TEXT NOT NULL CHECK (status IN ('streaming', 'complete', 'stopped', 'interrupted', 'error')),
     error TEXT,
     error_kind TEXT,
     stats TEXT
   ) STRICT;
   CREATE INDEX messages_by_conversation ON messages (conversation_id, id);
   CREATE INDEX messages_streaming ON messages (status) WHERE status = 'streaming';
   CREATE TABLE saved_prompts (
     id INTEGER PRIMARY KEY,
     title TEXT NOT NULL,
     prompt TEXT NOT NULL,
     system TEXT NOT NULL,
     updated_at INTEGER NOT NULL
   ) STRICT;
   -- AUTOINCREMENT: a removed URL's id is never reused, so a conversation naming adhoc-3 never moves to another server.
   CREATE TABLE ollama_endpoints (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     url TEXT NOT NULL UNIQUE,
     name TEXT NOT NULL,
     created_at INTEGER NOT NULL
   ) STRICT;`,
  `CREATE TABLE minecraft_commands (
     id INTEGER PRIMARY KEY,
     server_id TEXT NOT NULL,
     command TEXT NOT NULL,
     at INTEGER NOT NULL
   ) STRICT;
   CREATE INDEX minecraft_commands_by_server ON minecraft_commands (server_id, id);`,
  `CREATE TABLE image_jobs (
     id INTEGER PRIMARY KEY,
     worker_id TEXT NOT NULL,
     state TEXT NOT NULL CHECK (state IN ('queued', 'sending', 'running', 'done', 'failed', 'cancelled')),
     position REAL NOT NULL,
     params TEXT NOT NULL,
     seed INTEGER,
     task_id TEXT NOT NULL UNIQUE,
     message TEXT,
     created_at INTEGER NOT NULL,
     started_at INTEGER,
     finished_at INTEGER
   ) STRICT;
   CREATE INDEX image_jobs_open ON image_jobs (worker_id, state, position);
   CREATE INDEX image_jobs_finished ON image_jobs (worker_id, finished_at);
   CREATE TABLE gallery_images (
     id INTEGER PRIMARY KEY,
     job_id INTEGER NOT NULL REFERENCES image_jobs (id),
     worker_id TEXT NOT NULL,
     worker_name TEXT NOT NULL,
     prompt TEXT NOT NULL,
     negative_prompt TEXT NOT NULL,
     width INTEGER NOT NULL,
     height INTEGER NOT NULL,
     steps INTEGER NOT NULL,
     cfg REAL NOT NULL,
     seed INTEGER NOT NULL,
     model TEXT,
     duration_ms INTEGER,
     created_at INTEGER NOT NULL,
     file_name TEXT NOT NULL UNIQUE
   ) STRICT;
   CREATE INDEX gallery_images_by_job ON gallery_images (job_id);
   CREATE INDEX gallery_images_by_worker ON gallery_images (worker_id, id);`
]
