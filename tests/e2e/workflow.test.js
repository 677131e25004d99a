// The review workflow in the browser: one person submits the postmortem for review, another
// approves it with a note, the first publishes it; both see the stage change as it happens, the
// history lists each step with who took it, and only the steps a person may take are offered
// (nobody approves their own submission).

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { useServer, personPage, openPostmortem, createPostmortem } from './lib/harness.js'

const env = useServer()

test('submit, approve with a note, publish: both people see each step', async () => {
  const created = await createPostmortem(env.server.url, { title: 'Cache stampede' })
  const ann = await personPage(env.browser, 'Ann Lee')
  const rob = await personPage(env.browser, 'Rob Diaz')
  await openPostmortem(ann, env.server.url, created.id)
  await openPostmortem(rob, env.server.url, created.id)
  const steps = async (page) => page.locator('#review-actions button').evaluateAll((buttons) => buttons.map((b) => b.dataset.step))
  const stage = (page, status) => page.locator(`#review-stage[data-status="${status}"]`).waitFor()

  await stage(ann, 'draft')
  assert.deepEqual(await steps(ann), ['submit'])
  await ann.click('#review-actions [data-step="submit"]')
  for (const page of [ann, rob]) {
    await stage(page, 'review')
    await page.locator('#status[data-status="review"]').waitFor()
  }
  // Ann submitted it: she may not review it; Rob may.
  assert.deepEqual(await steps(ann), ['reopen'])
  await rob.locator('#review-actions [data-step="approve"]').waitFor()
  assert.deepEqual(await steps(rob), ['approve', 'request_changes', 'reopen'])
  assert.match(await rob.locator('#review-approvals').innerText(), /0 of 1 approvals/)

  await rob.fill('#review-note', 'Clear timeline, blameless wording')
  await rob.click('#review-actions [data-step="approve"]')
  await stage(ann, 'approved')
  await ann.locator('#review-actions [data-step="publish"]').waitFor()
  await ann.click('#review-actions [data-step="publish"]')
  for (const page of [ann, rob]) {
    await stage(page, 'published')
    await page.locator('#status', { hasText: 'Published' }).waitFor()
  }

  // The history, newest first, with who took each step and the note.
  await rob.locator('#review-history .review-step').nth(2).waitFor()
  const history = await rob.locator('#review-history .review-step').allInnerTexts()
  assert.match(history[0], /^Ann Lee published it/)
  assert.match(history[1], /^Rob Diaz approved/)
  assert.match(history[1], /Clear timeline, blameless wording/)
  assert.match(history[2], /^Ann Lee submitted it for review/)
  await ann.context().close()
  await rob.context().close()
})
