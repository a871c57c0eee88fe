import type { SecretCipher } from '../core/secrets/secret-cipher'

type SafeStorage = Pick<Electron.SafeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString' | 'getSelectedStorageBackend'>
type LinuxBackend = ReturnType<SafeStorage['getSelectedStorageBackend']>

const linuxKeychains: Partial<Record<LinuxBackend, string>> = {
  gnome_libsecret: 'the Secret Service (GNOME Keyring or KeePassXC)',
  kwallet: 'KDE Wallet',
  kwallet5: 'KDE Wallet 5',
  kwallet6: 'KDE Wallet 6'
}

/**
 * Electron's safeStorage as the secret cipher. On Linux without a keyring Electron picks the
 * "basic_text" backend, which encrypts with a fixed, public key: that counts as unavailable.
 * Availability is asked each time because on Linux it is only known once the app is ready.
 */
export function createSafeStorageCipher(safeStorage: SafeStorage, platform: NodeJS.Platform): SecretCipher {
  const state = (): { available: boolean; description: string } => {
    if (!safeStorage.isEncryptionAvailable()) {
      return { available: false, description: 'the system keychain is not available' }
    }
    if (platform === 'win32') return { available: true, description: 'Windows DPAPI (your Windows account)' }
    if (platform === 'darwin') return { available: true, description: 'the macOS Keychain' }
    if (platform !== 'linux') return { available: true, description: 'the system keychain' }
    const backend = safeStorage.getSelectedStorageBackend()
    if (backend === 'basic_text') {
      return { available: false, description: "no desktop keyring (GNOME Keyring, KDE Wallet) was found, and Electron's fallback is as good as clear text" }
    }
    return { available: true, description: linuxKeychains[backend] ?? 'the desktop keyring' }
  }
  return {
    get available() {
      return state().available
    },
    get description() {
      return state().description
    },
    encrypt(plain) {
      const { available, description } = state()
      if (!available) throw new Error(`cannot encrypt secrets: ${description}`)
      return safeStorage.encryptString(plain)
    },
    decrypt: (data) => safeStorage.decryptString(data)
  }
}
