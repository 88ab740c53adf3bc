import { useFeedback } from '../adapter/feedback.ts'
import { logsApi } from '../api/logs-api.ts'
import type { WebhookApp } from '../api/types.ts'
import { useAppsStore } from '../stores/apps.ts'
import { useReactivation } from './use-reactivation.ts'

/**
 * Turning an app on from a page: the reactivation steps over the API, with
 * a toast instead of a dialog when nothing was skipped while it was off.
 */
export function useAppReactivation() {
  const apps = useAppsStore()
  const feedback = useFeedback()
  const reactivation = useReactivation({
    testConnection: (input) => apps.testConnection(input),
    turnOn: (appId) => apps.setActive(appId, true),
    countSkipped: (appId, since) =>
      logsApi.count({ appId, status: 'skipped', changedFrom: since }),
    redeliverSkipped: (appId, since) =>
      logsApi.redeliverMatching({ appId, status: 'skipped', changedFrom: since }),
  })

  function settle(): void {
    if (reactivation.stage.value !== 'nothing-skipped') return
    feedback.success(`${reactivation.app.value?.name ?? 'The application'} is on`)
    reactivation.reset()
  }

  /** Test, turn on, then offer the skipped deliveries; the app once it is on. */
  async function turnOn(app: WebhookApp): Promise<WebhookApp | undefined> {
    const on = await reactivation.turnOn(app)
    settle()
    return on
  }

  /** After a save turned the app on: offer what was skipped since `offSince`. */
  async function offerFor(app: WebhookApp, offSince: string | undefined): Promise<void> {
    await reactivation.offerFor(app, offSince)
    settle()
  }

  return { reactivation, turnOn, offerFor }
}
