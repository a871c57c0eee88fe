export const playgroundTabs = [
  { id: 'chat', label: 'Chat' },
  { id: 'compare', label: 'Compare' },
  { id: 'models', label: 'Models' }
] as const

export type PlaygroundTab = (typeof playgroundTabs)[number]['id']

/** "#/playground/compare" → compare; the chat for "#/playground" or anything unknown. */
export function parsePlaygroundTab(hash: string): PlaygroundTab {
  const [section, tab] = hash.replace(/^#\/?/, '').split('/')
  if (section !== 'playground') return 'chat'
  return playgroundTabs.find((candidate) => candidate.id === tab)?.id ?? 'chat'
}

export function playgroundHash(tab: PlaygroundTab): string {
  return `#/playground/${tab}`
}

/** The tab an arrow key, Home or End moves to from `tab`, or null for another key. */
export function stepTab(tab: PlaygroundTab, key: string): PlaygroundTab | null {
  const index = playgroundTabs.findIndex((candidate) => candidate.id === tab)
  const last = playgroundTabs.length - 1
  const next = key === 'ArrowRight' ? (index + 1) % playgroundTabs.length : key === 'ArrowLeft' ? (index + last) % playgroundTabs.length : key === 'Home' ? 0 : key === 'End' ? last : null
  return next === null ? null : playgroundTabs[next]!.id
}
