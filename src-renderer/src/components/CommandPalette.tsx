import { useEffect, useMemo, useRef, useState } from 'react'
import { buildCommands, matchCommands } from '../app/commands'
import { useNavigationStore } from '../app/navigation-store'
import { useInventoryStore } from '../features/inventory/inventory-store'
import { openTerminal } from '../features/terminals/terminals-store'
import { useSshStore } from '../features/ssh/ssh-store'
import { useSelectionStore } from '../features/topology/selection-store'

/** Ctrl+K: every section, node and action by name, driven from the keyboard. */
export function CommandPalette() {
  const open = useNavigationStore((store) => store.paletteOpen)
  const setOpen = useNavigationStore((store) => store.setPaletteOpen)
  if (!open) return null
  return <PaletteDialog close={() => setOpen(false)} />
}

function PaletteDialog({ close }: { readonly close: () => void }) {
  const state = useInventoryStore((store) => store.state)
  const examples = useInventoryStore((store) => store.examples)
  const [query, setQuery] = useState('')
  const [active, setActive] = useState(0)
  const input = useRef<HTMLInputElement>(null)

  const commands = useMemo(
    () =>
      buildCommands(state, examples, {
        go: (section) => useNavigationStore.getState().go(section),
        showNode: (nodeId) => {
          useNavigationStore.getState().go('topology')
          useSelectionStore.getState().focus(nodeId)
        },
        openTerminal: (nodeId) => void openTerminal(nodeId),
        openCharts: (nodeId) => useNavigationStore.getState().openNode(nodeId),
        reload: () => void useInventoryStore.getState().reload(),
        openExample: (id) => void useInventoryStore.getState().openExample(id),
        importSshConfig: () => useSshStore.getState().openImport()
      }),
    [state, examples]
  )
  const matches = useMemo(() => matchCommands(commands, query), [commands, query])
  const selected = Math.min(active, Math.max(matches.length - 1, 0))

  useEffect(() => input.current?.focus(), [])

  const run = (index: number) => {
    const command = matches[index]
    if (!command) return
    close()
    command.run()
  }

  return (
    <div className="palette-backdrop" onMouseDown={close}>
      <div role="dialog" aria-modal="true" aria-label="Command palette" className="palette" onMouseDown={(event) => event.stopPropagation()}>
        <input
          ref={input}
          role="combobox"
          aria-expanded="true"
          aria-controls="palette-list"
          aria-activedescendant={matches[selected] ? `palette-${selected}` : undefined}
          aria-label="Type a command"
          placeholder="Type a command or a node name…"
          value={query}
          onChange={(event) => {
            setQuery(event.target.value)
            setActive(0)
          }}
          onKeyDown={(event) => {
            if (event.key === 'ArrowDown') setActive((selected + 1) % Math.max(matches.length, 1))
            else if (event.key === 'ArrowUp') setActive((selected - 1 + matches.length) % Math.max(matches.length, 1))
            else if (event.key === 'Enter') run(selected)
            else if (event.key === 'Escape') close()
            else return
            event.preventDefault()
          }}
        />
        <ul id="palette-list" role="listbox" aria-label="Commands">
          {matches.length === 0 && <li className="muted palette-empty">No command matches “{query}”.</li>}
          {matches.map((command, index) => (
            <li
              key={command.id}
              id={`palette-${index}`}
              role="option"
              aria-selected={index === selected}
              className={index === selected ? 'is-active' : undefined}
              onMouseEnter={() => setActive(index)}
              onClick={() => run(index)}
            >
              <span>{command.label}</span>
              {command.hint && <span className="muted">{command.hint}</span>}
            </li>
          ))}
        </ul>
      </div>
    </div>
  )
}
