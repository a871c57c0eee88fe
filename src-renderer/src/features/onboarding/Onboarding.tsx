import { useInventoryStore } from '../inventory/inventory-store'
import { useSshStore } from '../ssh/ssh-store'

/** First start: no inventory file yet. Offer the example homelabs, or say where to write one. */
export function Onboarding() {
  const source = useInventoryStore((store) => store.state?.source)
  const examples = useInventoryStore((store) => store.examples)
  const openExample = useInventoryStore((store) => store.openExample)
  const busy = useInventoryStore((store) => store.busy)
  if (source?.kind !== 'default') return null
  return (
    <section className="onboarding" aria-labelledby="onboarding-title">
      <h2 id="onboarding-title">Welcome to Homelab Console</h2>
      <p>
        This is <strong>This PC</strong>. Describe your lab in <code>{source.path}</code> (the console reloads it as you
        save), or start from one of these example homelabs:
      </p>
      <ul className="example-list">
        {examples.map((example) => (
          <li key={example.id}>
            <button type="button" disabled={busy} onClick={() => void openExample(example.id)} aria-label={`Open example ${example.name}`}>
              <span className="example-name">{example.name}</span>
              <span className="muted">{example.description}</span>
              <span className="example-counts">
                {example.nodeCount} nodes · {example.serviceCount} services
              </span>
            </button>
          </li>
        ))}
      </ul>
      <div className="onboarding-import">
        <span className="muted">Or bring in the hosts you already reach with SSH:</span>
        <button type="button" disabled={busy} onClick={() => useSshStore.getState().openImport()}>
          Import ~/.ssh/config
        </button>
      </div>
    </section>
  )
}
