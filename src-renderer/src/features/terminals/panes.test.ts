import { describe, expect, it } from 'vitest'
import { closeTab, renameId, showTab, toggleSplit, type PaneState } from './panes'

const single: PaneState = { order: ['t1', 't2', 't3'], activeId: 't2', panes: ['t2'] }
const split: PaneState = { order: ['t1', 't2', 't3'], activeId: 't2', panes: ['t1', 't2'] }

describe('showTab', () => {
  it('shows a hidden tab in the active pane', () => {
    expect(showTab(single, 't3')).toEqual({ activeId: 't3', panes: ['t3'] })
    expect(showTab(split, 't3')).toEqual({ activeId: 't3', panes: ['t1', 't3'] })
  })

  it('only moves the focus to a tab already on screen', () => {
    expect(showTab(split, 't1')).toEqual({ activeId: 't1', panes: ['t1', 't2'] })
  })

  it('shows the first tab of an empty view', () => {
    expect(showTab({ order: ['t1'], activeId: null, panes: [] }, 't1')).toEqual({ activeId: 't1', panes: ['t1'] })
  })
})

describe('closeTab', () => {
  it('shows the neighbour of a closed single tab', () => {
    expect(closeTab(single, 't2')).toEqual({ order: ['t1', 't3'], activeId: 't3', panes: ['t3'] })
    expect(closeTab({ order: ['t1'], activeId: 't1', panes: ['t1'] }, 't1')).toEqual({ order: [], activeId: null, panes: [] })
  })

  it('leaves the other pane of a split alone, and active', () => {
    expect(closeTab(split, 't2')).toEqual({ order: ['t1', 't3'], activeId: 't1', panes: ['t1'] })
    expect(closeTab(split, 't1')).toEqual({ order: ['t2', 't3'], activeId: 't2', panes: ['t2'] })
  })

  it('changes only the order for a hidden tab', () => {
    expect(closeTab(split, 't3')).toEqual({ order: ['t1', 't2'], activeId: 't2', panes: ['t1', 't2'] })
  })
})

describe('toggleSplit', () => {
  it('puts the next tab beside the active one, wrapping around', () => {
    expect(toggleSplit(single)).toEqual({ panes: ['t2', 't3'] })
    expect(toggleSplit({ ...single, activeId: 't3', panes: ['t3'] })).toEqual({ panes: ['t3', 't1'] })
  })

  it('asks for a new tab when there is no other one', () => {
    expect(toggleSplit({ order: ['t1'], activeId: 't1', panes: ['t1'] })).toBeNull()
  })

  it('keeps the active tab when unsplitting', () => {
    expect(toggleSplit(split)).toEqual({ panes: ['t2'] })
  })
})

describe('renameId', () => {
  it('swaps the id in the order, the panes and the active tab', () => {
    expect(renameId(split, 't2', 't9')).toEqual({ order: ['t1', 't9', 't3'], activeId: 't9', panes: ['t1', 't9'] })
  })
})
