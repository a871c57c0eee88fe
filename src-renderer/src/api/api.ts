import type { Client } from './client'

let current: Client | undefined

/** The app's one client, set once at start-up (and by tests). */
export function setApi(client: Client): void {
  current = client
}

export function api(): Client {
  if (!current) throw new Error('the API client is used before start-up set it')
  return current
}
