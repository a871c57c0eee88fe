import { useMemo } from 'react'
import { useInventoryStore } from '../inventory/inventory-store'
import { useTerminalsStore } from './terminals-store'

/** No terminal open yet: every node that can take one, a button each. */
export function TerminalsEmptyState() {
  const nodes = useInventoryStore((store) => store.state?.inventory.nodes)
  const opening = useTerminalsStore((store) => store.opening)
  const usable = useMemo(() => (nodes ?? []).filter((node) => !node.disabled), [nodes])

  return (
    <div className="terminals-empty">
      <h1>Terminals</h1>
      <p className="muted">
        No terminal is open. Open a shell on a node; it keeps running while you look at other sections and comes back after
        a reload.
      </p>
      {usable.length === 0 ? (
        <p>Every node in the inventory is planned (disabled), so there is nothing to open a terminal on yet.</p>
      ) : (
        <ul className="terminal-node-list">
          {usable.map((node) => {
            const busy = opening.includes(node.id)
            return (
              <li key={node.id}>
                <span className="terminal-node-name">{node.name}</span>
                <span className="terminal-node-host">{node.local ? 'this machine' : `${node.ssh?.user ? `${node.ssh.user}@` : ''}${node.host}`}</span>
                <button
                  type="button"
                  aria-label={`Open terminal on ${node.name}`}
                  disabled={busy}
                  onClick={() => void useTerminalsStore.getState().openTerminal(node.id)}
                >
                  {busy ? 'Opening…' : 'Open terminal'}
                </button>
              </li>
            )
          })}
        </ul>
      )}
      <p className="muted terminal-hints">
        In a terminal: <kbd>Ctrl+Shift+F</kbd> find, <kbd>Ctrl+Tab</kbd> next tab, <kbd>Ctrl+=</kbd> / <kbd>Ctrl+-</kbd> text size,{' '}
        <kbd>Ctrl+Shift+C</kbd> / <kbd>Ctrl+Shift+V</kbd> copy and paste, <kbd>Ctrl+Shift+K</kbd> commands.
      </p>
    </div>
  )
}
