/**
 * Encrypts the secrets the user asks the console to remember. An implementation that cannot
 * protect them says so with `available: false` instead of storing them in clear.
 */
export interface SecretCipher {
  readonly available: boolean
  /** Where the protection comes from (which keychain), or why there is none. */
  readonly description: string
  encrypt(plain: string): Buffer
  /** Throws when the data was not encrypted by this cipher with this key. */
  decrypt(data: Buffer): string
}
