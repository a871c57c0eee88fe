import { create } from 'zustand'

/** A problem (the default), or news that something recovered. */
export type ToastTone = 'problem' | 'good'

interface Toast {
  readonly id: number
  readonly message: string
  readonly tone: ToastTone
}

interface ToastStore {
  readonly toasts: readonly Toast[]
  show(message: string, tone?: ToastTone): void
  dismiss(id: number): void
}

let nextId = 1
const visibleMs = 6000

/** Short messages for things that went wrong (or came back) away from where the user is looking. */
export const useToastStore = create<ToastStore>()((set, get) => ({
  toasts: [],
  show(message, tone = 'problem') {
    const id = nextId++
    set({ toasts: [...get().toasts, { id, message, tone }].slice(-4) })
    setTimeout(() => get().dismiss(id), visibleMs)
  },
  dismiss: (id) => set({ toasts: get().toasts.filter((toast) => toast.id !== id) })
}))
