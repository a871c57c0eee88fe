import { useToastStore } from '../app/toast-store'

export function Toasts() {
  const toasts = useToastStore((store) => store.toasts)
  const dismiss = useToastStore((store) => store.dismiss)
  return (
    <div className="toasts" role="status" aria-live="polite">
      {toasts.map((toast) => (
        <div key={toast.id} className={`toast is-${toast.tone}`}>
          <span>{toast.message}</span>
          <button type="button" className="icon-button" aria-label="Dismiss" onClick={() => dismiss(toast.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  )
}
