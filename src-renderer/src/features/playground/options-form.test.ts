import { describe, expect, it } from 'vitest'
import { GenerationOptions } from '../../../../src-shared/ollama'
import { countSetOptions, emptyOptionsForm, optionsToForm, parseOptionsForm } from './options-form'

describe('parseOptionsForm', () => {
  it('leaves empty fields out: the model keeps its defaults', () => {
    expect(parseOptionsForm(emptyOptionsForm)).toEqual({ options: {}, problems: {} })
  })

  it('reads every field into options the contract accepts', () => {
    const form = { temperature: '0.7', top_p: ' 0.9 ', top_k: '40', num_ctx: '8192', seed: '-3', num_predict: '-1', stop: '</s>\n\nUser:', json: true }
    const { options, problems } = parseOptionsForm(form)
    expect(problems).toEqual({})
    expect(options).toEqual({ temperature: 0.7, top_p: 0.9, top_k: 40, num_ctx: 8192, seed: -3, num_predict: -1, stop: ['</s>', 'User:'], json: true })
    expect(GenerationOptions.safeParse(options).success).toBe(true)
    expect(optionsToForm(options)).toEqual({ ...form, top_p: '0.9', stop: '</s>\nUser:' })
    expect(countSetOptions(options)).toBe(8)
  })

  it('names each bad value and keeps the good ones', () => {
    const { options, problems } = parseOptionsForm({ ...emptyOptionsForm, temperature: '9', top_k: '2.5', seed: 'abc', num_ctx: '2048' })
    expect(options).toEqual({ num_ctx: 2048 })
    expect(problems).toEqual({
      temperature: 'Temperature: a number from 0 to 5',
      top_k: 'Top K: a whole number from 0 to 1000',
      seed: 'Seed: a whole number from -2147483648 to 2147483647'
    })
  })

  it('limits the stop sequences as the contract does', () => {
    expect(parseOptionsForm({ ...emptyOptionsForm, stop: 'a\nb\nc\nd\ne\nf\ng\nh\ni' }).problems.stop).toBe('At most 8 stop sequences')
    expect(parseOptionsForm({ ...emptyOptionsForm, stop: 'x'.repeat(201) }).problems.stop).toBe('A stop sequence has at most 200 characters')
  })
})
