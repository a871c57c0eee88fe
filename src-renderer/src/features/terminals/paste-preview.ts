export interface PastePreview {
  readonly lineCount: number
  /** The first lines, each cut to a readable length. */
  readonly firstLines: readonly string[]
  readonly moreLines: number
}

const lineBreak = /\r\n|\r|\n/

/**
 * A paste needs the user's yes when it holds more than one line: each line break runs a
 * command. One line with a single trailing line break is still one command, as typed.
 */
export function needsPasteConfirm(text: string): boolean {
  return lineBreak.test(text.replace(/(\r\n|\r|\n)$/, ''))
}

export function pastePreview(text: string, shown = 5, width = 160): PastePreview {
  const lines = text.split(lineBreak)
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop()
  const firstLines = lines.slice(0, shown).map((line) => (line.length > width ? `${line.slice(0, width)}…` : line))
  return { lineCount: lines.length, firstLines, moreLines: Math.max(0, lines.length - shown) }
}
