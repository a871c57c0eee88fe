import { create } from 'zustand'

export type ThemePreference = 'system' | 'dark' | 'light'
type ResolvedTheme = 'dark' | 'light'

interface ThemeStore {
  readonly preference: ThemePreference
  readonly resolved: ResolvedTheme
  setPreference(preference: ThemePreference): void
}

const storageKey = 'homelab-console-theme'
const darkQuery = window.matchMedia('(prefers-color-scheme: dark)')

function resolve(preference: ThemePreference): ResolvedTheme {
  if (preference !== 'system') return preference
  return darkQuery.matches ? 'dark' : 'light'
}

function stored(): ThemePreference {
  const value = localStorage.getItem(storageKey)
  return value === 'dark' || value === 'light' ? value : 'system'
}

function apply(theme: ResolvedTheme): ResolvedTheme {
  document.documentElement.dataset.theme = theme
  return theme
}

/** The app's theme; terminals and charts read `resolved` so everything follows one choice. */
export const useThemeStore = create<ThemeStore>()((set, get) => {
  darkQuery.addEventListener('change', () => set({ resolved: apply(resolve(get().preference)) }))
  const preference = stored()
  return {
    preference,
    resolved: apply(resolve(preference)),
    setPreference(next) {
      localStorage.setItem(storageKey, next)
      set({ preference: next, resolved: apply(resolve(next)) })
    }
  }
})
