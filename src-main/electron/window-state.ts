import { z } from 'zod'

export const WindowState = z.object({
  x: z.number().int().optional(),
  y: z.number().int().optional(),
  width: z.number().int().min(640),
  height: z.number().int().min(420),
  maximized: z.boolean()
})
export type WindowState = z.infer<typeof WindowState>

export interface Rectangle {
  readonly x: number
  readonly y: number
  readonly width: number
  readonly height: number
}

export const defaultWindowState: WindowState = { width: 1280, height: 820, maximized: false }

/**
 * The saved window state, unless it would open the window off every screen (a monitor that was
 * unplugged since): then the size is kept and the position left to the system.
 */
export function restoreWindowState(saved: unknown, displays: readonly Rectangle[]): WindowState {
  const parsed = WindowState.safeParse(saved)
  if (!parsed.success) return defaultWindowState
  const state = parsed.data
  if (state.x === undefined || state.y === undefined) return state
  const { x, y } = state
  const visible = displays.some(
    (area) => x + 100 > area.x && x < area.x + area.width - 100 && y >= area.y && y < area.y + area.height - 50
  )
  return visible ? state : { width: state.width, height: state.height, maximized: state.maximized }
}
