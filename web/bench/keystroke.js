// What the save bookkeeping (src/sync.js) costs per keystroke, on postmortems of growing size:
// recording the local update and confirming it from the server's echo, against what sync.js did
// before (after every update, a snapshot of the document and of a mirror of the server's state,
// compared; and every server message applied to the mirror). Prints a table for
// docs/performance.md:
//
//   cd web && npm ci && node bench/keystroke.js [KEYSTROKES]

import * as Y from 'yjs'
import * as encoding from 'lib0/encoding'
import * as syncProtocol from 'y-protocols/sync'
import { messageSync } from 'y-websocket'
import { Unconfirmed } from '../src/sync.js'

const keystrokes = Number(process.argv[2] || 500)
const SIZES_KB = [10, 100, 1000]

/**
 * A postmortem body of about `kb` KB laid out as y-prosemirror stores it (docs/rooms.md): sections
 * of paragraphs with bold and code marks, written by a few people, with some text deleted again.
 */
function postmortem (kb) {
  const authors = [1, 2, 3].map((clientID) => Object.assign(new Y.Doc(), { clientID }))
  const doc = new Y.Doc()
  const sync = (from) => Y.applyUpdate(doc, Y.encodeStateAsUpdate(from, Y.encodeStateVector(doc)))
  for (let section = 0, size = 0; size < kb * 1000; section++) {
    const author = authors[section % authors.length]
    Y.applyUpdate(author, Y.encodeStateAsUpdate(doc, Y.encodeStateVector(author)))
    author.transact(() => {
      const body = author.getXmlFragment('body')
      const heading = new Y.XmlElement('heading')
      heading.setAttribute('level', 2)
      heading.insert(0, [new Y.XmlText(`Timeline, part ${section}`)])
      body.push([heading])
      for (let p = 0; p < 6; p++) {
        const text = new Y.XmlText()
        const paragraph = new Y.XmlElement('paragraph')
        paragraph.insert(0, [text])
        body.push([paragraph])
        text.insert(0, `At 09:${p}0 the `)
        text.insert(text.length, 'on-call engineer', { bold: true })
        text.insert(text.length, ' saw the p99 latency of ')
        text.insert(text.length, 'checkout-api', { code: true })
        text.insert(text.length, ` rise to ${300 + p * 40} ms; the dashboard and the runbook disagreed about which pool was draining, so the deploy was paused.`)
        text.delete(5, 3) // an edit after the fact
        size += text.length
      }
    })
    sync(author)
  }
  return doc
}

/** A sync update message, as the server echoes an update. */
const echo = (update) => {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, messageSync)
  syncProtocol.writeUpdate(encoder, update)
  return encoding.toUint8Array(encoder)
}

/**
 * µs per keystroke spent in `bookkeeping(doc)`'s handler of local updates, typing `keystrokes`
 * characters (every tenth a backspace) at the end of a copy of `state`.
 */
function typing (state, bookkeeping) {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, state)
  const body = doc.getXmlFragment('body')
  const text = body.get(body.length - 1).get(0)
  const handle = bookkeeping(doc)
  let spent = 0n
  doc.on('update', (update) => {
    const started = process.hrtime.bigint()
    handle(update)
    spent += process.hrtime.bigint() - started
  })
  for (let i = 0; i < keystrokes; i++) {
    if (i % 10 === 9) text.delete(text.length - 1, 1)
    else text.insert(text.length, 'x')
  }
  return Number(spent) / 1e3 / keystrokes
}

/** The bookkeeping now: record the update, confirm it from its echo. */
const now = () => () => {
  const unconfirmed = new Unconfirmed()
  return (update) => {
    unconfirmed.add(update)
    unconfirmed.empty()
    unconfirmed.confirm(echo(update))
    if (!unconfirmed.empty()) throw new Error('an echoed keystroke stayed unconfirmed')
  }
}

/** The bookkeeping before: snapshots compared after the edit, and after the echo. */
const before = (state) => (doc) => {
  const mirror = new Y.Doc()
  Y.applyUpdate(mirror, state)
  const saved = () => Y.equalSnapshots(Y.snapshot(doc), Y.snapshot(mirror))
  return (update) => {
    saved()
    Y.applyUpdate(mirror, update, 'server')
    if (!saved()) throw new Error('an echoed keystroke stayed unsaved')
  }
}

// Warm up the JIT on a small body first, so the first row measures compiled code too.
const small = Y.encodeStateAsUpdate(postmortem(10))
for (let i = 0; i < 3; i++) {
  typing(small, now())
  typing(small, before(small))
}

console.log(`| body | Yjs state | structs | before: µs per keystroke | now: µs per keystroke |`)
console.log('| --- | --- | --- | --- | --- |')
for (const kb of SIZES_KB) {
  const doc = postmortem(kb)
  const state = Y.encodeStateAsUpdate(doc)
  const structs = Y.decodeUpdate(state).structs.length
  const cost = (bookkeeping) => {
    const runs = [0, 1, 2, 3, 4].map(() => typing(state, bookkeeping)).sort((a, b) => a - b)
    return runs[2].toFixed(1) // the median run
  }
  console.log(`| ${kb} KB | ${(state.length / 1000).toFixed(0)} KB | ${structs} | ${cost(before(state))} | ${cost(now())} |`)
}
