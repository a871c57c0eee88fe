import { describe, expect, it } from 'vitest'
import { titleFrom, type AnswerStats } from '../../../src-shared/ollama'
import { useTempDatabase } from '../../testing/temp-database'
import { ConversationStore, type ConversationSettings } from './conversation-store'

const temp = useTempDatabase()

const settings: ConversationSettings = { endpointId: 'pi/ollama', model: 'llama3.2:1b', system: 'Be brief.', options: { temperature: 0.2, stop: ['\n\n'] } }
const stats: AnswerStats = { timeToFirstTokenMs: 120, tokensPerSecond: 24.5, promptTokens: 12, outputTokens: 49, totalMs: 2100, loadMs: 300 }

/** A store whose clock moves one second per reading, so "newest" is unambiguous. */
function openStore(): ConversationStore {
  let clock = 1_700_000_000_000
  return new ConversationStore(temp.open(), () => (clock += 1000))
}

function converse(store: ConversationStore, title: string, question: string, answer: string): number {
  const id = store.create(title, settings)
  store.addMessage(id, { role: 'user', content: question, model: null, endpointId: null, status: 'complete' })
  const reply = store.addMessage(id, { role: 'assistant', content: '', model: settings.model, endpointId: settings.endpointId, status: 'streaming' })
  store.finishAnswer(reply.id, { status: 'complete', text: answer, thinking: '', error: null, errorKind: null, stats })
  return id
}

describe('the conversation store', () => {
  it('keeps a conversation with its settings, messages and the figures of each answer', () => {
    const store = openStore()
    const id = converse(store, 'Why is the sky blue', 'Why is the sky blue?', 'Rayleigh scattering.')
    const conversation = store.get(id)
    expect(conversation).toMatchObject({ id, title: 'Why is the sky blue', endpointId: 'pi/ollama', model: 'llama3.2:1b', system: 'Be brief.', messageCount: 2 })
    expect(conversation.options).toEqual(settings.options)
    expect(conversation.messages.map(({ role, content, status }) => ({ role, content, status }))).toEqual([
      { role: 'user', content: 'Why is the sky blue?', status: 'complete' },
      { role: 'assistant', content: 'Rayleigh scattering.', status: 'complete' }
    ])
    expect(conversation.messages[1]).toMatchObject({ model: 'llama3.2:1b', endpointId: 'pi/ollama', stats, error: null, errorKind: null, streamId: null })
    expect(conversation.messages[0]!.stats).toBeNull()
  })

  it('saves partial text only while the answer streams, then keeps how it ended', () => {
    const store = openStore()
    const id = store.create('t', settings)
    const answer = store.addMessage(id, { role: 'assistant', content: '', model: 'm', endpointId: 'pi/ollama', status: 'streaming' })
    store.saveText(answer.id, 'Half an', '')
    expect(store.get(id).messages[0]).toMatchObject({ content: 'Half an', status: 'streaming' })
    store.finishAnswer(answer.id, { status: 'error', text: 'Half an', thinking: 'hmm', error: 'Ollama at Pi: boom', errorKind: 'server', stats })
    store.saveText(answer.id, 'late text that must not land', '')
    expect(store.get(id).messages[0]).toMatchObject({ content: 'Half an', thinking: 'hmm', status: 'error', error: 'Ollama at Pi: boom', errorKind: 'server' })
  })

  it('lists newest first and searches titles and message text, taking % and _ literally', () => {
    const store = openStore()
    const first = converse(store, 'Sourdough', 'How long to proof?', 'About 4 hours at 24 °C.')
    const second = converse(store, 'Discount maths', 'What is 100% of 5_000?', 'It is 5000.')
    const third = converse(store, 'GPU offload', 'Does num_gpu matter?', 'Yes, for speed.')
    expect(store.list().map((summary) => summary.id)).toEqual([third, second, first])
    expect(store.list('  ').map((summary) => summary.id)).toEqual([third, second, first])
    expect(store.list('sourDOUGH').map((summary) => summary.id)).toEqual([first])
    expect(store.list('4 hours').map((summary) => summary.id)).toEqual([first])
    expect(store.list('100%').map((summary) => summary.id)).toEqual([second])
    expect(store.list('%').map((summary) => summary.id)).toEqual([second])
    expect(store.list('num_gpu').map((summary) => summary.id)).toEqual([third])
    expect(store.list('5_0').map((summary) => summary.id)).toEqual([second])
    expect(store.list('pro_f')).toEqual([])
    expect(store.list('nothing like this')).toEqual([])
  })

  it('moves a conversation to the top when it gets a message, and renames it', () => {
    const store = openStore()
    const older = converse(store, 'Older', 'q', 'a')
    const newer = converse(store, 'Newer', 'q', 'a')
    store.addMessage(older, { role: 'user', content: 'again', model: null, endpointId: null, status: 'complete' })
    expect(store.list().map((summary) => summary.id)).toEqual([older, newer])
    expect(store.rename(newer, 'Renamed')).toMatchObject({ id: newer, title: 'Renamed', messageCount: 2 })
    expect(store.get(newer).title).toBe('Renamed')
    // A title is one line: the list shows it so, and the export makes it the document's heading.
    expect(store.rename(newer, 'Two\n# lines\t here').title).toBe('Two # lines here')
    expect(() => store.rename(9999, 'x')).toThrow('there is no conversation 9999')
  })

  it('deletes a conversation with its messages', () => {
    const db = temp.open()
    const store = new ConversationStore(db)
    const kept = converse(store, 'Kept', 'q', 'a')
    const gone = converse(store, 'Gone', 'q', 'a')
    store.delete(gone)
    expect(store.list().map((summary) => summary.id)).toEqual([kept])
    expect(() => store.get(gone)).toThrow(`there is no conversation ${gone}`)
    const left = db.prepare<[], { conversation_id: number }>('SELECT conversation_id FROM messages').all()
    expect(left.map((row) => row.conversation_id)).toEqual([kept, kept])
  })

  it('marks an answer left streaming (the console was killed mid-answer) interrupted when it opens again, its text kept', () => {
    const db = temp.open()
    const store = new ConversationStore(db)
    const id = store.create('t', settings)
    const answer = store.addMessage(id, { role: 'assistant', content: '', model: 'm', endpointId: 'pi/ollama', status: 'streaming' })
    store.saveText(answer.id, 'The first half', '')
    db.close()

    const reopened = new ConversationStore(temp.open())
    expect(reopened.get(id).messages[0]).toMatchObject({
      content: 'The first half',
      status: 'interrupted',
      error: 'the console closed before the answer was complete'
    })
  })

  it('keeps settings changed by a later send', () => {
    const store = openStore()
    const id = store.create('t', settings)
    store.updateSettings(id, { endpointId: 'adhoc-2', model: 'qwen2.5:7b', system: '', options: { json: true } })
    expect(store.get(id)).toMatchObject({ endpointId: 'adhoc-2', model: 'qwen2.5:7b', system: '', options: { json: true } })
  })
})

describe('titleFrom', () => {
  it('takes the first line that has text, its spaces collapsed', () => {
    expect(titleFrom('\n   \n  Explain   quicksort\nin Python')).toBe('Explain quicksort')
  })

  it('cuts a long line at a word near 60 characters', () => {
    const title = titleFrom('Write a limerick about a Raspberry Pi that runs a large language model slowly')
    expect(title).toBe('Write a limerick about a Raspberry Pi that runs a large…')
    expect(title.length).toBeLessThanOrEqual(60)
  })

  it('gives a blank prompt a title', () => {
    expect(titleFrom('   \n ')).toBe('New conversation')
  })
})
