import type { ZodError } from 'zod'

/**
 * Why what the user typed breaks the contract, in their words: the fields they type are named by
 * `labels` ("The message"), so the core's invalid-input report never reaches them.
 */
export function inputProblem(error: ZodError, labels: Readonly<Record<string, string>>): string {
  const issue = error.issues[0]
  if (!issue) return 'Something in it is not accepted.'
  const label = labels[String(issue.path[0])]
  if (label === undefined) return `${issue.message}.`
  if (issue.code === 'too_big' && issue.origin === 'string') return `${label} is too long: at most ${Number(issue.maximum).toLocaleString('en-US')} characters.`
  if (issue.code === 'too_small' && issue.origin === 'string') return `${label} is empty.`
  return `${label}: ${issue.message}.`
}
