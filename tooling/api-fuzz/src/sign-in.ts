import { randomBytes } from 'node:crypto'

interface Credentials {
  email: string
  password: string
}

/** Signs in as the seeded Administrator, creates a Manager and returns the Manager's token. */
export async function signInAsNewManager(baseUrl: string, admin: Credentials): Promise<string> {
  const adminToken = await login(baseUrl, admin)
  const manager = { email: `manager-${randomBytes(3).toString('hex')}@hookline.test`, password: randomBytes(12).toString('base64url') }
  const created = await fetch(`${baseUrl}/api/v1/users`, {
    method: 'POST',
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ ...manager, name: 'Fuzz Manager', role: 'Manager' }),
  })
  if (created.status !== 201) throw new Error(`creating the Manager answered ${created.status}: ${await created.text()}`)
  return login(baseUrl, manager)
}

async function login(baseUrl: string, credentials: Credentials): Promise<string> {
  const response = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(credentials),
  })
  if (!response.ok) throw new Error(`login as ${credentials.email} answered ${response.status}: ${await response.text()}`)
  const { token } = (await response.json()) as { token: string }
  return token
}
