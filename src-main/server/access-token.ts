import { randomBytes, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import { tokenParam } from '../../src-shared/contract'

export function createToken(): string {
  return randomBytes(24).toString('base64url')
}

/** Cookies are shared by every port of a host, so the name carries the port. */
export function cookieName(port: number): string {
  return `homelab_console_${port}`
}

export function sessionCookie(port: number, token: string): string {
  return `${cookieName(port)}=${token}; HttpOnly; SameSite=Strict; Path=/`
}

/** The token a request presents, in its query string or in the session cookie. */
export function presentedToken(request: IncomingMessage, port: number): string | undefined {
  const url = new URL(request.url ?? '/', 'http://localhost')
  const fromQuery = url.searchParams.get(tokenParam)
  if (fromQuery) return fromQuery
  const prefix = `${cookieName(port)}=`
  return request.headers.cookie
    ?.split(';')
    .map((part) => part.trim())
    .find((part) => part.startsWith(prefix))
    ?.slice(prefix.length)
}

export function tokenMatches(expected: string, presented: string | undefined): boolean {
  if (presented === undefined) return false
  const a = Buffer.from(expected)
  const b = Buffer.from(presented)
  return a.length === b.length && timingSafeEqual(a, b)
}
