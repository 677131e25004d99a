// The stock-client driver: runs one benchmark scenario with the JavaScript clients teams
// actually use (yjs + y-websocket's WebsocketProvider, or HocuspocusProvider for Hocuspocus),
// all peers in this one Node process, and prints its figures as one JSON line on stdout.
//
// Usage: node driver.mjs '<JSON job>' where the job is
//   { scenario: "fanout" | "throughput", provider: "y-websocket" | "hocuspocus",
//     base: URL the provider appends the room to (y-websocket) or the server URL (hocuspocus),
//     room, readers, keystrokes, intervalMs, writers, window, durationMs, timeoutMs }
// The result is { metrics: [{ name, unit, value, better }], notes: [] }; errors exit non-zero
// with the message on stderr.

import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import { HocuspocusProvider } from '@hocuspocus/provider'
import WebSocket from 'ws'

const job = JSON.parse(process.argv[2])
// Every provider hooks process exit; a few hundred of them are expected here.
process.setMaxListeners(0)
const WARM_UP = 5

/** A peer: a Y.Doc synced through the stock provider. */
function connect () {
  const doc = new Y.Doc()
  let provider
  const synced = new Promise(resolve => {
    if (job.provider === 'hocuspocus') {
      provider = new HocuspocusProvider({
        url: job.base,
        name: job.room,
        document: doc,
        WebSocketPolyfill: WebSocket,
        onSynced: () => resolve()
      })
    } else {
      // disableBc: in one process, BroadcastChannel would sync peers behind the server's back.
      provider = new WebsocketProvider(job.base, job.room, doc, {
        WebSocketPolyfill: WebSocket,
        disableBc: true
      })
      provider.once('sync', () => resolve())
    }
  })
  return { doc, provider, text: doc.getText('t'), synced }
}

async function connectMany (n) {
  const peers = []
  for (let i = 0; i < n; i++) peers.push(connect())
  await within(Promise.all(peers.map(p => p.synced)), 'peers to sync')
  return peers
}

function within (promise, what) {
  let timer
  const timeout = new Promise((resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${job.timeoutMs} ms waiting for ${what}`)), job.timeoutMs)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}

const sleep = ms => new Promise(resolve => setTimeout(resolve, ms))
const clockOf = (peer, client) => Y.getState(peer.doc.store, client)

function quantile (sorted, q) {
  if (sorted.length === 0) return NaN
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]
}

/** Fan-out: one writer types every intervalMs; the time until each reader applied each keystroke. */
async function fanout () {
  const [writer] = await connectMany(1)
  const me = writer.doc.clientID
  const made = new Float64Array(job.keystrokes + 1)
  const latencies = []
  const readers = await connectMany(job.readers)
  const done = readers.map(reader => new Promise(resolve => {
    let seen = 0
    reader.doc.on('update', () => {
      const clock = clockOf(reader, me)
      if (clock <= seen) return
      const now = performance.now()
      for (let k = seen + 1; k <= Math.min(clock, job.keystrokes); k++) {
        if (k > WARM_UP && made[k] > 0) latencies.push(now - made[k])
      }
      seen = clock
      if (seen >= job.keystrokes) resolve()
    })
  }))
  const start = performance.now()
  for (let k = 1; k <= job.keystrokes; k++) {
    // A fixed schedule, as the Rust writer's interval: a late tick does not shift the next ones.
    const due = start + k * job.intervalMs
    const wait = due - performance.now()
    if (wait > 0) await sleep(wait)
    made[k] = performance.now()
    writer.text.insert(writer.text.length, 'x')
  }
  let missing = 0
  await within(Promise.all(done), 'every keystroke').catch(() => {
    missing = readers.filter(r => clockOf(r, me) < job.keystrokes).length
  })
  latencies.sort((a, b) => a - b)
  const metrics = ['p50', 'p95', 'p99'].map((name, i) => ({
    name, unit: 'ms', value: quantile(latencies, [0.5, 0.95, 0.99][i]), better: 'lower'
  }))
  metrics.push({ name: 'max', unit: 'ms', value: latencies[latencies.length - 1] ?? NaN, better: 'lower' })
  metrics.push({ name: 'deliveries measured', unit: '', value: latencies.length, better: 'neither' })
  metrics.push({ name: 'readers missing keystrokes', unit: '', value: missing, better: 'lower' })
  const notes = missing > 0 ? [`${missing} of ${job.readers} readers had not received every keystroke after ${job.timeoutMs} ms`] : []
  return { peers: [writer, ...readers], metrics, notes }
}

/**
 * Closed-loop throughput: K writers append for durationMs, each at most `window` updates ahead
 * of the slowest peer's copy of its edits; the figure is updates/s that every peer converged on.
 */
async function throughput () {
  const peers = await connectMany(job.writers)
  const ids = peers.map(p => p.doc.clientID)
  const start = performance.now()
  let writing = true
  let wake = () => {}
  const slowest = id => Math.min(...peers.map(p => clockOf(p, id)))
  for (const peer of peers) peer.doc.on('update', () => wake())
  // One pump for every writer: push while a writer is inside its window, else wait for an update.
  while (writing) {
    let pushed = false
    for (let i = 0; i < peers.length; i++) {
      if (clockOf(peers[i], ids[i]) - slowest(ids[i]) < job.window) {
        peers[i].text.insert(peers[i].text.length, 'x')
        pushed = true
      }
    }
    // Let the sockets' messages in, whether or not anyone could write.
    await new Promise(resolve => {
      wake = resolve
      if (pushed) setImmediate(resolve)
    })
    writing = performance.now() - start < job.durationMs
  }
  const writingTime = (performance.now() - start) / 1000
  const target = ids.map((id, i) => clockOf(peers[i], id))
  const sent = target.reduce((a, b) => a + b, 0)
  const convergedAll = () => peers.every(p => ids.every((id, i) => clockOf(p, id) === target[i]))
  let converged = true
  await within((async () => { while (!convergedAll()) await sleep(5) })(), 'convergence')
    .catch(() => { converged = false })
  const total = (performance.now() - start) / 1000
  const metrics = []
  if (converged) metrics.push({ name: 'updates/s converged', unit: '1/s', value: sent / total, better: 'higher' })
  metrics.push({ name: 'updates/s sent', unit: '1/s', value: sent / writingTime, better: 'higher' })
  metrics.push({ name: 'updates', unit: '', value: sent, better: 'neither' })
  metrics.push({ name: 'writing time', unit: 's', value: writingTime, better: 'neither' })
  if (converged) {
    metrics.push({ name: 'convergence after writing stopped', unit: 'ms', value: (total - writingTime) * 1000, better: 'lower' })
  }
  const notes = converged ? [] : [`NO CONVERGENCE within ${job.timeoutMs} ms`]
  return { peers, metrics, notes }
}

const scenarios = { fanout, throughput }
try {
  const run = scenarios[job.scenario]
  if (!run) throw new Error(`unknown scenario ${job.scenario}`)
  const { peers, metrics, notes } = await run()
  process.stdout.write(JSON.stringify({ metrics, notes }) + '\n')
  for (const peer of peers) peer.provider.destroy()
  process.exit(0)
} catch (e) {
  process.stderr.write(`${e.stack ?? e}\n`)
  process.exit(1)
}
