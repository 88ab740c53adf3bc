// Runs inside the scratch project under Node or Deno: imports each package
// named on the command line by its bare name, as an app would, and prints
// its export names. Works the same in both runtimes (Deno's process global).
const names = process.argv.slice(2)
const exported = {}
for (const name of names) exported[name] = Object.keys(await import(name)).sort()
console.log(JSON.stringify(exported))
