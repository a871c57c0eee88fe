import { create } from 'zustand'

interface Toast {
  readonly id: number
  readonly message: string
}

interface ToastStore {
  readonly toasts: readonly Toast[]
  show(message: string): void
  dismiss(id: number): void
}

let nextId = 1
const visibleMs = 6000

/** Short messages for things that went wrong away from where the user is looking. */
export const useToastStore = create<ToastStore>()((set, get) => ({
  toasts: [],
  show(message) {
    const id = nextId++
    set({ toasts: [...get().toasts, { id, message }].slice(-4) })
    setTimeout(() => get().dismiss(id), visibleMs)
  },
  dismiss: (id) => set({ toasts: get().toasts.filter((toast) => toast.id !== id) })
}))
