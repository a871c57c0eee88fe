import { describe, expect, it } from 'vitest'
import type { SshConnectionState } from '../../../../src-shared/ssh'
import {
  applyState,
  chosenAliases,
  confirmsFingerprint,
  displayHostPort,
  fingerprintSuffix,
  hostKeyCheckCommand,
  keyTypeLabel,
  mergeStates,
  nextPrompt,
  phasesByNode,
  promptKey,
  questionKey,
  splitKnownHostsLocation
} from './ssh-model'

const fingerprint = 'SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s'
const key = { algorithm: 'ssh-ed25519', fingerprint }

function state(nodeId: string, phase: SshConnectionState['phase'], since: number, extra: Partial<SshConnectionState> = {}): SshConnectionState {
  const asksKey = phase === 'host-key-unknown' || phase === 'host-key-changed'
  return {
    nodeId,
    phase,
    message: '',
    since,
    via: [],
    hostKeyHost: asksKey ? `${nodeId}:22` : null,
    presentedKey: asksKey ? key : null,
    knownKeys: [],
    auth: phase === 'auth-needed' ? { kind: 'password', keyPath: null, retry: false } : null,
    retryAt: null,
    ...extra
  }
}

describe('nextPrompt', () => {
  it('is null when no node waits on the user', () => {
    expect(nextPrompt([state('a', 'ready', 1), state('b', 'connecting', 2), state('c', 'disconnected', 3)], new Set())).toBeNull()
  })

  it('shows the oldest question first, one at a time, whatever its kind', () => {
    const states = [state('late', 'host-key-unknown', 30), state('first', 'auth-needed', 10), state('mid', 'host-key-changed', 20)]
    expect(nextPrompt(states, new Set())?.nodeId).toBe('first')
  })

  it('breaks a tie of time by node id, so the choice does not flicker', () => {
    expect(nextPrompt([state('b', 'auth-needed', 5), state('a', 'host-key-unknown', 5)], new Set())?.nodeId).toBe('a')
  })

  it('moves on to the next node once one is dismissed', () => {
    const first = state('a', 'host-key-unknown', 1)
    const states = [first, state('b', 'host-key-unknown', 2)]
    expect(nextPrompt(states, new Set([questionKey(first)]))?.nodeId).toBe('b')
  })

  it('does not ask again when a background retry asks the same question, but does for another key', () => {
    const refused = state('a', 'host-key-unknown', 1)
    expect(nextPrompt([state('a', 'host-key-unknown', 9)], new Set([questionKey(refused)]))).toBeNull()
    const otherKey = state('a', 'host-key-unknown', 9, { presentedKey: { algorithm: 'ssh-rsa', fingerprint: 'SHA256:0ther0ther0ther0ther0ther0ther0ther0ther0th' } })
    expect(nextPrompt([otherKey], new Set([questionKey(refused)]))?.since).toBe(9)
    expect(promptKey(otherKey)).not.toBe(promptKey(refused))
  })

  it('skips questions it cannot show: a host key prompt without a key, a login without a prompt', () => {
    const states = [state('a', 'host-key-unknown', 1, { presentedKey: null }), state('b', 'auth-needed', 2, { auth: null })]
    expect(nextPrompt(states, new Set())).toBeNull()
  })
})

describe('applyState and mergeStates', () => {
  it('keeps a newer state over an older reply', () => {
    const newer = state('a', 'ready', 20)
    const states = applyState({ a: newer }, state('a', 'connecting', 10))
    expect(states.a).toBe(newer)
  })

  it('takes a state of the same or later time', () => {
    expect(applyState({ a: state('a', 'connecting', 10) }, state('a', 'ready', 10)).a?.phase).toBe('ready')
    expect(applyState({}, state('b', 'idle', 0)).b?.phase).toBe('idle')
  })

  it('replaces the held states with the listed ones, keeping events newer than the list', () => {
    const merged = mergeStates({ a: state('a', 'ready', 50), gone: state('gone', 'ready', 1) }, [state('a', 'connecting', 40), state('b', 'idle', 1)])
    expect(Object.keys(merged).sort()).toEqual(['a', 'b'])
    expect(merged.a?.phase).toBe('ready')
  })

  it('reduces states to phases for the map', () => {
    expect(phasesByNode({ a: state('a', 'ready', 1), b: state('b', 'auth-needed', 1) })).toEqual({ a: 'ready', b: 'auth-needed' })
  })
})

describe('replacing a changed key', () => {
  it('takes the last six characters of the fingerprint', () => {
    expect(fingerprintSuffix(fingerprint)).toBe('j3tD2s')
  })

  it('confirms only the exact suffix, case and all, ignoring surrounding spaces', () => {
    expect(confirmsFingerprint('j3tD2s', fingerprint)).toBe(true)
    expect(confirmsFingerprint('  j3tD2s ', fingerprint)).toBe(true)
    expect(confirmsFingerprint('J3TD2S', fingerprint)).toBe(false)
    expect(confirmsFingerprint('3tD2s', fingerprint)).toBe(false)
    expect(confirmsFingerprint('vj3tD2s', fingerprint)).toBe(false)
    expect(confirmsFingerprint('', fingerprint)).toBe(false)
  })

  it('never confirms a fingerprint too short to mean anything', () => {
    expect(confirmsFingerprint('abcdef', 'abcdef')).toBe(false)
  })
})

describe('host key texts', () => {
  it('names the /etc/ssh file of the key type', () => {
    expect(hostKeyCheckCommand('ssh-ed25519')).toBe('ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub')
    expect(hostKeyCheckCommand('ecdsa-sha2-nistp256')).toBe('ssh-keygen -lf /etc/ssh/ssh_host_ecdsa_key.pub')
    expect(hostKeyCheckCommand('rsa-sha2-512')).toBe('ssh-keygen -lf /etc/ssh/ssh_host_rsa_key.pub')
    expect(hostKeyCheckCommand('ssh-rsa')).toBe('ssh-keygen -lf /etc/ssh/ssh_host_rsa_key.pub')
    expect(hostKeyCheckCommand('x-unknown')).toContain('/etc/ssh/ssh_host_*_key.pub')
  })

  it('labels the key type as ssh-keygen prints it', () => {
    expect(keyTypeLabel('ssh-ed25519')).toBe('ED25519')
    expect(keyTypeLabel('ecdsa-sha2-nistp384')).toBe('ECDSA')
    expect(keyTypeLabel('x-unknown')).toBe('x-unknown')
  })

  it('shows host:port from the known_hosts form or the node', () => {
    expect(displayHostPort('[127.0.1.12]:2222', 'x', 22)).toBe('127.0.1.12:2222')
    expect(displayHostPort('[::1]:2222', 'x', 22)).toBe('[::1]:2222')
    expect(displayHostPort('pi.lan', 'x', 22)).toBe('pi.lan:22')
    expect(displayHostPort('pi.lan:2200', 'x', 22)).toBe('pi.lan:2200')
    expect(displayHostPort(null, '10.0.0.2', 2022)).toBe('10.0.0.2:2022')
    expect(displayHostPort(null, 'fe80::1', 22)).toBe('[fe80::1]:22')
  })

  it('finds the known_hosts file and line in a message', () => {
    expect(splitKnownHostsLocation('The host key of [h]:22 differs from the one in /home/me/.ssh/known_hosts:12; refused')).toEqual([
      'The host key of [h]:22 differs from the one in ',
      '/home/me/.ssh/known_hosts:12',
      '; refused'
    ])
    expect(splitKnownHostsLocation('see C:\\Users\\me\\.ssh\\known_hosts line 3')?.[1]).toBe('C:\\Users\\me\\.ssh\\known_hosts:3')
    expect(splitKnownHostsLocation('nothing here')).toBeNull()
  })
})

describe('chosenAliases', () => {
  it('imports every new host except those unticked, never one already there', () => {
    const candidates = [
      { alias: 'pi', exists: false },
      { alias: 'nas', exists: true },
      { alias: 'gpu', exists: false }
    ]
    expect(chosenAliases(candidates, new Set())).toEqual(['pi', 'gpu'])
    expect(chosenAliases(candidates, new Set(['gpu']))).toEqual(['pi'])
    expect(chosenAliases(candidates, new Set(['nas']))).toEqual(['pi', 'gpu'])
  })
})
