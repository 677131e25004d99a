// The stock-client driver: runs one benchmark scenario with the JavaScript clients teams
// actually use (yjs + y-websocket's WebsocketProvider, or HocuspocusProvider for Hocuspocus),
// all peers in this one Node process, and prints its figures as one JSON line on stdout.
//
// Usage: node driver.mjs '<JSON job>' where the job is
//   { scenario: "fanout" | "throughput" | "trace" | "coldload",
//     provider: "y-websocket" | "hocuspocus",
//     base: URL the provider appends the room to (y-websocket) or the server URL (hocuspocus),
//     room, readers, keystrokes, intervalMs, writers, window, durationMs, timeoutMs,
//     tracePath, limit, timeLimitMs }
// The result is { metrics: [{ name, unit, value, better }], notes: [] }; errors exit non-zero
// with the message on stderr.

import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import { HocuspocusProvider } from '@hocuspocus/provider'
import WebSocket from 'ws'
import { readFileSync } from 'node:fs'
import { gunzipSync } from 'node:zlib'

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

/** The trace's patches ([pos, del, ins], positions in code points), `job.limit` of them if set. */
function tracePatches () {
  const trace = JSON.parse(gunzipSync(readFileSync(job.tracePath)).toString())
  const patches = trace.txns.flatMap(txn => txn.patches)
  return job.limit == null ? patches : patches.slice(0, job.limit)
}

/** One patch as one transaction, so one update, as a keystroke in an editor. */
function splice (peer, [pos, del, ins]) {
  peer.doc.transact(() => {
    if (del > 0) peer.text.delete(pos, del)
    if (ins.length > 0) peer.text.insert(pos, ins)
  })
}

/** Resolves once `done()` holds, checked after each update `peer` applies. */
function untilUpdate (peer, done, what) {
  if (done()) return Promise.resolve()
  return within(new Promise(resolve => {
    const check = () => { if (done()) { peer.doc.off('update', check); resolve() } }
    peer.doc.on('update', check)
  }), what)
}

/**
 * The editing trace: one writer replays it, one update per keystroke, at most `window` updates
 * ahead of the first reader; every reader must end with the writer's text.
 */
async function trace () {
  const patches = tracePatches()
  const [writer, ...readers] = await connectMany(1 + job.readers)
  const me = writer.doc.clientID
  const cpu = process.cpuUsage()
  const start = performance.now()
  let replayed = 0
  for (const patch of patches) {
    // Checked every 16 keystrokes, as the Rust replay: inserts advance the writer's clock.
    if (replayed % 16 === 0) {
      if (performance.now() - start > job.timeLimitMs) break
      const floor = clockOf(writer, me) - job.window
      if (readers.length > 0) await untilUpdate(readers[0], () => clockOf(readers[0], me) >= floor, 'the replay window')
    }
    splice(writer, patch)
    replayed++
  }
  const sending = (performance.now() - start) / 1000
  const expected = writer.text.toString()
  await Promise.all(readers.map(reader => untilUpdate(reader, () => reader.text.length === expected.length && reader.text.toString() === expected, 'every reader to end with the replayed text')))
  const total = (performance.now() - start) / 1000
  const { user, system } = process.cpuUsage(cpu)
  const metrics = [
    { name: 'keystrokes replayed', unit: '', value: replayed, better: 'neither' },
    { name: 'client CPU time (the Node process: writer and reader)', unit: 's', value: (user + system) / 1e6, better: 'neither' },
    { name: 'replay + all readers converged', unit: 's', value: total, better: 'lower' },
    { name: 'keystrokes/s', unit: '1/s', value: replayed / total, better: 'higher' },
    { name: 'replay sending time', unit: 's', value: sending, better: 'neither' }
  ]
  const notes = replayed < patches.length
    ? [`replay stopped at the time limit: ${replayed} of ${patches.length} keystrokes in ${job.timeLimitMs / 1000} s`]
    : ['every reader ended with the writer\'s text']
  return { peers: [writer, ...readers], metrics, notes }
}

/** Cold load: from connecting until the client holds the whole replayed trace. */
async function coldload () {
  // The expected text, by a local replay (not timed).
  const local = { doc: new Y.Doc() }
  local.text = local.doc.getText('t')
  for (const patch of tracePatches()) splice(local, patch)
  const expected = local.text.toString()
  // What the client alone spends applying the whole document (the same state, from memory).
  const state = Y.encodeStateAsUpdate(local.doc)
  const applying = performance.now()
  Y.applyUpdate(new Y.Doc(), state)
  const clientApply = performance.now() - applying
  const start = performance.now()
  const reader = connect()
  await untilUpdate(reader, () => reader.text.length === expected.length, 'the stored document')
  const cold = performance.now() - start
  if (reader.text.toString() !== expected) throw new Error('the cold load returned other text than the replay')
  const metrics = [
    { name: 'cold load (connect until the whole document arrived)', unit: 'ms', value: cold, better: 'lower' },
    { name: 'of which the client applying the whole state (measured apart)', unit: 'ms', value: clientApply, better: 'neither' }
  ]
  return { peers: [reader], metrics, notes: [] }
}

const scenarios = { fanout, throughput, trace, coldload }
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
