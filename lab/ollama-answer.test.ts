import { describe, expect, it } from 'vitest'
import { emulatedAnswer, emulatedCompletion, tokenize } from './ollama-answer'

describe('the emulated models’ answers', () => {
  it('are the same for the same model, prompt and seed, and differ across models and seeds', () => {
    const answer = emulatedAnswer('llama3.2:3b', 'Why is the sky blue?', 7)
    expect(emulatedAnswer('llama3.2:3b', 'Why is the sky blue?', 7)).toEqual(answer)
    const others = [emulatedAnswer('qwen2.5:0.5b', 'Why is the sky blue?', 7), ...[1, 2, 3, 4].map((seed) => emulatedAnswer('llama3.2:3b', 'Why is the sky blue?', seed))]
    expect(others.some((other) => other.join('') !== answer.join(''))).toBe(true)
  })

  it('answer a question with sentences about it, and a request for code with a fenced Python block', () => {
    const prose = emulatedAnswer('llama3.2:3b', 'Why is the sky blue?').join('')
    expect(prose).toContain('sky blue')
    expect(prose).not.toContain('```')
    expect(prose.split(/(?<=[.!?])\s/).length).toBeGreaterThanOrEqual(3)

    const code = emulatedAnswer('qwen2.5-coder:7b', 'Write a Python function to dedupe a list').join('')
    expect(code).toMatch(/^[^`]+\n\n```python\n[\s\S]+\n```\n\n[^`]/)
    expect(code).toMatch(/def dedupe_list\(/)
  })

  it('come as tokens: a word with its leading space, or one symbol, joining back to the text', () => {
    expect(tokenize('Hello, world!\n\n```python\n    x = 1\n```')).toEqual(['Hello', ',', ' world', '!', '\n\n', '```', 'python', '\n', '    x', ' =', ' 1', '\n', '```'])
    const tokens = emulatedAnswer('tinyllama:1.1b', 'Explain TCP vs UDP', 3)
    expect(tokenize(tokens.join(''))).toEqual(tokens)
    expect(tokens.every((token) => token !== '')).toBe(true)
  })

  it('stop after num_predict tokens with done_reason "length"', () => {
    const full = emulatedAnswer('llama3.2:3b', 'hello')
    const cut = emulatedCompletion('llama3.2:3b', 'hello', { numPredict: 4 })
    expect(cut).toMatchObject({ chunks: full.slice(0, 4), evalCount: 4, doneReason: 'length' })
    expect(emulatedCompletion('llama3.2:3b', 'hello', { numPredict: full.length })).toMatchObject({ evalCount: full.length, doneReason: 'length' })
    expect(emulatedCompletion('llama3.2:3b', 'hello', { numPredict: -1 })).toMatchObject({ evalCount: full.length, doneReason: 'stop' })
  })

  it('end before a stop string, holding back text that may start one', () => {
    const full = emulatedAnswer('llama3.2:3b', 'hello').join('')
    const stop = ' the'
    expect(full).toContain(stop)
    const done = emulatedCompletion('llama3.2:3b', 'hello', { stop: [stop] })
    expect(done.text).toBe(full.slice(0, full.indexOf(stop)))
    expect(done.doneReason).toBe('stop')
    // " t" could begin " the": it is held back and sent with the next token once it cannot.
    expect(done.steps.length).toBeGreaterThanOrEqual(done.chunks.length)
    expect(done.chunks.every((chunk) => !chunk.includes(stop))).toBe(true)
  })

  it('are a JSON object when the format is json', () => {
    const { text } = emulatedCompletion('qwen2.5:0.5b', 'capital of France', { json: true })
    expect(JSON.parse(text)).toMatchObject({ topic: 'capital france', answer: expect.any(String), confidence: expect.any(Number) })
  })
})
