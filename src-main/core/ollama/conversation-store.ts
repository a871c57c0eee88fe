import {
  AnswerStats,
  GenerationOptions,
  StreamErrorKind,
  type AnswerStatus,
  type ChatMessage,
  type Conversation,
  type ConversationSummary
} from '../../../src-shared/ollama'
import type { StoreDatabase } from '../store/database'

/** The model, endpoint, system prompt and options a conversation was last sent with. */
export interface ConversationSettings {
  readonly endpointId: string
  readonly model: string
  readonly system: string
  readonly options: GenerationOptions
}

export interface NewMessage {
  readonly role: ChatMessage['role']
  readonly content: string
  readonly model: string | null
  readonly endpointId: string | null
  readonly status: AnswerStatus
}

/** How an answer ended, as it is kept. */
export interface AnswerRecord {
  readonly status: Exclude<AnswerStatus, 'streaming'>
  readonly text: string
  readonly thinking: string
  readonly error: string | null
  readonly errorKind: StreamErrorKind | null
  readonly stats: AnswerStats
}

interface SummaryRow {
  readonly id: number
  readonly title: string
  readonly endpoint_id: string
  readonly model: string
  readonly created_at: number
  readonly updated_at: number
  readonly message_count: number
}

interface ConversationRow extends SummaryRow {
  readonly system: string
  readonly options: string
}

interface MessageRow {
  readonly id: number
  readonly role: ChatMessage['role']
  readonly content: string
  readonly thinking: string
  readonly created_at: number
  readonly model: string | null
  readonly endpoint_id: string | null
  readonly status: AnswerStatus
  readonly error: string | null
  readonly error_kind: string | null
  readonly stats: string | null
}

const summaryColumns = `c.id, c.title, c.endpoint_id, c.model, c.created_at, c.updated_at,
  (SELECT COUNT(*) FROM messages m WHERE m.conversation_id = c.id) AS message_count`
const messageColumns = 'id, role, content, thinking, created_at, model, endpoint_id, status, error, error_kind, stats'
const leftoverReason = 'the console closed before the answer was complete'

/** Conversations and their messages in the console's database. */
export class ConversationStore {
  private readonly statements

  constructor(
    private readonly db: StoreDatabase,
    private readonly now: () => number = Date.now
  ) {
    this.statements = {
      insertConversation: db.prepare<[string, string, string, string, string, number, number]>(
        'INSERT INTO conversations (title, endpoint_id, model, system, options, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)'
      ),
      updateSettings: db.prepare<[string, string, string, string, number, number]>(
        'UPDATE conversations SET endpoint_id = ?, model = ?, system = ?, options = ?, updated_at = ? WHERE id = ?'
      ),
      touch: db.prepare<[number, number]>('UPDATE conversations SET updated_at = ? WHERE id = ?'),
      rename: db.prepare<[string, number]>('UPDATE conversations SET title = ? WHERE id = ?'),
      delete: db.prepare<[number]>('DELETE FROM conversations WHERE id = ?'),
      summary: db.prepare<[number], SummaryRow>(`SELECT ${summaryColumns} FROM conversations c WHERE c.id = ?`),
      conversation: db.prepare<[number], ConversationRow>(`SELECT ${summaryColumns}, c.system, c.options FROM conversations c WHERE c.id = ?`),
      all: db.prepare<[], SummaryRow>(`SELECT ${summaryColumns} FROM conversations c ORDER BY c.updated_at DESC, c.id DESC`),
      search: db.prepare<[string, string], SummaryRow>(
        `SELECT ${summaryColumns} FROM conversations c
         WHERE c.title LIKE ? ESCAPE '\\'
            OR EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = c.id AND m.content LIKE ? ESCAPE '\\')
         ORDER BY c.updated_at DESC, c.id DESC`
      ),
      insertMessage: db.prepare<[number, string, string, number, string | null, string | null, string]>(
        `INSERT INTO messages (conversation_id, role, content, thinking, created_at, model, endpoint_id, status)
         VALUES (?, ?, ?, '', ?, ?, ?, ?)`
      ),
      message: db.prepare<[number], MessageRow>(`SELECT ${messageColumns} FROM messages WHERE id = ?`),
      messages: db.prepare<[number], MessageRow>(`SELECT ${messageColumns} FROM messages WHERE conversation_id = ? ORDER BY id`),
      saveText: db.prepare<[string, string, number]>("UPDATE messages SET content = ?, thinking = ? WHERE id = ? AND status = 'streaming'"),
      finishAnswer: db.prepare<[string, string, string, string | null, string | null, string, number]>(
        'UPDATE messages SET status = ?, content = ?, thinking = ?, error = ?, error_kind = ?, stats = ? WHERE id = ?'
      ),
      conversationOfMessage: db.prepare<[number], { conversation_id: number }>('SELECT conversation_id FROM messages WHERE id = ?'),
      interruptLeftovers: db.prepare<[string]>("UPDATE messages SET status = 'interrupted', error = ? WHERE status = 'streaming'")
    }
    // An answer still marked streaming was being written when the console was killed.
    this.statements.interruptLeftovers.run(leftoverReason)
  }

  transaction<T>(work: () => T): T {
    return this.db.transaction(work)()
  }

  create(title: string, settings: ConversationSettings): number {
    const at = this.now()
    const { lastInsertRowid } = this.statements.insertConversation.run(
      title,
      settings.endpointId,
      settings.model,
      settings.system,
      JSON.stringify(settings.options),
      at,
      at
    )
    return Number(lastInsertRowid)
  }

  updateSettings(conversationId: number, settings: ConversationSettings): void {
    this.existing(conversationId)
    this.statements.updateSettings.run(settings.endpointId, settings.model, settings.system, JSON.stringify(settings.options), this.now(), conversationId)
  }

  addMessage(conversationId: number, message: NewMessage): ChatMessage {
    const at = this.now()
    const { lastInsertRowid } = this.statements.insertMessage.run(
      conversationId,
      message.role,
      message.content,
      at,
      message.model,
      message.endpointId,
      message.status
    )
    this.statements.touch.run(at, conversationId)
    return messageOf(this.statements.message.get(Number(lastInsertRowid))!)
  }

  /** The text so far of an answer still streaming. */
  saveText(messageId: number, text: string, thinking: string): void {
    this.statements.saveText.run(text, thinking, messageId)
  }

  finishAnswer(messageId: number, record: AnswerRecord): void {
    const { status, text, thinking, error, errorKind, stats } = record
    this.statements.finishAnswer.run(status, text, thinking, error, errorKind, JSON.stringify(stats), messageId)
    const owner = this.statements.conversationOfMessage.get(messageId)
    if (owner) this.statements.touch.run(this.now(), owner.conversation_id)
  }

  /** Newest first; `query` matches titles and message text, its % and _ taken literally. */
  list(query?: string): ConversationSummary[] {
    const text = query?.trim() ?? ''
    if (text === '') return this.statements.all.all().map(summaryOf)
    const pattern = `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`
    return this.statements.search.all(pattern, pattern).map(summaryOf)
  }

  get(conversationId: number): Conversation {
    const row = this.statements.conversation.get(conversationId)
    if (!row) throw missing(conversationId)
    const options = GenerationOptions.safeParse(parseJson(row.options))
    return { ...summaryOf(row), system: row.system, options: options.success ? options.data : {}, messages: this.messages(conversationId) }
  }

  messages(conversationId: number): ChatMessage[] {
    return this.statements.messages.all(conversationId).map(messageOf)
  }

  /** A title is one line, its runs of spaces, tabs and line breaks made one space. */
  rename(conversationId: number, title: string): ConversationSummary {
    this.existing(conversationId)
    this.statements.rename.run(title.replace(/\s+/g, ' ').trim(), conversationId)
    return summaryOf(this.statements.summary.get(conversationId)!)
  }

  /** Removes the conversation and, by the foreign key's cascade, its messages. */
  delete(conversationId: number): void {
    this.existing(conversationId)
    this.statements.delete.run(conversationId)
  }

  private existing(conversationId: number): void {
    if (!this.statements.summary.get(conversationId)) throw missing(conversationId)
  }
}

function missing(conversationId: number): Error {
  return new Error(`there is no conversation ${conversationId}: it was deleted`)
}

function summaryOf(row: SummaryRow): ConversationSummary {
  return {
    id: row.id,
    title: row.title,
    endpointId: row.endpoint_id,
    model: row.model,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    messageCount: row.message_count
  }
}

function messageOf(row: MessageRow): ChatMessage {
  const stats = row.stats === null ? undefined : AnswerStats.safeParse(parseJson(row.stats))
  const errorKind = StreamErrorKind.safeParse(row.error_kind)
  return {
    id: row.id,
    role: row.role,
    content: row.content,
    thinking: row.thinking,
    createdAt: row.created_at,
    model: row.model,
    endpointId: row.endpoint_id,
    status: row.status,
    error: row.error,
    errorKind: errorKind.success ? errorKind.data : null,
    stats: stats?.success ? stats.data : null,
    streamId: null
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch {
    return undefined
  }
}
