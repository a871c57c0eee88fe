import { sectionTabs } from '../../app/section-tabs'

export const imagesTabs = sectionTabs('images', 'Images', [
  { id: 'generate', label: 'Generate' },
  { id: 'gallery', label: 'Gallery' }
])

export type ImagesTab = ReturnType<typeof imagesTabs.parse>
