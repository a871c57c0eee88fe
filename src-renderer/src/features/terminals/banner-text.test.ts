import { describe, expect, it } from 'vitest'
import { bannerText, reopenLabel } from './banner-text'

describe('bannerText', () => {
  it('says a dropped connection is being reconnected, without repeating the core', () => {
    expect(bannerText('reconnecting', 'Lab Pi', 'Connection lost: read ECONNRESET')).toBe(
      'Connection to Lab Pi lost: read ECONNRESET. Reconnecting…'
    )
    expect(bannerText('reconnecting', 'Lab Pi', 'Reconnecting: connect ETIMEDOUT 10.0.0.2:22')).toBe(
      'Connection to Lab Pi lost: connect ETIMEDOUT 10.0.0.2:22. Reconnecting…'
    )
    expect(bannerText('reconnecting', 'Lab Pi', null)).toBe('Connection to Lab Pi lost. Reconnecting…')
  })

  it('ends sentences once', () => {
    expect(bannerText('exited', 'Lab Pi', 'the shell exited with code 0')).toBe('Session ended: the shell exited with code 0.')
    expect(bannerText('exited', 'Lab Pi', 'closed.')).toBe('Session ended: closed.')
    expect(bannerText('exited', 'Lab Pi', null)).toBe('Session ended.')
  })

  it('explains connecting and failing', () => {
    expect(bannerText('connecting', 'Lab Pi', null)).toBe('Connecting to Lab Pi…')
    expect(bannerText('connecting', 'Lab Pi', 'waiting for the host key to be trusted')).toBe(
      'Connecting to Lab Pi: waiting for the host key to be trusted.'
    )
    expect(bannerText('failed', 'Broken', 'connection refused')).toBe('Could not open a terminal on Broken: connection refused.')
  })
})

describe('reopenLabel', () => {
  it('offers a new shell on an ended tab, but not for a node that left the inventory', () => {
    expect(reopenLabel('exited', true)).toBe('Reopen')
    expect(reopenLabel('failed', true)).toBe('Try again')
    expect(reopenLabel('exited', false)).toBeNull()
    expect(reopenLabel('connecting', true)).toBeNull()
  })
})
