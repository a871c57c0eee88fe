import { describe, expect, it } from 'vitest'
import { defaultWindowState, restoreWindowState, type Rectangle } from './window-state'

const laptop: Rectangle = { x: 0, y: 0, width: 1920, height: 1080 }
/** A second monitor to the right of the laptop. */
const external: Rectangle = { x: 1920, y: 0, width: 2560, height: 1440 }

describe('restoreWindowState', () => {
  it('returns the defaults for anything that is not a saved state', () => {
    const garbage: unknown[] = [
      undefined,
      null,
      'maximized',
      42,
      [],
      {},
      { width: 1280, height: 820 },
      { width: '1280', height: 820, maximized: false },
      { width: 1280.5, height: 820, maximized: false },
      { width: 100, height: 820, maximized: false },
      { width: 1280, height: 100, maximized: false },
      { x: 'left', y: 0, width: 1280, height: 820, maximized: false }
    ]
    for (const saved of garbage) expect(restoreWindowState(saved, [laptop]), JSON.stringify(saved)).toEqual(defaultWindowState)
  })

  it('keeps a saved state that lies on a display', () => {
    const saved = { x: 100, y: 80, width: 1400, height: 900, maximized: false }
    expect(restoreWindowState(saved, [laptop])).toEqual(saved)
  })

  it('keeps a saved state that lies on the second display', () => {
    const saved = { x: 2200, y: 200, width: 1600, height: 1000, maximized: true }
    expect(restoreWindowState(saved, [laptop, external])).toEqual(saved)
  })

  it('keeps a state without a position as it is', () => {
    const saved = { width: 1000, height: 700, maximized: true }
    expect(restoreWindowState(saved, [])).toEqual(saved)
  })

  it('drops the position but keeps size and maximized when the position is on no display', () => {
    const saved = { x: 2200, y: 200, width: 1600, height: 1000, maximized: true }
    const restored = restoreWindowState(saved, [laptop])
    expect(restored).toEqual({ width: 1600, height: 1000, maximized: true })
    expect(restored).not.toHaveProperty('x')
    expect(restored).not.toHaveProperty('y')
  })

  it('drops a position above or left of every display', () => {
    for (const [x, y] of [
      [-1800, 100],
      [100, -400]
    ] as const) {
      expect(restoreWindowState({ x, y, width: 1280, height: 820, maximized: false }, [laptop])).toEqual({
        width: 1280,
        height: 820,
        maximized: false
      })
    }
  })

  it('drops a position that leaves too little of the title bar on the display', () => {
    const nearRightEdge = { x: laptop.width - 50, y: 100, width: 1280, height: 820, maximized: false }
    expect(restoreWindowState(nearRightEdge, [laptop])).toEqual({ width: 1280, height: 820, maximized: false })
    const nearBottom = { x: 100, y: laptop.height - 10, width: 1280, height: 820, maximized: false }
    expect(restoreWindowState(nearBottom, [laptop])).toEqual({ width: 1280, height: 820, maximized: false })
  })

  it('drops the position when there is no display at all', () => {
    expect(restoreWindowState({ x: 0, y: 0, width: 1280, height: 820, maximized: false }, [])).toEqual({
      width: 1280,
      height: 820,
      maximized: false
    })
  })
})
