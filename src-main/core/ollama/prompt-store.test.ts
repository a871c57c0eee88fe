import { describe, expect, it } from 'vitest'
import { useTempDatabase } from '../../testing/temp-database'
import { PromptStore } from './prompt-store'

const temp = useTempDatabase()

describe('the saved prompts', () => {
  it('saves, updates, lists most recent first and deletes, surviving a restart', () => {
    let clock = 1000
    const store = new PromptStore(temp.open(), () => (clock += 1000))
    const haiku = store.save({ title: 'Haiku', prompt: 'Write a haiku about {topic}', system: '' })
    const review = store.save({ title: 'Code review', prompt: 'Review this diff', system: 'You are a strict reviewer.' })
    expect(store.list().map((prompt) => prompt.title)).toEqual(['Code review', 'Haiku'])

    const edited = store.save({ id: haiku.id, title: 'Haiku (5-7-5)', prompt: 'Write a 5-7-5 haiku', system: 'Be poetic.' })
    expect(edited).toEqual({ id: haiku.id, title: 'Haiku (5-7-5)', prompt: 'Write a 5-7-5 haiku', system: 'Be poetic.', updatedAt: 4000 })
    expect(store.list().map((prompt) => prompt.id)).toEqual([haiku.id, review.id])

    store.delete(review.id)
    expect(new PromptStore(temp.open()).list()).toEqual([edited])
  })

  it('refuses to update a prompt that was deleted', () => {
    const store = new PromptStore(temp.open())
    const prompt = store.save({ title: 'Once', prompt: 'p', system: '' })
    store.delete(prompt.id)
    expect(() => store.save({ id: prompt.id, title: 'Again', prompt: 'p', system: '' })).toThrow(`there is no saved prompt ${prompt.id}`)
    expect(store.list()).toEqual([])
  })
})
