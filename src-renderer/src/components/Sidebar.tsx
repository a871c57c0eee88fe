import { useConnectionStore } from '../app/connection-store'
import { useNavigationStore } from '../app/navigation-store'
import { sections } from '../app/sections'
import { useInventoryStore } from '../features/inventory/inventory-store'

export function Sidebar() {
  const current = useNavigationStore((store) => store.section)
  const go = useNavigationStore((store) => store.go)
  const setPaletteOpen = useNavigationStore((store) => store.setPaletteOpen)
  const labName = useInventoryStore((store) => store.state?.inventory.name)
  const connection = useConnectionStore((store) => store.state)
  return (
    <nav className="sidebar" aria-label="Sections">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true" />
        <div>
          <div className="brand-name">Homelab Console</div>
          <div className="brand-lab">{labName ?? '…'}</div>
        </div>
      </div>
      <ul>
        {sections.map((section) => (
          <li key={section.id}>
            <a
              href={`#/${section.id}`}
              aria-current={section.id === current ? 'page' : undefined}
              onClick={(event) => {
                event.preventDefault()
                go(section.id)
              }}
            >
              {section.label}
              <kbd>Ctrl+{section.shortcut}</kbd>
            </a>
          </li>
        ))}
      </ul>
      <button type="button" className="palette-button" onClick={() => setPaletteOpen(true)}>
        Commands <kbd>Ctrl+K</kbd>
      </button>
      {connection !== 'open' && (
        <p role="status" className="connection-state">
          {connection === 'connecting' ? 'Connecting to the console…' : 'Connection lost, reconnecting…'}
        </p>
      )}
    </nav>
  )
}
