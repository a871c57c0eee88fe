import { describe, expect, it } from 'vitest'
import { cycle, dropIndex, moveBy, moveTo, neighbourAfterClose, sortByRemembered } from './tab-order'

const order = ['t1', 't2', 't3', 't4']

describe('moveTo', () => {
  it('moves a tab to an index of the result', () => {
    expect(moveTo(order, 't1', 2)).toEqual(['t2', 't3', 't1', 't4'])
    expect(moveTo(order, 't4', 0)).toEqual(['t4', 't1', 't2', 't3'])
  })

  it('clamps the index and returns the same array when nothing moves', () => {
    expect(moveTo(order, 't2', 99)).toEqual(['t1', 't3', 't4', 't2'])
    expect(moveTo(order, 't2', -5)).toEqual(['t2', 't1', 't3', 't4'])
    expect(moveTo(order, 't2', 1)).toBe(order)
    expect(moveTo(order, 'nope', 0)).toBe(order)
  })
})

describe('moveBy', () => {
  it('moves one place and stops at the ends', () => {
    expect(moveBy(order, 't2', 1)).toEqual(['t1', 't3', 't2', 't4'])
    expect(moveBy(order, 't2', -1)).toEqual(['t2', 't1', 't3', 't4'])
    expect(moveBy(order, 't1', -1)).toBe(order)
    expect(moveBy(order, 't4', 1)).toBe(order)
  })
})

describe('dropIndex', () => {
  it('lands before or after the tab it is dropped on', () => {
    expect(moveTo(order, 't1', dropIndex(order, 't1', 't3', false))).toEqual(['t2', 't1', 't3', 't4'])
    expect(moveTo(order, 't1', dropIndex(order, 't1', 't3', true))).toEqual(['t2', 't3', 't1', 't4'])
    expect(moveTo(order, 't4', dropIndex(order, 't4', 't1', false))).toEqual(['t4', 't1', 't2', 't3'])
    expect(moveTo(order, 't4', dropIndex(order, 't4', 't2', true))).toEqual(['t1', 't2', 't4', 't3'])
  })

  it('leaves the order alone when dropped on itself', () => {
    expect(moveTo(order, 't2', dropIndex(order, 't2', 't2', true))).toBe(order)
  })
})

describe('cycle', () => {
  it('wraps around both ways', () => {
    expect(cycle(order, 't4', 1)).toBe('t1')
    expect(cycle(order, 't1', -1)).toBe('t4')
    expect(cycle(order, 't2', 1)).toBe('t3')
  })

  it('starts at the first tab without an active one and has nothing for no tabs', () => {
    expect(cycle(order, null, 1)).toBe('t1')
    expect(cycle([], null, 1)).toBeNull()
  })
})

describe('neighbourAfterClose', () => {
  it('prefers the right neighbour, then the left one', () => {
    expect(neighbourAfterClose(order, 't2')).toBe('t3')
    expect(neighbourAfterClose(order, 't4')).toBe('t3')
    expect(neighbourAfterClose(['t1'], 't1')).toBeNull()
  })
})

describe('sortByRemembered', () => {
  it('puts remembered ids first in their order, then the rest as listed', () => {
    expect(sortByRemembered(['t1', 't2', 't3', 't5'], ['t3', 'gone', 't1'])).toEqual(['t3', 't1', 't2', 't5'])
  })
})
