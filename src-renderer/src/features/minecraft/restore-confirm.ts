/** The restore dialog's button waits until the archive's name is typed exactly (spaces around it aside). */
export function restoreConfirmed(typed: string, file: string): boolean {
  return file !== '' && typed.trim() === file
}
