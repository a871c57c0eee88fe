import type { NodeStatus } from '../../../src-shared/health'

/** Colour and word together: the status must read without colour vision. */
export function StatusBadge({ status }: { readonly status: NodeStatus }) {
  return (
    <span className={`status-badge status-${status}`}>
      <span className="status-dot" aria-hidden="true" />
      {status}
    </span>
  )
}
