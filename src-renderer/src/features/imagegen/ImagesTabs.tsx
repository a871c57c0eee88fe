import { useRef, type KeyboardEvent } from 'react'
import { imagesTabs, stepImagesTab, type ImagesTab } from './images-tabs'

export const imagesTabId = (tab: ImagesTab) => `images-tab-${tab}`
export const imagesPanelId = 'images-panel'

/** Generate / Gallery: Tab reaches the open one, arrow keys, Home and End move between them. */
export function ImagesTabs({ value, onChange }: { readonly value: ImagesTab; readonly onChange: (tab: ImagesTab) => void }) {
  const list = useRef<HTMLDivElement>(null)

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const next = stepImagesTab(value, event.key)
    if (next === null) return
    event.preventDefault()
    onChange(next)
    list.current?.querySelector<HTMLElement>(`#${imagesTabId(next)}`)?.focus()
  }

  return (
    <div ref={list} role="tablist" aria-label="Images" className="playground-tabs" onKeyDown={onKeyDown}>
      {imagesTabs.map((tab) => (
        <button
          key={tab.id}
          id={imagesTabId(tab.id)}
          type="button"
          role="tab"
          aria-selected={tab.id === value}
          aria-controls={imagesPanelId}
          tabIndex={tab.id === value ? 0 : -1}
          onClick={() => onChange(tab.id)}
        >
          {tab.label}
        </button>
      ))}
    </div>
  )
}
