// Run by compose.yaml's `mongodb-init` with mongosh: makes the mongod a
// single-member replica set `rs0` the first time, does nothing later, and
// returns once the member is primary (writable). A replica set, even of one,
// is what Hookline's worker needs for change streams and tailable reads, and
// what lets a second and third member join later without downtime.
const config = { _id: 'rs0', members: [{ _id: 0, host: 'mongodb:27017' }] }
try {
  const status = rs.status()
  print(`Replica set ${status.set} is already initiated`)
} catch (error) {
  if (error.codeName !== 'NotYetInitialized') throw error
  rs.initiate(config)
  print(`Initiated replica set ${config._id}`)
}
for (let waited = 0; !db.hello().isWritablePrimary; waited += 500) {
  if (waited > 60_000) throw new Error('The replica set member did not become primary within 60 s')
  sleep(500)
}
print('The member is primary')
