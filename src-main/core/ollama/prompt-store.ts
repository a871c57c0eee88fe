import type { SavedPrompt } from '../../../src-shared/ollama'
import type { StoreDatabase } from '../store/database'

interface PromptRow {
  readonly id: number
  readonly title: string
  readonly prompt: string
  readonly system: string
  readonly updated_at: number
}

export interface PromptInput {
  /** Absent: a new prompt. */
  readonly id?: number | undefined
  readonly title: string
  readonly prompt: string
  readonly system: string
}

/** The user's library of saved prompts. */
export class PromptStore {
  private readonly statements

  constructor(
    db: StoreDatabase,
    private readonly now: () => number = Date.now
  ) {
    this.statements = {
      all: db.prepare<[], PromptRow>('SELECT id, title, prompt, system, updated_at FROM saved_prompts ORDER BY updated_at DESC, id DESC'),
      one: db.prepare<[number], PromptRow>('SELECT id, title, prompt, system, updated_at FROM saved_prompts WHERE id = ?'),
      insert: db.prepare<[string, string, string, number]>('INSERT INTO saved_prompts (title, prompt, system, updated_at) VALUES (?, ?, ?, ?)'),
      update: db.prepare<[string, string, string, number, number]>('UPDATE saved_prompts SET title = ?, prompt = ?, system = ?, updated_at = ? WHERE id = ?'),
      delete: db.prepare<[number]>('DELETE FROM saved_prompts WHERE id = ?')
    }
  }

  /** Most recently saved first. */
  list(): SavedPrompt[] {
    return this.statements.all.all().map(promptOf)
  }

  save(input: PromptInput): SavedPrompt {
    const { title, prompt, system } = input
    let id = input.id
    if (id === undefined) {
      id = Number(this.statements.insert.run(title, prompt, system, this.now()).lastInsertRowid)
    } else if (this.statements.update.run(title, prompt, system, this.now(), id).changes === 0) {
      throw new Error(`there is no saved prompt ${id}: it was deleted`)
    }
    return promptOf(this.statements.one.get(id)!)
  }

  delete(id: number): void {
    this.statements.delete.run(id)
  }
}

function promptOf(row: PromptRow): SavedPrompt {
  return { id: row.id, title: row.title, prompt: row.prompt, system: row.system, updatedAt: row.updated_at }
}
