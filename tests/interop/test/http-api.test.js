// The documents API with real Yjs updates: `GET /api/docs/{doc}/update` is a backup a fresh Y.Doc
// can load, and `POST /api/docs/{doc}/update` lets a server-side tool edit live documents.

import assert from 'node:assert/strict'
import { describe, it } from 'node:test'

import * as Y from 'yjs'

import { converged, describeDocs, docFromUpdate, docState, TEXT, XML } from '../lib/docs.js'
import { RandomEditor } from '../lib/random.js'
import { serverForSuite } from '../lib/suite.js'
import { waitFor } from '../lib/wait.js'

describe('documents API with Yjs updates', () => {
  const ctx = serverForSuite()
  const { clients } = ctx

  const download = (name) => ctx.server.downloadUpdate(name)

  function upload (name, update) {
    return ctx.server.fetch(`/api/docs/${name}/update`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: update
    })
  }

  async function errorOf (res) {
    const body = await res.json()
    assert.equal(typeof body.error?.message, 'string', JSON.stringify(body))
    return body.error.code
  }

  it('GET returns an update that reproduces the document in a fresh Y.Doc', async () => {
    const name = 'api-backup'
    const peers = await Promise.all([0, 1].map(() => clients.connect(ctx.server, name)))
    const docs = peers.map((p) => p.doc)
    const editors = docs.map((_, i) => new RandomEditor(900 + i))
    for (let round = 0; round < 40; round++) {
      docs.forEach((doc, i) => doc.transact(() => {
        editors[i].editText(doc)
        editors[i].editXml(doc)
      }))
    }
    await waitFor(() => converged(docs), { message: 'the providers to converge', describe: () => describeDocs(docs) })

    const backup = docFromUpdate(await download(name))
    assert.deepEqual(docState(backup), docState(docs[0]))
    assert.ok(backup.getText(TEXT).length > 0 && backup.getXmlFragment(XML).length > 0)
  })

  it('POST applies an update from Node and connected providers receive it', async () => {
    const name = 'api-tool'
    const a = await clients.connect(ctx.server, name)
    const b = await clients.connect(ctx.server, name)
    a.doc.getText(TEXT).insert(0, 'Timeline\n')
    await waitFor(() => converged([a.doc, b.doc]), { message: 'the first edit at b' })

    // A server-side tool loads the current state, edits, and sends only its change.
    const tool = docFromUpdate(await download(name))
    const before = Y.encodeStateVector(tool)
    tool.getText(TEXT).insert(tool.getText(TEXT).length, 'Action item: add an alert\n', { bold: true })
    tool.getXmlFragment(XML).insert(0, [new Y.XmlElement('action-item')])
    const change = Y.encodeStateAsUpdate(tool, before)

    const res = await upload(name, change)
    assert.equal(res.status, 200, await res.clone().text())
    assert.deepEqual(await res.json(), { changed: true })
    await waitFor(() => converged([tool, a.doc, b.doc]), { message: 'the tool\'s edit at both providers', describe: () => describeDocs([tool, a.doc, b.doc]) })
    assert.equal(a.doc.getText(TEXT).toString(), 'Timeline\nAction item: add an alert\n')
    assert.equal(b.doc.getXmlFragment(XML).toString(), '<action-item></action-item>')

    // The same update again changes nothing.
    const again = await upload(name, change)
    assert.equal(again.status, 200)
    assert.deepEqual(await again.json(), { changed: false })
    assert.deepEqual(docState(docFromUpdate(await download(name))), docState(a.doc))
  })

  it('POST to a document nobody has open creates it for the next provider', async () => {
    const name = 'api-cold'
    const missing = await ctx.server.fetch(`/api/docs/${name}/update`)
    assert.equal(missing.status, 404)
    assert.equal(await errorOf(missing), 'not_found')

    const tool = new Y.Doc()
    tool.getText(TEXT).insert(0, 'Imported postmortem 🔥')
    const res = await upload(name, Y.encodeStateAsUpdate(tool))
    assert.equal(res.status, 200, await res.clone().text())

    const reader = await clients.connect(ctx.server, name)
    assert.deepEqual(docState(reader.doc), docState(tool))
  })

  it('a malformed update is refused and changes nothing', async () => {
    const name = 'api-bad'
    const a = await clients.connect(ctx.server, name)
    a.doc.getText(TEXT).insert(0, 'keep me')
    // Until the first edit is stored the document does not exist yet (404).
    await waitFor(async () => {
      const res = await ctx.server.fetch(`/api/docs/${name}/update`)
      if (res.status === 404) return false
      return docFromUpdate(new Uint8Array(await res.arrayBuffer())).getText(TEXT).toString() === 'keep me'
    }, { message: 'the edit to reach the server' })
    const before = await download(name)

    // A valid update cut short, and bytes that are no update at all.
    const tool = new Y.Doc()
    tool.getText(TEXT).insert(0, 'a longer text that makes a longer update')
    const full = Y.encodeStateAsUpdate(tool)
    for (const body of [full.slice(0, full.length - 5), new Uint8Array([0xff, 0xff, 0xff, 0xff, 0x0f, 1, 2, 3])]) {
      const res = await upload(name, body)
      assert.equal(res.status, 400)
      assert.equal(await errorOf(res), 'invalid_update')
    }
    assert.deepEqual(await download(name), before)
    assert.equal(a.provider.wsconnected, true)
    assert.equal(a.doc.getText(TEXT).toString(), 'keep me')
  })

  it('bad document names get 400', async () => {
    for (const name of ['has%20space', 'x'.repeat(129), 'sl%2Fash']) {
      const res = await ctx.server.fetch(`/api/docs/${name}/update`)
      assert.equal(res.status, 400, name)
      assert.equal(await errorOf(res), 'invalid_document_name')
    }
  })
})
