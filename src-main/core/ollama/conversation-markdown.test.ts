import { describe, expect, it } from 'vitest'
import type { AnswerStats, ChatMessage, Conversation } from '../../../src-shared/ollama'
import { conversationMarkdown, fileNameFor } from './conversation-markdown'

const stats: AnswerStats = { timeToFirstTokenMs: 312.4, tokensPerSecond: 24.06, promptTokens: 26, outputTokens: 120, totalMs: 5320, loadMs: null }
const base = { thinking: '', createdAt: 0, error: null, errorKind: null, stats: null, streamId: null } as const

function message(fields: Partial<ChatMessage> & Pick<ChatMessage, 'id' | 'role' | 'content'>): ChatMessage {
  return { ...base, model: null, endpointId: null, status: 'complete', ...fields }
}

const conversation: Conversation = {
  id: 7,
  title: 'Sky: why "blue"?',
  endpointId: 'pi/ollama',
  model: 'llama3.2:1b',
  createdAt: Date.UTC(2025, 0, 2, 3, 4, 5),
  updatedAt: 0,
  messageCount: 6,
  system: 'Answer in one sentence.',
  options: {},
  messages: [
    message({ id: 1, role: 'user', content: 'Why is the sky blue?' }),
    message({ id: 2, role: 'assistant', content: 'Rayleigh scattering.', model: 'llama3.2:1b', endpointId: 'pi/ollama', stats }),
    message({ id: 3, role: 'user', content: 'And sunsets?' }),
    message({ id: 4, role: 'assistant', content: 'Longer paths', model: 'qwen2.5:7b', endpointId: 'gpu/ollama', status: 'stopped' }),
    message({ id: 5, role: 'user', content: 'Go on' }),
    message({ id: 6, role: 'assistant', content: 'The light', model: 'qwen2.5:7b', endpointId: 'adhoc-9', status: 'interrupted', error: 'the connection dropped' })
  ]
}

const names: Record<string, string> = { 'pi/ollama': 'Pi › Ollama', 'gpu/ollama': 'GPU PC › Ollama' }

describe('conversationMarkdown', () => {
  it('writes the title, model@endpoint, system prompt, each message under its role, figures and partial answers marked', () => {
    const { fileName, markdown } = conversationMarkdown(conversation, (id) => names[id] ?? id)
    expect(fileName).toBe('Sky why blue.md')
    expect(markdown).toBe(
      [
        '# Sky: why "blue"?',
        '',
        '- Model: llama3.2:1b@Pi › Ollama',
        '- Started: 2025-01-02T03:04:05.000Z',
        '',
        '## System prompt',
        '',
        'Answer in one sentence.',
        '',
        '## User',
        '',
        'Why is the sky blue?',
        '',
        '## Assistant · llama3.2:1b@Pi › Ollama',
        '',
        'Rayleigh scattering.',
        '',
        '*312 ms to first token · 24.1 tokens/s · 26 prompt tokens · 120 output tokens · 5.32 s in all*',
        '',
        '## User',
        '',
        'And sunsets?',
        '',
        '## Assistant · qwen2.5:7b@GPU PC › Ollama',
        '',
        'Longer paths',
        '',
        '> **Stopped** by the user; the answer above is partial.',
        '',
        '## User',
        '',
        'Go on',
        '',
        '## Assistant · qwen2.5:7b@adhoc-9',
        '',
        'The light',
        '',
        '> **Interrupted**: the connection dropped; the answer above is partial.',
        ''
      ].join('\n')
    )
  })

  it('leaves out an empty system prompt and marks an error', () => {
    const failed: Conversation = {
      ...conversation,
      system: '  ',
      messages: [
        message({ id: 1, role: 'user', content: 'Hi' }),
        message({ id: 2, role: 'assistant', content: '', model: 'nope', endpointId: 'pi/ollama', status: 'error', error: "model 'nope' not found" })
      ]
    }
    const { markdown } = conversationMarkdown(failed, (id) => id)
    expect(markdown).not.toContain('System prompt')
    expect(markdown).toContain("## Assistant · nope@pi/ollama\n\n> **Error**: model 'nope' not found\n")
  })
})

describe('fileNameFor', () => {
  it('keeps a name every OS accepts', () => {
    expect(fileNameFor('a/b\\c:d*e?f"g<h>i|j\u0007k', 1)).toBe('a b c d e f g h i j k.md')
    expect(fileNameFor('...hidden...', 1)).toBe('hidden.md')
    expect(fileNameFor('x'.repeat(300), 1)).toBe(`${'x'.repeat(80)}.md`)
    expect(fileNameFor('???', 4)).toBe('conversation-4.md')
    expect(fileNameFor('CON', 5)).toBe('conversation-5.md')
    expect(fileNameFor('nul.tar', 6)).toBe('conversation-6.md')
    expect(fileNameFor('Con. notes', 7)).toBe('conversation-7.md')
    expect(fileNameFor('console', 8)).toBe('console.md')
    expect(fileNameFor(`${'x'.repeat(79)}😀 tail`, 9)).toBe(`${'x'.repeat(79)}😀.md`)
    expect(fileNameFor(`${'x'.repeat(79)}. tail`, 10)).toBe(`${'x'.repeat(79)}.md`)
  })
})
