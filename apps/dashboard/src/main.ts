import { createPinia } from 'pinia'
import { createApp } from 'vue'
import App from './App.vue'
import { connectSession } from './api/http.ts'
import { createAppRouter } from './router/index.ts'
import { useSessionStore } from './stores/session.ts'
import './styles/global.css'

const app = createApp(App)
const pinia = createPinia()
app.use(pinia)

const session = useSessionStore(pinia)
connectSession({
  token: () => session.token,
  // A 401 on a signed-in call: the token expired or the account was disabled.
  onSessionRejected: () => session.expire(),
})

app.use(createAppRouter())
app.mount('#app')

// A stored session may have ended on the server (expired, account disabled)
// or the role may have changed: ask once at start. A 401 ends the session
// through the hook above; the sign-in page then says why.
if (session.signedIn) void session.refreshUser().catch(() => undefined)
