import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { GenerateForm } from './GenerateForm'
import { JobItem } from './JobItem'
import { WorkflowLoader } from './WorkflowLoader'
import { job } from './test-jobs'

const buttons = (html: string) => [...html.matchAll(/<button[^>]*>([^<]*)<\/button>/g)].map((match) => match[1])

describe('JobItem', () => {
  it('shows a running job’s progress bar by name, with Cancel and Duplicate', () => {
    const html = renderToStaticMarkup(
      <JobItem job={job({ id: 4, state: 'running', progress: { percent: 42, step: 8, steps: 20, etaSeconds: 12 }, message: null })} place={-1} movableCount={0} stoppable />
    )
    expect(html).toContain('<progress max="100" value="42" aria-label="Progress of job 4" aria-valuetext="42 % · step 8 of 20 · about 12 s left">')
    expect(buttons(html)).toEqual(['Cancel', 'Duplicate'])
  })

  it('offers no Cancel for a job sent to a worker whose API cannot stop it, and says so; a queued one can still be dropped', () => {
    for (const state of ['sending', 'running'] as const) {
      const sent = renderToStaticMarkup(<JobItem job={job({ state })} place={-1} movableCount={0} stoppable={false} />)
      expect(buttons(sent)).toEqual(['Duplicate'])
      expect(sent).toContain('cannot stop a job it was sent')
    }
    expect(buttons(renderToStaticMarkup(<JobItem job={job({ id: 5 })} place={0} movableCount={1} stoppable={false} />))).toEqual(['Move up', 'Move down', 'Cancel', 'Duplicate'])
  })

  it('offers Move up/down within the own queue, Retry for a failed job with its reason, nothing for another client’s', () => {
    expect(buttons(renderToStaticMarkup(<JobItem job={job({ id: 5 })} place={0} movableCount={2} stoppable />))).toEqual(['Move up', 'Move down', 'Cancel', 'Duplicate'])
    expect(renderToStaticMarkup(<JobItem job={job({ id: 5 })} place={0} movableCount={2} stoppable />)).toMatch(/<button type="button" disabled="">Move up<\/button>/)
    const failed = renderToStaticMarkup(<JobItem job={job({ state: 'failed', message: 'CUDA out of memory' })} place={-1} movableCount={0} stoppable />)
    expect(buttons(failed)).toEqual(['Retry', 'Duplicate'])
    expect(failed).toContain('<p class="ig-job-failure">CUDA out of memory</p>')
    const external = renderToStaticMarkup(<JobItem job={job({ external: true })} place={-1} movableCount={0} stoppable />)
    expect(external).toContain('other client')
    expect(buttons(external)).toEqual([])
  })
})

// Rendered on the "server", the stores show their initial state: the remembered form (none in tests), no worker yet.
describe('GenerateForm', () => {
  it('labels every field visibly, and names its button "Generate"', () => {
    const html = renderToStaticMarkup(<GenerateForm />)
    const labels = [...html.matchAll(/<label for="[^"]+">([^<]+)<\/label>/g)].map((match) => match[1])
    expect(labels).toEqual(['Worker', 'Model', 'Prompt', 'Negative prompt', 'Size', 'Steps', 'CFG', 'Batch count', 'Seed number'])
    const ids = [...html.matchAll(/<(?:input|select|textarea)[^>]* id="([^"]+)"/g)].map((match) => match[1])
    expect(ids).toHaveLength(labels.length)
    for (const id of ids) expect(html).toContain(`for="${id}"`)
    expect(buttons(html)).toEqual(['Generate'])
  })
})

describe('WorkflowLoader', () => {
  it('starts from the built-in workflow and offers to load one', () => {
    const html = renderToStaticMarkup(<WorkflowLoader />)
    expect(html).toContain('The built-in txt2img workflow')
    expect(buttons(html)).toEqual(['Load workflow…'])
    expect(html).toContain('aria-label="Workflow file"')
  })
})
