import type { StoreDatabase } from '../store/database'

/** Commands kept per server: enough for ↑ to reach last month's, small enough to send whole. */
export const historyLimit = 500

/** Commands sent to each server, kept across restarts for the command box's ↑/↓. */
export class CommandHistory {
  private readonly statements

  constructor(
    private readonly db: StoreDatabase,
    private readonly now: () => number = Date.now
  ) {
    this.statements = {
      last: db.prepare<[string], { command: string }>('SELECT command FROM minecraft_commands WHERE server_id = ? ORDER BY id DESC LIMIT 1'),
      insert: db.prepare<[string, string, number]>('INSERT INTO minecraft_commands (server_id, command, at) VALUES (?, ?, ?)'),
      trim: db.prepare<[string, string, number]>(
        `DELETE FROM minecraft_commands WHERE server_id = ? AND id <= (
           SELECT id FROM minecraft_commands WHERE server_id = ? ORDER BY id DESC LIMIT 1 OFFSET ?
         )`
      ),
      list: db.prepare<[string, number], { command: string }>(
        'SELECT command FROM (SELECT id, command FROM minecraft_commands WHERE server_id = ? ORDER BY id DESC LIMIT ?) ORDER BY id'
      )
    }
  }

  /** Adds `command` unless it repeats the one before; the oldest past the limit go. */
  add(serverId: string, command: string): void {
    this.db.transaction(() => {
      if (this.statements.last.get(serverId)?.command === command) return
      this.statements.insert.run(serverId, command, this.now())
      this.statements.trim.run(serverId, serverId, historyLimit)
    })()
  }

  /** Oldest first. */
  list(serverId: string): string[] {
    return this.statements.list.all(serverId, historyLimit).map((row) => row.command)
  }
}
