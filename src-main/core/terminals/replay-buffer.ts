/** The most recent output of a terminal, so a page that reloads gets its screen back. */
export class ReplayBuffer {
  private chunks: string[] = []
  private length = 0

  constructor(private readonly capacity = 256 * 1024) {}

  append(data: string): void {
    this.chunks.push(data)
    this.length += data.length
    while (this.length > this.capacity && this.chunks.length > 1) {
      this.length -= this.chunks.shift()!.length
    }
    if (this.length > this.capacity) {
      const only = this.chunks[0]!.slice(-this.capacity)
      this.chunks = [only]
      this.length = only.length
    }
  }

  text(): string {
    const joined = this.chunks.join('')
    this.chunks = [joined]
    return joined
  }
}
