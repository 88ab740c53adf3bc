import { ref, type Ref } from 'vue'
import { appsApi } from '../api/apps-api.ts'
import type { WebhookApp } from '../api/types.ts'

/** As many as one page of the API holds: a select longer than this is not browsable anyway. */
const choiceLimit = 100

export interface AppChoices {
  apps: Ref<WebhookApp[]>
  /** Loads the newest apps, plus `selectedAppId` when it is older than those. */
  load(selectedAppId?: string): Promise<void>
}

/**
 * The applications a filter offers: one request for the newest 100 (two when
 * the address names an older one), whatever the number of apps — unlike the
 * applications list, which also reads each app's last delivery.
 */
export function useAppChoices(): AppChoices {
  const apps = ref<WebhookApp[]>([])
  return {
    apps,
    async load(selectedAppId) {
      const page = await appsApi.list({ limit: choiceLimit })
      const choices = page.items
      if (selectedAppId && !choices.some((app) => app.appId === selectedAppId)) {
        const selected = await appsApi.get(selectedAppId).catch(() => undefined)
        if (selected) choices.push(selected)
      }
      apps.value = choices
    },
  }
}
