import assert from 'node:assert/strict'
import {
  type DeliverOptions,
  DispatcherError,
  type FetchFunction,
  addressPolicyFromEnv,
  createAddressPolicy,
  deliver,
  parseAllowlist,
} from '../../src/index.ts'
import { deliveryRequest, startReceiver } from './fixtures.ts'
import { defineCases } from './harness.ts'

const strictHttp = createAddressPolicy({ allowHttp: true })

/** Stands in for the network where tests may not go (10.0.0.1, 169.254.169.254): records the URL, answers 200. */
function recordingFetch(): FetchFunction & { urls: string[] } {
  const urls: string[] = []
  const fetchStub = async (input: string | URL | Request) => {
    urls.push(String(input instanceof Request ? input.url : input))
    return new Response('stubbed')
  }
  return Object.assign(fetchStub, { urls })
}

export const addressPolicyCases = defineCases('address policy', {
  'the default policy refuses non-public ranges and allows public ones': async () => {
    const policy = createAddressPolicy()
    const refused: [string, string][] = [
      ['127.0.0.1', 'loopback'],
      ['::1', 'loopback'],
      ['10.0.0.1', 'private'],
      ['172.16.5.4', 'private'],
      ['192.168.1.10', 'private'],
      ['169.254.169.254', 'linkLocal'],
      ['fe80::1', 'linkLocal'],
      ['fd12:3456::1', 'uniqueLocal'],
      ['224.0.0.251', 'multicast'],
      ['ff02::1', 'multicast'],
      ['0.0.0.0', 'unspecified'],
      ['::', 'unspecified'],
      ['100.64.0.1', 'carrierGradeNat'],
      ['::ffff:127.0.0.1', 'loopback'],
      ['64:ff9b::a00:1', 'private'],
      ['2002:a9fe:a9fe::1', 'linkLocal'],
    ]
    for (const [address, range] of refused) {
      assert.deepEqual(policy.checkAddress(address), { allowed: false, address, range }, address)
    }
    for (const address of ['93.184.216.34', '2606:4700:4700::1111', '::ffff:8.8.8.8']) {
      assert.equal(policy.checkAddress(address).allowed, true, address)
    }
    assert.equal(policy.checkAddress('not-an-ip').allowed, false)
  },
  'an allowlist permits exactly its CIDRs': async () => {
    const policy = createAddressPolicy({
      allow: parseAllowlist('127.0.0.0/8, 10.1.0.0/16 ,169.254.169.254'),
    })
    assert.deepEqual(policy.allow, ['127.0.0.0/8', '10.1.0.0/16', '169.254.169.254/32'])
    assert.equal(policy.checkAddress('127.0.0.1').allowedBy, '127.0.0.0/8')
    assert.equal(policy.checkAddress('::ffff:127.0.0.1').allowed, true)
    assert.equal(policy.checkAddress('10.1.2.3').allowed, true)
    assert.equal(policy.checkAddress('10.2.0.1').allowed, false)
    assert.equal(policy.checkAddress('169.254.169.254').allowed, true)
    assert.equal(policy.checkAddress('::1').allowed, false)
  },
  'parseAllowlist and addressPolicyFromEnv read the environment': async () => {
    assert.deepEqual(parseAllowlist(undefined), [])
    assert.deepEqual(parseAllowlist(' , '), [])
    assert.deepEqual(parseAllowlist('::1/128,fc00::/7'), ['::1/128', 'fc00::/7'])
    assert.throws(
      () => parseAllowlist('127.0.0.0/8,localhost'),
      (error) => error instanceof DispatcherError && error.code === 'invalid-allowlist',
    )
    assert.throws(() => parseAllowlist('10.0.0.0/33'), DispatcherError)
    const env: Record<string, string> = {
      HOOKLINE_ENDPOINT_ALLOWLIST: '127.0.0.0/8',
      HOOKLINE_ALLOW_HTTP: 'true',
    }
    const policy = addressPolicyFromEnv((name) => env[name])
    assert.equal(policy.allowHttp, true)
    assert.deepEqual(policy.allow, ['127.0.0.0/8'])
    assert.equal(addressPolicyFromEnv(() => undefined).allowHttp, false)
  },
  '127.0.0.1 is refused without the allowlist (nothing is sent) and reached with it': async (
    harness,
  ) => {
    const receiver = await startReceiver(harness)
    try {
      const refused = await deliver(deliveryRequest(receiver.url), { addressPolicy: strictHttp })
      assert.equal(refused.kind, 'non-transient')
      assert.equal(refused.errorCode, 'address-refused')
      assert.match(
        refused.reason,
        /^Refused by the address policy: 127\.0\.0\.1, a loopback address\./,
      )
      assert.equal(receiver.received.length, 0)
      const allowed = await deliver(deliveryRequest(receiver.url), {
        addressPolicy: createAddressPolicy({ allow: ['127.0.0.1/32'], allowHttp: true }),
      })
      assert.equal(allowed.kind, 'success')
      assert.equal(receiver.received.length, 1)
    } finally {
      await receiver.close()
    }
  },
  '::1 is refused without the allowlist and reached with it': async (harness) => {
    const receiver = await startReceiver(harness, undefined, { hostname: '::1' })
    try {
      assert.match(receiver.url, /^http:\/\/\[::1\]:\d+\//)
      const refused = await deliver(deliveryRequest(receiver.url), { addressPolicy: strictHttp })
      assert.equal(refused.errorCode, 'address-refused')
      assert.match(refused.reason, /::1, a loopback address/)
      const allowed = await deliver(deliveryRequest(receiver.url), {
        addressPolicy: createAddressPolicy({ allow: ['::1/128'], allowHttp: true }),
      })
      assert.equal(allowed.kind, 'success')
      assert.equal(receiver.received.length, 1)
    } finally {
      await receiver.close()
    }
  },
  '10.0.0.1 and 169.254.169.254 are refused without the allowlist and attempted with it':
    async () => {
      for (const [host, range, cidr] of [
        ['10.0.0.1', 'private', '10.0.0.0/8'],
        ['169.254.169.254', 'link-local', '169.254.169.254/32'],
      ] as const) {
        const network = recordingFetch()
        const url = `https://${host}/latest/meta-data/`
        const refused = await deliver(deliveryRequest(url), { fetch: network })
        assert.equal(refused.kind, 'non-transient')
        assert.equal(refused.errorCode, 'address-refused')
        assert.match(
          refused.reason,
          new RegExp(`${host.replaceAll('.', '\\.')}, a ${range} address`),
        )
        assert.deepEqual(network.urls, [])
        const allowed = await deliver(deliveryRequest(url), {
          fetch: network,
          addressPolicy: createAddressPolicy({ allow: [cidr] }),
        })
        assert.equal(allowed.kind, 'success')
        assert.deepEqual(network.urls, [url])
      }
    },
  'a host name resolving to loopback is refused without the allowlist and reached with it': async (
    harness,
  ) => {
    const receiver = await startReceiver(harness)
    try {
      const url = receiver.url.replace('127.0.0.1', 'localhost')
      const options: DeliverOptions = {
        addressPolicy: strictHttp,
        resolveHost: harness.resolveHost,
      }
      const refused = await deliver(deliveryRequest(url), options)
      assert.equal(refused.kind, 'non-transient')
      assert.equal(refused.errorCode, 'address-refused')
      assert.match(
        refused.reason,
        /^Refused by the address policy: localhost resolves to (127\.0\.0\.1|::1), a loopback address/,
      )
      assert.equal(receiver.received.length, 0)
      // Without any resolver, localhost names are still known to be loopback (RFC 6761).
      const unresolved = await deliver(deliveryRequest(url), { addressPolicy: strictHttp })
      assert.equal(unresolved.errorCode, 'address-refused')
      const allowList = createAddressPolicy({ allow: ['127.0.0.0/8', '::1/128'], allowHttp: true })
      const allowed = await deliver(deliveryRequest(url), {
        addressPolicy: allowList,
        resolveHost: harness.resolveHost,
      })
      assert.equal(allowed.kind, 'success')
      assert.equal(receiver.received.length, 1)
    } finally {
      await receiver.close()
    }
  },
  'every resolved address is judged, and resolver failures are transient': async () => {
    const network = recordingFetch()
    const resolveHost = async (hostname: string) => {
      if (hostname === 'mixed.example') return ['93.184.216.34', '10.0.0.1']
      if (hostname === 'public.example') return ['93.184.216.34']
      const code = hostname === 'flaky.example' ? 'EAI_AGAIN' : 'ENOTFOUND'
      throw Object.assign(new Error(`lookup ${hostname} failed`), { code })
    }
    const mixed = await deliver(deliveryRequest('https://mixed.example/hook'), {
      fetch: network,
      resolveHost,
    })
    assert.equal(mixed.errorCode, 'address-refused')
    assert.match(mixed.reason, /mixed\.example resolves to 10\.0\.0\.1, a private address/)
    const missing = await deliver(deliveryRequest('https://missing.example/hook'), {
      fetch: network,
      resolveHost,
    })
    assert.deepEqual([missing.kind, missing.errorCode], ['transient', 'ENOTFOUND'])
    const flaky = await deliver(deliveryRequest('https://flaky.example/hook'), {
      fetch: network,
      resolveHost,
    })
    assert.deepEqual([flaky.kind, flaky.errorCode], ['transient', 'EAI_AGAIN'])
    assert.deepEqual(network.urls, [])
    const fine = await deliver(deliveryRequest('https://public.example/hook'), {
      fetch: network,
      resolveHost,
    })
    assert.equal(fine.kind, 'success')
    assert.deepEqual(network.urls, ['https://public.example/hook'])
  },
})
