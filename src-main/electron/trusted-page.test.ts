import type { WebFrameMain } from 'electron'
import { describe, expect, it } from 'vitest'
import { createTrustedFrameCheck } from './trusted-page'

/** The two fields the check reads; a real WebFrameMain only exists inside Electron. */
function frame(url: string, parent: object | null = null): WebFrameMain {
  return { url, parent } as unknown as WebFrameMain
}

const builtPage = 'file:///opt/Homelab%20Console/resources/app/out/renderer/index.html'
const devPage = 'http://localhost:5173/'

describe('createTrustedFrameCheck', () => {
  it('trusts the top frame showing the built page', () => {
    expect(createTrustedFrameCheck(builtPage)(frame(builtPage))).toBe(true)
  })

  it('trusts the top frame showing the dev server page, whatever its query or hash', () => {
    const isTrusted = createTrustedFrameCheck(devPage)
    expect(isTrusted(frame(devPage))).toBe(true)
    expect(isTrusted(frame('http://localhost:5173/?token=x#/topology'))).toBe(true)
  })

  it('refuses a missing frame', () => {
    expect(createTrustedFrameCheck(devPage)(null)).toBe(false)
  })

  it('refuses a subframe even at the page URL', () => {
    expect(createTrustedFrameCheck(devPage)(frame(devPage, frame(devPage)))).toBe(false)
    expect(createTrustedFrameCheck(builtPage)(frame(builtPage, frame(builtPage)))).toBe(false)
  })

  it('refuses another host, port or scheme', () => {
    const isTrusted = createTrustedFrameCheck(devPage)
    for (const url of ['http://evil.example:5173/', 'http://localhost:5174/', 'https://localhost:5173/', 'http://127.0.0.1:5173/', 'file:///']) {
      expect(isTrusted(frame(url)), url).toBe(false)
    }
  })

  it('refuses another path on the same origin', () => {
    expect(createTrustedFrameCheck(devPage)(frame('http://localhost:5173/other.html'))).toBe(false)
    const isTrusted = createTrustedFrameCheck(builtPage)
    expect(isTrusted(frame('file:///opt/Homelab%20Console/resources/app/out/renderer/other.html'))).toBe(false)
    expect(isTrusted(frame('file:///tmp/index.html'))).toBe(false)
  })

  it('refuses a URL that does not parse', () => {
    const isTrusted = createTrustedFrameCheck(devPage)
    for (const url of ['', 'not a url', 'http://', '//localhost:5173/']) expect(isTrusted(frame(url)), url).toBe(false)
  })
})
