// Three stock y-websocket providers edit one document at the same time and must end up identical,
// with each other, with the server's copy, and with a client that joins afterwards.

import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { setImmediate as tick } from 'node:timers/promises'

import * as Y from 'yjs'

import { converged, describeDocs, docFromUpdate, docState, TEXT, XML } from '../lib/docs.js'
import { RandomEditor } from '../lib/random.js'
import { serverForSuite } from '../lib/suite.js'
import { waitFor } from '../lib/wait.js'

const ROUNDS = 60

describe('concurrent editing with three y-websocket providers', () => {
  const ctx = serverForSuite()
  const { clients } = ctx

  for (const seed of [1, 2, 3]) {
    it(`interleaved text and XML edits converge (seed ${seed})`, async () => {
      const name = `converge-${seed}`
      const peers = await Promise.all([0, 1, 2].map(() => clients.connect(ctx.server, name)))
      const docs = peers.map((p) => p.doc)
      const editors = docs.map((_, i) => new RandomEditor(seed * 100 + i))

      for (let round = 0; round < ROUNDS; round++) {
        // All three edit before any network event is handled: their edits are concurrent.
        docs.forEach((doc, i) => {
          const editor = editors[i]
          doc.transact(() => {
            for (let k = 0, n = 1 + editor.int(3); k < n; k++) {
              if (editor.int(2) === 0) editor.editText(doc)
              else editor.editXml(doc)
            }
          })
        })
        // Let some of the traffic through now and then, so edits also land on partly synced docs.
        if (round % 3 === 0) await tick()
        if (round % 7 === 0) await new Promise((resolve) => setTimeout(resolve, 2))
      }

      await waitFor(() => converged(docs), { message: 'the three providers to converge', describe: () => describeDocs(docs) })

      const state = docState(docs[0])
      assert.ok(state.text.length > 0, 'the text is not empty')
      assert.match(state.xml, /<paragraph/, 'the XML holds paragraphs')
      // Astral-plane characters (two UTF-16 code units) survive the trip through the server whole.
      assert.match(state.text + state.xml, /🔥|👩‍💻/u)
      assert.ok(!(state.text + state.xml).includes('\uFFFD'), 'no character was broken into U+FFFD')
      const writers = new Set(state.stateVector.map(([client]) => client))
      for (const doc of docs) assert.ok(writers.has(doc.clientID), `edits of client ${doc.clientID} are in the state`)

      // The server holds the same state (its copy is what late joiners and backups get).
      const fromServer = docFromUpdate(await ctx.server.downloadUpdate(name))
      assert.deepEqual(docState(fromServer), state)

      // A fourth provider joining now gets exactly the same document.
      const late = await clients.connect(ctx.server, name)
      await waitFor(() => converged([docs[0], late.doc]), { message: 'the late joiner to catch up', describe: () => describeDocs([docs[0], late.doc]) })
      assert.deepEqual(docState(late.doc), state)
    })
  }

  it('simultaneous inserts at the same position keep every character once', async () => {
    const name = 'same-position'
    const peers = await Promise.all([0, 1, 2].map(() => clients.connect(ctx.server, name)))
    const docs = peers.map((p) => p.doc)
    docs[0].getText(TEXT).insert(0, 'shared line')
    await waitFor(() => converged(docs), { message: 'the seed text to reach everyone' })

    docs.forEach((doc, i) => {
      doc.getText(TEXT).insert(6, `[${'ABC'[i]}]`)
      doc.getXmlFragment(XML).insert(0, [new Y.XmlElement(`p${i}`)])
    })
    await waitFor(() => converged(docs), { message: 'the same-position inserts to converge', describe: () => describeDocs(docs) })

    const text = docs[0].getText(TEXT).toString()
    assert.equal(text.length, 'shared line'.length + 9)
    for (const mark of ['[A]', '[B]', '[C]']) assert.ok(text.includes(mark), `${mark} in ${JSON.stringify(text)}`)
    assert.equal(docs[0].getXmlFragment(XML).length, 3)
  })
})
