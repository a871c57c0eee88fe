import { AddEndpointForm } from './AddEndpointForm'
import { EndpointCard } from './EndpointCard'
import { useEndpointsStore } from './endpoints-store'

/** Every Ollama endpoint as a card, and a form to add one by URL. */
export function ModelsTab() {
  const endpoints = useEndpointsStore((store) => store.endpoints)
  const loaded = useEndpointsStore((store) => store.loaded)
  const listError = useEndpointsStore((store) => store.listError)
  return (
    <div className="models-tab">
      {listError && (
        <p className="playground-error" role="alert">
          Could not list the Ollama endpoints: {listError}
        </p>
      )}
      {loaded && !listError && endpoints.length === 0 && (
        <p className="playground-empty">No Ollama endpoint yet: add a service of kind “ollama” to the inventory, or add a URL below.</p>
      )}
      {endpoints.map((endpoint) => (
        <EndpointCard key={endpoint.id} endpoint={endpoint} />
      ))}
      <AddEndpointForm />
    </div>
  )
}
