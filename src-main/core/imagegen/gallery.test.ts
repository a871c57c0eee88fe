import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openDatabase, type StoreDatabase } from '../store/database'
import { Gallery } from './gallery'

let dir: string
let db: StoreDatabase

afterEach(async () => {
  db.close()
  await rm(dir, { recursive: true, force: true })
})

describe('Gallery.removeUnfinishedWrites', () => {
  it('removes the temp files a crash left mid-write, and only those', async () => {
    dir = await mkdtemp(join(tmpdir(), 'homelab-gallery-'))
    db = openDatabase(dir)
    const folder = join(dir, 'images')
    await mkdir(folder)
    for (const name of ['.job-3-1.png.deadbeef.tmp', '.job-12-2.png.0a1b2c3d.tmp', 'job-3-1.png', 'notes.tmp', '.hidden.tmp']) await writeFile(join(folder, name), 'x')
    const gallery = new Gallery(db, folder)
    const [written] = await gallery.writeFiles(4, [Buffer.from('png')])
    await gallery.removeUnfinishedWrites()
    expect((await readdir(folder)).sort()).toEqual(['.hidden.tmp', written, 'job-3-1.png', 'notes.tmp'].sort())
  })

  it('does nothing before the first image made the folder', async () => {
    dir = await mkdtemp(join(tmpdir(), 'homelab-gallery-'))
    db = openDatabase(dir)
    await new Gallery(db, join(dir, 'images')).removeUnfinishedWrites()
    expect(await readdir(dir)).not.toContain('images')
  })
})
