import type { HealthTransition } from '../../../src-shared/health'

export type Notify = (title: string, body: string) => void

/**
 * Turns status changes into desktop notifications, gathered for a moment so that a switch
 * failing (ten nodes down at once) is one notification and not ten.
 */
export class TransitionNotifier {
  private pending: HealthTransition[] = []
  private timer: NodeJS.Timeout | undefined

  constructor(
    private readonly notify: Notify,
    private readonly gatherMs = 1500
  ) {}

  add(transition: HealthTransition): void {
    this.pending.push(transition)
    this.timer ??= setTimeout(() => this.flush(), this.gatherMs)
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = undefined
    this.pending = []
  }

  private flush(): void {
    this.timer = undefined
    const latest = new Map(this.pending.map((transition) => [transition.target, transition]))
    this.pending = []
    const transitions = [...latest.values()]
    if (transitions.length === 1) {
      const [only] = transitions as [HealthTransition]
      this.notify(`${only.name} is ${only.to}`, only.reason ?? `was ${only.from}`)
      return
    }
    const worse = transitions.filter((transition) => transition.to !== 'up')
    const title = worse.length === 0 ? `${transitions.length} targets are up again` : `${worse.length} of ${transitions.length} changes are problems`
    this.notify(title, transitions.map((transition) => `${transition.name}: ${transition.to}`).join('\n'))
  }
}
