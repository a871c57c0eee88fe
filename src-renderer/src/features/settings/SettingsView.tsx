import { useEffect, useState } from 'react'
import type { AppInfo } from '../../../../src-shared/contract'
import { api } from '../../api/api'
import { useThemeStore, type ThemePreference } from '../../app/theme-store'
import { useInventoryStore } from '../inventory/inventory-store'
import { useSshStore } from '../ssh/ssh-store'

const themes: ReadonlyArray<{ value: ThemePreference; label: string }> = [
  { value: 'system', label: 'Follow the system' },
  { value: 'dark', label: 'Dark' },
  { value: 'light', label: 'Light' }
]

export function SettingsView() {
  const state = useInventoryStore((store) => store.state)
  const reload = useInventoryStore((store) => store.reload)
  const busy = useInventoryStore((store) => store.busy)
  const preference = useThemeStore((store) => store.preference)
  const setPreference = useThemeStore((store) => store.setPreference)
  const info = useAppInfo()

  return (
    <div className="settings">
      <h1>Settings</h1>
      <section aria-labelledby="settings-inventory">
        <h2 id="settings-inventory">Inventory</h2>
        <dl className="facts">
          <dt>File</dt>
          <dd>
            <code>{state?.source.path ?? '…'}</code>
            {state?.source.kind === 'default' && <span className="muted"> (not created yet: showing This PC)</span>}
          </dd>
          <dt>Lab</dt>
          <dd>
            {state ? `${state.inventory.name}: ${state.inventory.nodes.length} nodes, ${state.inventory.links.length} links` : '…'}
          </dd>
          <dt>State</dt>
          <dd>{state && state.problems.length > 0 ? `${state.problems.length} problems (last good inventory in use)` : 'valid'}</dd>
          <dt>Loaded</dt>
          <dd>{state ? new Date(state.loadedAt).toLocaleTimeString() : '…'}</dd>
        </dl>
        <p className="muted">The file is watched: saving it in any editor reloads the lab here.</p>
        <button type="button" disabled={busy} onClick={() => void reload()}>
          Reload inventory
        </button>
      </section>
      <section aria-labelledby="settings-ssh">
        <h2 id="settings-ssh">SSH</h2>
        <p className="muted">
          Add the hosts of your <code>~/.ssh/config</code> as nodes: you see what each would become and pick which to
          import. Hosts already in the inventory are left as they are.
        </p>
        <button type="button" onClick={() => useSshStore.getState().openImport()}>
          Import hosts from ~/.ssh/config…
        </button>
      </section>
      <section aria-labelledby="settings-appearance">
        <h2 id="settings-appearance">Appearance</h2>
        <label className="field">
          Theme
          <select value={preference} onChange={(event) => setPreference(event.target.value as ThemePreference)}>
            {themes.map((theme) => (
              <option key={theme.value} value={theme.value}>
                {theme.label}
              </option>
            ))}
          </select>
        </label>
      </section>
      <section aria-labelledby="settings-about">
        <h2 id="settings-about">About</h2>
        {info.error ? (
          <p role="alert">{info.error}</p>
        ) : (
          <dl className="facts">
            <dt>Version</dt>
            <dd>{info.value?.version ?? '…'}</dd>
            <dt>Running as</dt>
            <dd>{info.value ? (info.value.mode === 'desktop' ? 'desktop app' : 'headless server in a browser') : '…'}</dd>
            <dt>Data folder</dt>
            <dd>
              <code>{info.value?.dataDir ?? '…'}</code>
            </dd>
            <dt>Platform</dt>
            <dd>{info.value?.platform ?? '…'}</dd>
          </dl>
        )}
      </section>
    </div>
  )
}

function useAppInfo(): { readonly value: AppInfo | null; readonly error: string | null } {
  const [result, setResult] = useState<{ value: AppInfo | null; error: string | null }>({ value: null, error: null })
  useEffect(() => {
    api()
      .request('app.info', {})
      .then(
        (value) => setResult({ value, error: null }),
        (error: unknown) => setResult({ value: null, error: String(error) })
      )
  }, [])
  return result
}
