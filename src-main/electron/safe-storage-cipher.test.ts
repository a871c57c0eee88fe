import { describe, expect, it } from 'vitest'
import { createSafeStorageCipher } from './safe-storage-cipher'

type Backend = ReturnType<Electron.SafeStorage['getSelectedStorageBackend']>

/** Shaped like Electron's safeStorage; "encrypts" by reversing, which is enough to see the calls. */
function fakeSafeStorage(options: { available: boolean; backend?: Backend }) {
  return {
    isEncryptionAvailable: () => options.available,
    getSelectedStorageBackend: (): Backend => options.backend ?? 'unknown',
    encryptString: (plain: string) => Buffer.from(plain).reverse(),
    decryptString: (data: Buffer) => Buffer.from(data).reverse().toString()
  }
}

describe('createSafeStorageCipher', () => {
  it('uses the keychain of each platform', () => {
    const windows = createSafeStorageCipher(fakeSafeStorage({ available: true }), 'win32')
    expect(windows.available).toBe(true)
    expect(windows.description).toMatch(/DPAPI/)
    expect(windows.decrypt(windows.encrypt('secret'))).toBe('secret')
    expect(createSafeStorageCipher(fakeSafeStorage({ available: true }), 'darwin').description).toMatch(/macOS Keychain/)
    const gnome = createSafeStorageCipher(fakeSafeStorage({ available: true, backend: 'gnome_libsecret' }), 'linux')
    expect(gnome.available).toBe(true)
    expect(gnome.description).toMatch(/Secret Service/)
    expect(createSafeStorageCipher(fakeSafeStorage({ available: true, backend: 'kwallet6' }), 'linux').description).toMatch(/KDE Wallet/)
  })

  it('counts the basic_text backend of Linux as unavailable and refuses to encrypt with it', () => {
    const cipher = createSafeStorageCipher(fakeSafeStorage({ available: true, backend: 'basic_text' }), 'linux')
    expect(cipher.available).toBe(false)
    expect(cipher.description).toMatch(/no desktop keyring/)
    expect(() => cipher.encrypt('secret')).toThrow(/cannot encrypt secrets: no desktop keyring/)
  })

  it('is unavailable when encryption is, and follows it when it becomes available', () => {
    let ready = false
    const storage = { ...fakeSafeStorage({ available: false }), isEncryptionAvailable: () => ready }
    const cipher = createSafeStorageCipher(storage, 'linux')
    expect(cipher.available).toBe(false)
    expect(cipher.description).toBe('the system keychain is not available')
    ready = true
    expect(cipher.available).toBe(true)
  })
})
