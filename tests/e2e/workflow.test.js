// The review workflow in the browser: one person submits the postmortem for review, another
// approves it with a note, the first publishes it once the publish gate's checklist passes; both
// see the stage change as it happens, the history lists each step with who took it, and only the
// steps a person may take are offered (nobody approves their own submission).

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { useServer, personPage, openPostmortem, createPostmortem } from './lib/harness.js'

const env = useServer()

const COMPLETE = `# Cache stampede

## Summary

The product cache expired at once and the database took every read for six minutes.

## Impact

Product pages loaded in eight seconds instead of one.

## Timeline

- 09:12 the latency alert fired

## Contributing factors

Every cache entry had the same expiry time.

## Action items

- [ ] Add jitter to the cache expiry (@kim, due 2099-03-01)
`

test('submit, approve with a note, publish: both people see each step', async () => {
  const created = await createPostmortem(env.server.url, { markdown: COMPLETE })
  const ann = await personPage(env.browser, 'Ann Lee')
  const rob = await personPage(env.browser, 'Rob Diaz')
  await openPostmortem(ann, env.server.url, created.id)
  await openPostmortem(rob, env.server.url, created.id)
  const steps = async (page) => page.locator('#review-actions button').evaluateAll((buttons) => buttons.map((b) => b.dataset.step))
  const stage = (page, status) => page.locator(`#review-stage[data-status="${status}"]`).waitFor()

  await stage(ann, 'draft')
  assert.deepEqual(await steps(ann), ['submit'])
  // The checklist beside it: written out in full, but not approved yet.
  const check = (page, id, ok) => page.locator(`#review-checklist [data-check="${id}"][data-ok="${ok}"]`).waitFor()
  await check(ann, 'sections_filled', true)
  await check(ann, 'action_items_complete', true)
  await check(ann, 'approved', false)
  // Ann asks Rob to review it.
  await ann.click('#review-assign summary')
  await ann.fill('#review-reviewers', 'Rob Diaz')
  await ann.click('#review-assign-save')
  await ann.waitForFunction(() => document.querySelector('#review-reviewers').value === 'Rob Diaz')
  await ann.click('#review-actions [data-step="submit"]')
  for (const page of [ann, rob]) {
    await stage(page, 'review')
    await page.locator('#status[data-status="review"]').waitFor()
  }
  // Ann submitted it: she may not review it; Rob may.
  assert.deepEqual(await steps(ann), ['reopen'])
  await rob.locator('#review-actions [data-step="approve"]').waitFor()
  assert.deepEqual(await steps(rob), ['approve', 'request_changes', 'reopen'])
  assert.match(await rob.locator('#review-approvals').innerText(), /0 of 1 approvals · reviewers: Rob Diaz/)

  await rob.fill('#review-note', 'Clear timeline, blameless wording')
  await rob.click('#review-actions [data-step="approve"]')
  await stage(ann, 'approved')
  await check(ann, 'approved', true)
  assert.equal(await ann.locator('#review-checklist [data-ok="false"]').count(), 0)
  await ann.locator('#review-actions [data-step="publish"]:not([disabled])').waitFor()
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

  // Each stage reached is a version; the published one has its own clean page.
  await rob.locator('#version-list .version').nth(2).waitFor()
  const versions = await rob.locator('#version-list .version-name').allInnerTexts()
  assert.deepEqual(versions, ['Published', 'Approved', 'Submitted for review'])
  await rob.click('#published-link')
  await rob.locator('#published h1', { hasText: 'Cache stampede' }).waitFor()
  assert.match(await rob.locator('#published').innerText(), /Every cache entry had the same expiry time/)
  assert.equal(await rob.locator('#published .thread, #published .annotation').count(), 0)
  await ann.context().close()
  await rob.context().close()
})

test('a saved version compares with the document, word by word', async () => {
  const created = await createPostmortem(env.server.url, { markdown: COMPLETE })
  const ann = await personPage(env.browser, 'Ann Lee')
  await openPostmortem(ann, env.server.url, created.id)
  await ann.click('#save-version')
  await ann.locator('dialog input').fill('Before the rewrite')
  await ann.keyboard.press('Enter')
  const saved = ann.locator('#version-list .version', { hasText: 'Before the rewrite' })
  await saved.waitFor()
  // Reword the summary, then compare.
  await ann.evaluate(() => {
    const { editor } = window.debrief
    let at = null
    editor.state.doc.descendants((node, pos) => {
      if (at === null && node.isText && node.text.includes('six minutes')) at = pos + node.text.indexOf('six minutes')
    })
    editor.chain().insertContentAt({ from: at, to: at + 'six'.length }, 'nine').run()
  })
  await ann.waitForFunction(() => window.debrief.editor.getText().includes('nine minutes'))
  await saved.locator('[data-action="compare"]').click()
  const diff = ann.locator('#version-diff')
  await diff.waitFor()
  assert.equal(await diff.locator('.diff-change ins').innerText(), 'nine')
  assert.equal(await diff.locator('.diff-change del').innerText(), 'six')
  await ann.context().close()
})
