import { randomBytes } from 'node:crypto'
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { GalleryImage, GalleryQuery } from '../../../src-shared/imagegen'
import type { StoreDatabase } from '../store/database'

/**
 * Finished images: PNG files in the data dir's images folder, their settings in SQLite. A job's
 * files have names made from its id, so saving them again after a crash replaces them rather
 * than adding copies; the rows are added in the same transaction that marks the job done.
 */

export type NewImage = Omit<GalleryImage, 'id' | 'createdAt'>

/** ".job-12-1.png.a1b2c3d4.tmp", as writeFiles names a file until it is whole. */
const unfinishedWrite = /^\.job-\d+-\d+\.png\.[0-9a-f]{8}\.tmp$/

interface Row {
  id: number
  job_id: number
  worker_id: string
  worker_name: string
  prompt: string
  negative_prompt: string
  width: number
  height: number
  steps: number
  cfg: number
  seed: number
  model: string | null
  duration_ms: number | null
  created_at: number
  file_name: string
}

export class Gallery {
  constructor(
    private readonly db: StoreDatabase,
    readonly folder: string,
    private readonly now: () => number = Date.now
  ) {}

  /** Removes the temp files of writes a crash cut short: nothing else ever would. */
  async removeUnfinishedWrites(): Promise<void> {
    let names: string[]
    try {
      names = await readdir(this.folder)
    } catch {
      return
    }
    await Promise.all(names.filter((name) => unfinishedWrite.test(name)).map((name) => rm(join(this.folder, name), { force: true })))
  }

  /** Writes a job's PNGs (temp file, then rename) and returns their file names. */
  async writeFiles(jobId: number, images: readonly Buffer[]): Promise<string[]> {
    await mkdir(this.folder, { recursive: true })
    const names: string[] = []
    for (const [index, png] of images.entries()) {
      const name = `job-${jobId}-${index + 1}.png`
      const temp = join(this.folder, `.${name}.${randomBytes(4).toString('hex')}.tmp`)
      await writeFile(temp, png)
      await rename(temp, join(this.folder, name))
      names.push(name)
    }
    return names
  }

  /** Call inside the transaction that ends the job. */
  insert(image: NewImage): GalleryImage {
    const id = this.db
      .prepare(
        `INSERT INTO gallery_images (job_id, worker_id, worker_name, prompt, negative_prompt, width, height, steps, cfg, seed, model, duration_ms, created_at, file_name)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
      )
      .run(
        image.jobId,
        image.workerId,
        image.workerName,
        image.prompt,
        image.negativePrompt,
        image.width,
        image.height,
        image.steps,
        image.cfg,
        image.seed,
        image.model,
        image.durationMs,
        this.now(),
        image.fileName
      ).lastInsertRowid
    return this.get(Number(id))!
  }

  get(id: number): GalleryImage | undefined {
    const row = this.db.prepare<[number], Row>('SELECT * FROM gallery_images WHERE id = ?').get(id)
    return row && toImage(row)
  }

  idsOfJob(jobId: number): number[] {
    return this.db.prepare<[number], { id: number }>('SELECT id FROM gallery_images WHERE job_id = ? ORDER BY id').all(jobId).map((row) => row.id)
  }

  /** Newest first; every word of `text` must be in the prompt. */
  query(query: GalleryQuery): GalleryImage[] {
    const where: string[] = []
    const values: (string | number)[] = []
    for (const word of (query.text ?? '').split(/\s+/).filter(Boolean)) {
      where.push(`prompt LIKE ? ESCAPE '\\'`)
      values.push(`%${word.replace(/[\\%_]/g, (char) => `\\${char}`)}%`)
    }
    const conditions: [string, string | number | undefined][] = [
      ['worker_id = ?', query.workerId],
      ['model = ?', query.model],
      ['id < ?', query.before]
    ]
    for (const [condition, value] of conditions) {
      if (value === undefined) continue
      where.push(condition)
      values.push(value)
    }
    const sql = `SELECT * FROM gallery_images ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`
    return this.db
      .prepare<(string | number)[], Row>(sql)
      .all(...values, query.limit)
      .map(toImage)
  }

  /** The model the worker last reported, for a worker that names it only in its results. */
  lastModel(workerId: string): string | undefined {
    return this.db.prepare<[string], { model: string }>('SELECT model FROM gallery_images WHERE worker_id = ? AND model IS NOT NULL ORDER BY id DESC LIMIT 1').get(workerId)?.model
  }

  path(image: GalleryImage): string {
    return join(this.folder, image.fileName)
  }

  async dataUrl(id: number): Promise<string> {
    const image = this.found(id)
    try {
      return `data:image/png;base64,${(await readFile(this.path(image))).toString('base64')}`
    } catch {
      throw new Error(`the file of image ${id} (${image.fileName}) is missing from ${this.folder}`)
    }
  }

  async delete(id: number): Promise<void> {
    const image = this.found(id)
    this.db.prepare('DELETE FROM gallery_images WHERE id = ?').run(id)
    await rm(this.path(image), { force: true })
  }

  found(id: number): GalleryImage {
    const image = this.get(id)
    if (!image) throw new Error(`there is no image ${id} in the gallery`)
    return image
  }
}

function toImage(row: Row): GalleryImage {
  return {
    id: row.id,
    jobId: row.job_id,
    workerId: row.worker_id,
    workerName: row.worker_name,
    prompt: row.prompt,
    negativePrompt: row.negative_prompt,
    width: row.width,
    height: row.height,
    steps: row.steps,
    cfg: row.cfg,
    seed: row.seed,
    model: row.model,
    durationMs: row.duration_ms,
    createdAt: row.created_at,
    fileName: row.file_name
  }
}
