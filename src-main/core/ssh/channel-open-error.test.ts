import { describe, expect, it } from 'vitest'
import { channelOpenError } from './channels'

describe('channelOpenError', () => {
  it('words the error ssh2 gives every channel request of a connection that closed, and passes others on', () => {
    expect(channelOpenError(new Error('No response from server')).message).toBe('the SSH connection closed before the server answered')
    const refused = new Error('(SSH) Channel open failure: administratively prohibited')
    expect(channelOpenError(refused)).toBe(refused)
  })
})
