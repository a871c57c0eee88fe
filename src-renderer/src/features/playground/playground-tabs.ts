import { sectionTabs } from '../../app/section-tabs'

export const playgroundTabs = sectionTabs('playground', 'Playground', [
  { id: 'chat', label: 'Chat' },
  { id: 'compare', label: 'Compare' },
  { id: 'models', label: 'Models' }
])

export type PlaygroundTab = ReturnType<typeof playgroundTabs.parse>
