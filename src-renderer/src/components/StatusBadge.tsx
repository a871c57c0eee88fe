import type { NodeStatus } from '../../../src-shared/health'

/** Colour and word together: the status must read without colour vision. */
export function StatusBadge({ status, title }: { readonly status: NodeStatus; readonly title?: string }) {
  return (
    <span className={`status-badge status-${status}`} title={title}>
      <span className="status-dot" aria-hidden="true" />
      {status}
    </span>
  )
}
