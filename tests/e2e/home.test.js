// The home page lists postmortems a page at a time: the first page at once, the rest with
// "Show more", in the same order as the whole listing, and a search starts again from its own
// first page.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { useServer, personPage, createPostmortem } from './lib/harness.js'

const env = useServer()

test('the home page shows the first page and "Show more" adds the rest, newest first', async () => {
  const total = 57
  for (let i = 0; i < total; i++) {
    await createPostmortem(env.server.url, { title: `Outage ${i} ${i % 10 === 0 ? 'network' : 'disk'}` })
  }
  const whole = await (await fetch(env.server.url + '/api/postmortems')).json()
  assert.equal(whole.length, total)

  const page = await personPage(env.browser, 'Ama Owusu')
  await page.goto(env.server.url + '/')
  await page.locator('#postmortems[data-loaded="true"]').waitFor()
  const rows = page.locator('#postmortems tbody tr')
  assert.equal(await rows.count(), 50)
  await page.click('#show-more')
  await page.waitForFunction((n) => document.querySelectorAll('#postmortems tbody tr').length === n, total)
  assert.equal(await page.locator('#show-more').isHidden(), true, 'no more to show')
  const shown = await rows.evaluateAll((trs) => trs.map((tr) => tr.dataset.id))
  assert.deepEqual(shown, whole.map((p) => p.id))

  // A search lists its own matches from the first page.
  await page.fill('#search', 'network')
  await page.waitForFunction(() => document.querySelectorAll('#postmortems tbody tr').length === 6)
  assert.equal(await page.locator('#show-more').isHidden(), true)
  await page.context().close()
})

test('the home page filters by review stage', async () => {
  const { id } = await createPostmortem(env.server.url, { title: 'Reviewed outage' })
  const submitted = await fetch(`${env.server.url}/api/postmortems/${id}/review`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ step: 'submit', name: 'Ama Owusu' })
  })
  assert.equal(submitted.status, 200)
  const page = await personPage(env.browser, 'Ama Owusu')
  await page.goto(env.server.url + '/')
  await page.locator('#postmortems[data-loaded="true"]').waitFor()
  // The summary index follows the document shortly after the step.
  for (let tries = 0; ; tries++) {
    const listed = await (await fetch(`${env.server.url}/api/postmortems?status=review`)).json()
    if (listed.length === 1) break
    assert.ok(tries < 100, 'the listing never showed the stage')
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  await page.selectOption('#filter-status', 'review')
  await page.waitForFunction(() => document.querySelectorAll('#postmortems tbody tr').length === 1)
  assert.equal(await page.locator(`#postmortems tr[data-id="${id}"] td`).nth(1).innerText(), 'In review')
  await page.selectOption('#filter-status', 'published')
  await page.locator('#postmortems .empty').waitFor()
  const bad = await fetch(`${env.server.url}/api/postmortems?status=done`)
  assert.equal(bad.status, 422)
  await page.context().close()
})
