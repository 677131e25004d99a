// The postmortems API against a real server: creation from the template and from Markdown,
// listing and search, and clear 4xx answers that create nothing.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { useServer, createPostmortem } from './lib/harness.js'

const env = useServer({ browser: false })

const post = (body, contentType) => fetch(`${env.server.url}/api/postmortems`, {
  method: 'POST',
  headers: contentType ? { 'content-type': contentType } : {},
  body
})

test('bad requests get a clear JSON 4xx and create nothing', async () => {
  const cases = [
    [post('{"title":', 'application/json'), 400, 'invalid_json'],
    [post('{"title": 5}', 'application/json'), 400, 'invalid_json'],
    [post('{"name": "x"}', 'application/json'), 400, 'invalid_json'],
    [post(JSON.stringify({ title: 'x'.repeat(301) }), 'application/json'), 422, 'title_too_long'],
    [post('   \n', 'text/markdown'), 422, 'empty_markdown'],
    [post('---\nseverity: catastrophic\n---\n# T\n', 'text/markdown'), 422, 'invalid_front_matter'],
    [post('> '.repeat(200) + 'deep', 'text/markdown'), 422, 'markdown_too_deep'],
    [post(new Uint8Array([0x23, 0x20, 0xff, 0xfe]), 'text/markdown'), 400, 'invalid_utf8'],
    [post('# T\n\n' + 'word '.repeat(500_000), 'text/markdown'), 413, 'too_large'],
    [post('<h1>T</h1>', 'text/html'), 415, 'unsupported_media_type'],
    [fetch(`${env.server.url}/api/postmortems/no-such-id`), 404, 'not_found'],
    [fetch(`${env.server.url}/api/postmortems/no-such-id/export.md`), 404, 'not_found'],
    [fetch(`${env.server.url}/api/postmortems/x.comments`), 404, 'not_found'],
    [fetch(`${env.server.url}/api/postmortems/bad%20id`), 400, 'invalid_document_name']
  ]
  for (const [request, status, code] of cases) {
    const response = await request
    const body = await response.json()
    assert.equal(response.status, status, JSON.stringify(body))
    assert.equal(body.error.code, code)
    assert.ok(body.error.message.length > 0)
  }
  const list = await (await fetch(`${env.server.url}/api/postmortems`)).json()
  assert.deepEqual(list, [])
})

test('creating from the template answers 201 with the summary and where to edit it', async () => {
  const response = await post(JSON.stringify({ title: 'Payments latency' }), 'application/json')
  assert.equal(response.status, 201)
  const created = await response.json()
  assert.match(created.id, /^payments-latency-[a-z0-9]{6}$/)
  assert.equal(response.headers.get('location'), `/p/${created.id}`)
  assert.equal(created.url, `/p/${created.id}`)
  assert.equal(created.title, 'Payments latency')
  assert.equal(created.status, 'draft')
  assert.equal(created.severity, null)
  assert.deepEqual(created.rooms, { body: created.id, comments: `${created.id}.comments`, insights: `${created.id}.insights` })
  const fetched = await (await fetch(`${env.server.url}/api/postmortems/${created.id}`)).json()
  assert.equal(fetched.title, 'Payments latency')
  assert.equal(fetched.createdAt, created.createdAt)
  const markdown = await (await fetch(`${env.server.url}${created.exportUrl}`)).text()
  assert.match(markdown, /^---\nstatus: draft\n---\n\n# Payments latency\n\n## Summary\n\n## Impact\n/)
  // No body at all also means "from the template".
  const bare = await post(undefined, undefined)
  assert.equal(bare.status, 201)
  assert.match((await bare.json()).id, /^postmortem-[a-z0-9]{6}$/)
})

test('the list is newest first and searches titles and text', async () => {
  const older = await createPostmortem(env.server.url, { markdown: '# Cache stampede\n\nThe *thundering herd* hit the origin.\n' })
  const newer = await createPostmortem(env.server.url, { markdown: '---\nseverity: sev1\nincident_date: 2026-01-05\n---\n# Region failover\n\nTraffic moved to the standby.\n' })
  const list = await (await fetch(`${env.server.url}/api/postmortems`)).json()
  const ids = list.map((p) => p.id)
  assert.ok(ids.indexOf(newer.id) < ids.indexOf(older.id), ids.join(' '))
  const region = list.find((p) => p.id === newer.id)
  assert.equal(region.severity, 'SEV1')
  assert.equal(region.incidentDate, '2026-01-05')
  assert.ok(!Number.isNaN(Date.parse(region.updatedAt)))
  const search = async (q) => (await (await fetch(`${env.server.url}/api/postmortems?q=${encodeURIComponent(q)}`)).json()).map((p) => p.id)
  assert.deepEqual(await search('thundering HERD'), [older.id])
  assert.deepEqual(await search('failover'), [newer.id])
  assert.deepEqual(await search('standby region'), [newer.id])
  assert.deepEqual(await search('nothing like this'), [])
})
