// Presence (awareness) states are validated before they are relayed. The stock y-protocols client
// runs `JSON.parse` on every state it receives, and a state it cannot parse throws inside its
// message handler: in Node the process dies, in a browser the client silently stops applying
// edits. So the server refuses any awareness update carrying a state that is not a JSON object
// (or `null`, which removes a client) within the size bound: the sender is closed with 1007 and
// nothing reaches the others, who keep receiving edits.

import assert from 'node:assert/strict'
import { describe, it } from 'node:test'

import * as encoding from 'lib0/encoding'
import WebSocket from 'ws'

import { serverForSuite } from '../lib/suite.js'
import { waitFor } from '../lib/wait.js'

const MESSAGE_AWARENESS = 1

/** An awareness message for one client carrying `state` (a string, or raw bytes). */
function awarenessFrame (clientId, state) {
  const update = encoding.createEncoder()
  encoding.writeVarUint(update, 1)
  encoding.writeVarUint(update, clientId)
  encoding.writeVarUint(update, 1)
  if (typeof state === 'string') {
    encoding.writeVarString(update, state)
  } else {
    encoding.writeVarUint8Array(update, state)
  }
  const frame = encoding.createEncoder()
  encoding.writeVarUint(frame, MESSAGE_AWARENESS)
  encoding.writeVarUint8Array(frame, encoding.toUint8Array(update))
  return encoding.toUint8Array(frame)
}

const valid = awarenessFrame(424242, '{"user":{"name":"Mallory"}}')

/** Each kind of invalid presence state, as the frame that carries it. */
const INVALID = {
  'invalid JSON': awarenessFrame(424201, '{'),
  'JSON with trailing text': awarenessFrame(424202, '{} x'),
  'a number instead of an object': awarenessFrame(424203, '5'),
  'a string instead of an object': awarenessFrame(424204, '"me"'),
  'an array instead of an object': awarenessFrame(424205, '[1,2]'),
  'an empty state': awarenessFrame(424206, ''),
  'invalid UTF-8': awarenessFrame(424207, new Uint8Array([0x7b, 0xff, 0xfe, 0x7d])),
  'an oversized state': awarenessFrame(424208, JSON.stringify({ pad: 'x'.repeat(40 * 1024) })),
  'a truncated message': valid.slice(0, valid.length - 3),
  'trailing bytes after the message': new Uint8Array([...valid, 0x03])
}

/** Opens a raw socket to `room`, sends `frame` once open, resolves with the close code. */
function sendAndAwaitClose (server, room, frame) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${server.wsUrl}/${room}`)
    const timer = setTimeout(() => reject(new Error('the server did not close the socket')), 10000)
    ws.on('open', () => ws.send(frame))
    ws.on('close', (code) => {
      clearTimeout(timer)
      resolve(code)
    })
    ws.on('error', () => {})
  })
}

describe('presence validation', () => {
  const ctx = serverForSuite()
  const { clients } = ctx

  it('closes a sender of each kind of invalid state with 1007 while stock clients keep editing', async () => {
    const room = 'presence-validation'
    const alice = await clients.connect(ctx.server, room)
    const bob = await clients.connect(ctx.server, room)
    alice.provider.awareness.setLocalStateField('user', { name: 'Alice' })
    const seen = new Set()
    alice.provider.awareness.on('change', ({ added, updated }) => {
      for (const id of [...added, ...updated]) seen.add(id)
    })

    let expected = ''
    for (const [kind, frame] of Object.entries(INVALID)) {
      const code = await sendAndAwaitClose(ctx.server, room, frame)
      assert.equal(code, 1007, `${kind}: close code`)

      // Alice is still connected and still receives Bob's edits.
      const word = kind.replace(/\W+/g, '-') + ';'
      bob.doc.getText('t').insert(bob.doc.getText('t').length, word)
      expected += word
      await waitFor(() => alice.doc.getText('t').toString() === expected, {
        message: `Alice to receive the edit made after ${kind}`,
        describe: () => alice.doc.getText('t').toString()
      })
      assert.equal(alice.provider.wsconnected, true, `${kind}: Alice still connected`)
    }
    // None of the refused clients ever reached her.
    for (const id of seen) assert.ok(id < 424200 || id > 424299, `refused client ${id} was relayed`)

    // A valid state from the same kind of raw socket still goes through.
    const ws = new WebSocket(`${ctx.server.wsUrl}/${room}`)
    await new Promise((resolve) => ws.on('open', resolve))
    ws.send(valid)
    await waitFor(() => alice.provider.awareness.getStates().get(424242)?.user?.name === 'Mallory', {
      message: 'the valid state at Alice'
    })
    ws.close()
  })
})
