export interface TabDefinition<Id extends string> {
  readonly id: Id
  readonly label: string
}

/** The tabs of one section, kept in its hash ("#/<section>/<tab>"); the first is the default. */
export interface SectionTabs<Id extends string> {
  readonly section: string
  /** Names the tab list for screen readers. */
  readonly label: string
  readonly tabs: readonly TabDefinition<Id>[]
  readonly panelId: string
  tabId(tab: Id): string
  /** The tab a hash opens: the first for the bare section, another section or an unknown tab. */
  parse(hash: string): Id
  hash(tab: Id): string
  /** The tab an arrow key, Home or End moves to from `tab`, or null for another key. */
  step(tab: Id, key: string): Id | null
}

export function sectionTabs<const Tabs extends readonly [TabDefinition<string>, ...TabDefinition<string>[]]>(
  section: string,
  label: string,
  tabs: Tabs
): SectionTabs<Tabs[number]['id']> {
  type Id = Tabs[number]['id']
  const first: Id = tabs[0].id
  const last = tabs.length - 1
  return {
    section,
    label,
    tabs,
    panelId: `${section}-panel`,
    tabId: (tab) => `${section}-tab-${tab}`,
    parse(hash) {
      const [name, tab] = hash.replace(/^#\/?/, '').split('/')
      if (name !== section) return first
      return tabs.find((candidate) => candidate.id === tab)?.id ?? first
    },
    hash: (tab) => `#/${section}/${tab}`,
    step(tab, key) {
      const index = tabs.findIndex((candidate) => candidate.id === tab)
      const next = key === 'ArrowRight' ? (index + 1) % tabs.length : key === 'ArrowLeft' ? (index + last) % tabs.length : key === 'Home' ? 0 : key === 'End' ? last : null
      return next === null ? null : tabs[next]!.id
    }
  }
}
