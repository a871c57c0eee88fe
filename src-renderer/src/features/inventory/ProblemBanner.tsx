import type { InventoryProblem } from '../../../../src-shared/contract'
import { useInventoryStore } from './inventory-store'

const none: readonly InventoryProblem[] = []

/** A broken inventory file: where each problem is, while the last good inventory stays on screen. */
export function ProblemBanner() {
  const problems = useInventoryStore((store) => store.state?.problems ?? none)
  const reload = useInventoryStore((store) => store.reload)
  const error = useInventoryStore((store) => store.error)
  if (problems.length === 0 && !error) return null
  return (
    <div role="alert" className="problem-banner">
      {problems.length > 0 && (
        <>
          <strong>
            The inventory file has {problems.length} problem{problems.length === 1 ? '' : 's'}; the last good inventory
            stays in use until it is fixed.
          </strong>
          <ul>
            {problems.slice(0, 8).map((problem, index) => (
              <li key={index}>
                <code>
                  {problem.file}
                  {problem.line !== null ? `:${problem.line}:${problem.column}` : ''}
                </code>{' '}
                {problem.line !== null && `line ${problem.line}, column ${problem.column}: `}
                {problem.message}
                {problem.path && <span className="muted"> ({problem.path})</span>}
              </li>
            ))}
          </ul>
        </>
      )}
      {error && <p>{error}</p>}
      <button type="button" onClick={() => void reload()}>
        Reload inventory
      </button>
    </div>
  )
}
