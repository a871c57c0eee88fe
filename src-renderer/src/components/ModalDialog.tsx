import { useEffect, useRef, type KeyboardEvent, type ReactNode, type RefObject } from 'react'

interface ModalDialogProps {
  readonly labelledBy: string
  readonly describedBy?: string
  /** Escape: the dialog's safe way out (refuse, cancel). */
  readonly onEscape: () => void
  /** Where focus starts; the dialog itself when not given. */
  readonly initialFocus?: RefObject<HTMLElement | null>
  readonly className?: string
  readonly children: ReactNode
}

const focusable = 'button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), a[href], [tabindex]:not([tabindex="-1"])'

function tabStops(container: HTMLElement): HTMLElement[] {
  return [...container.querySelectorAll<HTMLElement>(focusable)].filter((element) => element.getClientRects().length > 0)
}

/** The dialog on top: the last one in the document, since later dialogs are drawn over earlier ones. */
function isTopmost(panel: HTMLElement): boolean {
  const panels = document.querySelectorAll('[data-modal-panel]')
  return panels[panels.length - 1] === panel
}

/**
 * A modal dialog that keeps the keyboard inside it: Tab cycles through its controls, focus that
 * wanders out is brought back, Escape calls `onEscape`, and focus returns where it was on close.
 */
export function ModalDialog({ labelledBy, describedBy, onEscape, initialFocus, className, children }: ModalDialogProps) {
  const panel = useRef<HTMLDivElement>(null)

  useEffect(() => {
    const element = panel.current
    if (!element) return
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null
    ;(initialFocus?.current ?? element).focus()
    const keepFocus = (event: FocusEvent) => {
      if (event.target instanceof Node && !element.contains(event.target) && isTopmost(element)) element.focus()
    }
    document.addEventListener('focusin', keepFocus)
    return () => {
      document.removeEventListener('focusin', keepFocus)
      if (previous?.isConnected) previous.focus()
    }
  }, [initialFocus])

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'Escape') {
      event.preventDefault()
      event.stopPropagation()
      onEscape()
      return
    }
    if (event.key !== 'Tab' || !panel.current) return
    const stops = tabStops(panel.current)
    const first = stops[0]
    const last = stops[stops.length - 1]
    if (!first || !last) {
      event.preventDefault()
      return
    }
    const active = document.activeElement
    if (event.shiftKey && (active === first || active === panel.current)) {
      event.preventDefault()
      last.focus()
    } else if (!event.shiftKey && active === last) {
      event.preventDefault()
      first.focus()
    }
  }

  return (
    <div className="modal-backdrop" onMouseDown={(event) => event.target === event.currentTarget && event.preventDefault()}>
      <div
        ref={panel}
        data-modal-panel=""
        role="dialog"
        aria-modal="true"
        aria-labelledby={labelledBy}
        aria-describedby={describedBy}
        tabIndex={-1}
        className={`modal ${className ?? ''}`}
        onKeyDown={onKeyDown}
      >
        {children}
      </div>
    </div>
  )
}
