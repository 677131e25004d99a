// Large documents: a 200 KB text in one edit, a thousand small edits, and a big XML tree sync
// to a connected provider and in full to one that joins late.

import assert from 'node:assert/strict'
import { describe, it } from 'node:test'

import { converged, describeDocs, docFromUpdate, docState, TEXT, XML } from '../lib/docs.js'
import { RandomEditor } from '../lib/random.js'
import { serverForSuite } from '../lib/suite.js'
import { waitFor } from '../lib/wait.js'

const BIG = 200 * 1024

/** About `size` UTF-16 code units of varied prose, the same for the same seed. */
function prose (size, seed) {
  const editor = new RandomEditor(seed)
  let s = ''
  while (s.length < size) s += editor.words(8)
  return s.slice(0, size - 1) + '.'
}

describe('large documents', () => {
  const ctx = serverForSuite()
  const { clients } = ctx

  async function serverState (name) {
    return docState(docFromUpdate(await ctx.server.downloadUpdate(name)))
  }

  it('a 200 KB text pasted at once reaches a connected provider and a late joiner', async () => {
    const name = 'large-paste'
    const a = await clients.connect(ctx.server, name)
    const b = await clients.connect(ctx.server, name)
    const big = prose(BIG, 7)
    a.doc.getText(TEXT).insert(0, big)
    await waitFor(() => b.doc.getText(TEXT).length === big.length, { message: 'the 200 KB paste at b' })
    assert.equal(b.doc.getText(TEXT).toString(), big)

    const late = await clients.connect(ctx.server, name)
    assert.equal(late.doc.getText(TEXT).toString(), big, 'the late joiner has the full text once synced')
    assert.deepEqual(await serverState(name), docState(a.doc))
  })

  it('a thousand small edits to a large document converge, and a late joiner gets it all', async () => {
    const name = 'large-edits'
    const writers = await Promise.all([0, 1].map(() => clients.connect(ctx.server, name)))
    const docs = writers.map((w) => w.doc)
    docs[0].getText(TEXT).insert(0, prose(BIG, 11))
    await waitFor(() => converged(docs), { message: 'the initial text at both writers' })

    // Typing: one edit per transaction, as keystrokes are, by both writers at once.
    const editors = docs.map((_, i) => new RandomEditor(50 + i))
    for (let round = 0; round < 500; round++) {
      docs.forEach((doc, i) => editors[i].editText(doc))
      if (round % 50 === 0) await new Promise((resolve) => setImmediate(resolve))
    }
    // And a big XML tree: 1000 paragraphs with nested inline elements.
    docs[1].transact(() => {
      const fragment = docs[1].getXmlFragment(XML)
      for (let i = 0; i < 1000; i++) fragment.insert(fragment.length, [editors[1].paragraph()])
    })
    await waitFor(() => converged(docs), { timeout: 20000, message: 'the writers to converge', describe: () => describeDocs(docs) })
    assert.ok(docs[0].getText(TEXT).length > BIG / 2)
    assert.equal(docs[0].getXmlFragment(XML).length, 1000)

    const late = await clients.connect(ctx.server, name)
    assert.deepEqual(docState(late.doc), docState(docs[0]), 'the late joiner has the full state once synced')
    assert.deepEqual(await serverState(name), docState(docs[0]))
  })
})
