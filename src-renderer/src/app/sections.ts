/** The app's sections; one appears here when its feature lands. */
export const sections = [
  { id: 'topology', label: 'Topology', shortcut: '1' },
  { id: 'terminals', label: 'Terminals', shortcut: '2' },
  { id: 'dashboard', label: 'Dashboard', shortcut: '3' },
  { id: 'playground', label: 'Playground', shortcut: '4' },
  { id: 'minecraft', label: 'Minecraft', shortcut: '5' },
  { id: 'images', label: 'Images', shortcut: '6' },
  { id: 'settings', label: 'Settings', shortcut: ',' }
] as const

export type SectionId = (typeof sections)[number]['id']

export function isSectionId(value: string): value is SectionId {
  return sections.some((section) => section.id === value)
}
