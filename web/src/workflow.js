// The review workflow beside the document (server/src/lifecycle): where the postmortem stands
// (draft → in review → approved → published), the approvals it has and needs, the publish gate's
// checklist (what must be true before it goes out), the steps this person may take now (as the
// server says: `may`), each with an optional note, and the history of steps. An administrator
// may publish over a failing gate, giving a reason the history keeps. The stage itself is the server's: it writes `meta.status` after each step, so the
// panel reloads whenever that changes, for everyone.

import { h } from './dom.js'
import { getReview, takeReviewStep, assignReviewers } from './api.js'
import { statusLabel, whenEdited } from './labels.js'
import { askText } from './dialog.js'

const STEPS = {
  submit: { label: 'Submit for review', done: 'submitted it for review' },
  approve: { label: 'Approve', done: 'approved' },
  request_changes: { label: 'Request changes', done: 'requested changes' },
  publish: { label: 'Publish', done: 'published it' },
  reopen: { label: 'Reopen', done: 'reopened it' }
}

/**
 * Fills `panel` with the review of postmortem `id`; `name()` is this person's name (what the
 * server records for callers it cannot name itself), `meta` the document's metadata map.
 * Returns a cleanup.
 */
export function workflowPanel ({ panel, id, token, name, meta }) {
  const stage = h('span', { class: 'status-badge', id: 'review-stage' })
  const approvals = h('p', { class: 'muted small', id: 'review-approvals' })
  const note = h('textarea', { class: 'review-note', id: 'review-note', rows: 2, placeholder: 'Note (optional)', 'aria-label': 'Note for this step' })
  const actions = h('div', { class: 'review-actions', id: 'review-actions' })
  const problem = h('p', { class: 'notice small', role: 'alert', hidden: true })
  const history = h('ol', { class: 'review-history', id: 'review-history' })
  // Only once published: a link that leads nowhere yet is no link at all.
  const publishedLink = h('a', { href: `/p/${encodeURIComponent(id)}/published`, 'data-nav': true, id: 'published-link', class: 'panel-link', text: 'The published version →' })
  const publishedSlot = h('div', { class: 'published-slot' })
  const checklist = h('ul', { class: 'review-checklist', id: 'review-checklist', 'aria-label': 'Before publishing' })
  // Who reviews, for editors: names (or e-mails, for people who sign in) and how many approvals.
  const reviewers = h('input', { type: 'text', id: 'review-reviewers', placeholder: 'Anyone who may review', 'aria-label': 'Reviewers, separated by commas' })
  const needed = h('input', { type: 'number', id: 'review-needed', min: 1, max: 10, value: 1, 'aria-label': 'Approvals needed' })
  const assignment = h('details', { class: 'review-assign', id: 'review-assign', hidden: true },
    h('summary', { text: 'Reviewers' }),
    h('form', {
      class: 'review-assign-form',
      onsubmit: (event) => { event.preventDefault(); assign() }
    },
    h('label', { class: 'field' }, h('span', { class: 'field-label', text: 'Reviewers' }), reviewers),
    h('label', { class: 'field' }, h('span', { class: 'field-label', text: 'Approvals needed' }), needed),
    h('button', { type: 'submit', class: 'button small', id: 'review-assign-save', text: 'Save' })))
  panel.replaceChildren(h('h2', {}, 'Review ', stage), approvals, checklist, problem, note, actions, assignment, publishedSlot, history)
  panel.hidden = false

  let disposed = false
  const show = (review) => {
    if (disposed) return
    stage.textContent = statusLabel(review.stage)
    stage.dataset.status = review.stage
    const given = review.approvals.map((a) => a.by).join(', ')
    approvals.textContent = review.stage === 'review'
      ? `${review.approvals.length} of ${review.required_approvals} approvals` + (given ? ` (${given})` : '') +
        (review.reviewers.length ? ` · reviewers: ${review.reviewers.join(', ')}` : '')
      : ''
    publishedSlot.replaceChildren(...(review.history.some((t) => t.step === 'publish') ? [publishedLink] : []))
    assignment.hidden = !review.can_assign
    if (document.activeElement !== reviewers) reviewers.value = review.reviewers.join(', ')
    if (document.activeElement !== needed) needed.value = String(review.required_approvals)
    const ready = review.checklist.every((c) => c.ok)
    checklist.hidden = review.stage === 'published'
    checklist.replaceChildren(...review.checklist.map((c) => h('li', { class: 'review-check', dataset: { check: c.id, ok: String(c.ok) } },
      h('span', { class: 'review-check-mark', 'aria-hidden': 'true', text: c.ok ? '✓' : '✗' }), ' ',
      h('span', { text: c.label }),
      c.detail ? h('span', { class: 'review-check-detail', text: c.detail }) : null)))
    const buttons = review.may.map((step) => h('button', {
      type: 'button',
      class: 'button small' + (step === 'request_changes' || step === 'reopen' ? '' : ' primary'),
      dataset: { step },
      text: STEPS[step]?.label || step,
      disabled: step === 'publish' && !ready,
      title: step === 'publish' && !ready ? 'The checklist above must pass first' : '',
      onclick: () => take(step)
    }))
    if (review.may.includes('publish') && !ready && review.can_override) {
      buttons.push(h('button', { type: 'button', class: 'button small', dataset: { step: 'override' }, text: 'Publish anyway…', onclick: publishAnyway }))
    }
    actions.replaceChildren(...buttons)
    note.hidden = review.may.length === 0
    history.replaceChildren(...review.history.slice().reverse().map((t) => h('li', { class: 'review-step', dataset: { step: t.step } },
      h('span', { class: 'audit-actor', text: t.by }), ' ',
      h('span', { text: STEPS[t.step]?.done || t.step }), ' ',
      h('time', { class: 'relative-time', datetime: t.at, text: whenEdited(t.at) }),
      t.version ? h('span', { class: 'muted small', text: ` · version ${t.version}` }) : null,
      t.note ? h('q', { class: 'review-step-note', text: t.note }) : null)))
  }

  const failed = (error) => {
    if (disposed) return
    problem.textContent = error.message
    problem.hidden = false
  }

  async function load () {
    try {
      show(await getReview(id, name(), token))
      problem.hidden = true
    } catch (error) {
      failed(error)
    }
  }

  async function assign () {
    try {
      const names = reviewers.value.split(',').map((r) => r.trim()).filter(Boolean)
      await assignReviewers(id, { reviewers: names, requiredApprovals: Number(needed.value), name: name() }, token)
      problem.hidden = true
      load()
    } catch (error) {
      failed(error)
    }
  }

  async function publishAnyway () {
    const reason = await askText({ title: 'Publish over the checklist', label: 'Why publish it now? The reason is kept in the history.', confirm: 'Publish' })
    if (reason) take('publish', reason)
  }

  async function take (step, overrideReason) {
    for (const button of actions.querySelectorAll('button')) button.disabled = true
    try {
      show(await takeReviewStep(id, { step, note: note.value.trim() || undefined, name: name(), override_reason: overrideReason }, token))
      note.value = ''
      problem.hidden = true
    } catch (error) {
      failed(error)
      load()
    }
  }

  // Someone else's step shows as a change of `meta.status`.
  const unwatch = onStageChange(meta, load)
  load()
  return () => {
    disposed = true
    unwatch()
  }
}

/** Calls `fn` whenever the server writes a new stage into `meta.status`; returns a cleanup. */
export function onStageChange (meta, fn) {
  let shown = meta.get('status')
  const onMeta = () => {
    if (meta.get('status') === shown) return
    shown = meta.get('status')
    fn()
  }
  meta.observe(onMeta)
  return () => meta.unobserve(onMeta)
}
