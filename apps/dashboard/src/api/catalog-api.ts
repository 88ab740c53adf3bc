import { api } from './typed-client.ts'
import type { Catalog } from './types.ts'

export const catalogApi = {
  load: (): Promise<Catalog> => api.get('/api/v1/event-types'),
}
