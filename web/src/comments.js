// Review comments on exact phrases, as in Google Docs: select text → "Comment"; each thread sits
// in the margin next to its phrase, which is highlighted in the text; reply, resolve / reopen,
// edit or delete your own comments. Threads live in the room `P.comments` (see threads.js); a
// thread whose phrase was deleted stays, marked "on deleted text".
//
// The highlights are ProseMirror decorations, rebuilt from the anchors whenever the threads or
// the body change remotely, and mapped through local edits in between (as y-prosemirror does for
// carets). The margin places each card at its highlight's height, pushing cards down so none
// overlap. Which controls show depends on the role (roles.js); the server enforces it anyway.
// Once the link is gone (`end`, see editor.js) they are read-only, and comments the server never
// got are marked "Not sent".

import './review.css'
import { Extension } from '@tiptap/core'
import { Plugin, PluginKey } from '@tiptap/pm/state'
import { Decoration, DecorationSet } from '@tiptap/pm/view'
import { ySyncPluginKey } from 'y-prosemirror'
import { h } from './dom.js'
import { openRoom } from './sync.js'
import { draftBox } from './draft.js'
import { authorId, initials } from './identity.js'
import { whenEdited } from './labels.js'
import { abilities } from './roles.js'
import * as threads from './threads.js'

const GAP = 10 // pixels between cards in the margin
const TICK = 30_000 // how often "just now" and "5 minutes ago" are brought up to date, in ms

/** "5 minutes ago" for `iso`, kept up to date by the margin's clock (see `comments`). */
const relativeTime = (iso) => h('time', { class: 'relative-time', datetime: iso, text: whenEdited(iso) })

/**
 * Comments on the open postmortem `id`. Returns the editor `extension` (the highlights; it must
 * be there when the editor is made, since adding a plugin later restarts y-prosemirror's undo),
 * `attach(editor)` to start, the margin, the side-panel content, the comments Yjs doc and
 * `destroy()`. `onState` follows the comments room's connection and save state (sync.js).
 */
export function comments ({ id, token, user, role, onState }) {
  let canComment = abilities(role).comment
  let ended = false
  const me = () => ({ id: authorId(), name: user.name, color: user.color })
  const room = openRoom(id + '.comments', token, onState)
  const { doc } = room
  let editor = null
  let view = null

  let list = [] // readThreads(doc)
  let active = null // the thread in focus
  let pending = null // {anchor, quote} of the thread being opened
  let showResolved = false
  let editing = null // {thread, comment} being edited
  const cards = new Map() // thread id (or 'new') → {element, signature, ...}
  let opened = null // the new-thread card just made, to focus once laid out

  const margin = h('div', { class: 'comment-margin', id: 'comment-margin', role: 'complementary', 'aria-label': 'Comments' })
  const addButton = h('button', { type: 'button', class: 'add-comment', id: 'add-comment', hidden: true, title: 'Comment on the selected text (Ctrl+Alt+M)' },
    h('span', { 'aria-hidden': 'true', text: '+ ' }), 'Comment')

  // Highlights: one inline decoration per visible thread, plus the one being opened.
  const key = new PluginKey('comments')
  const visible = (t) => !t.resolved || showResolved || t.id === active
  const decorate = (state) => {
    const decorations = []
    const mark = (range, classes, thread) => {
      if (range) decorations.push(Decoration.inline(range.from, range.to, { class: classes, 'data-thread': thread }, { thread }))
    }
    for (const thread of list) {
      if (!visible(thread)) continue
      mark(threads.rangeOf(state, thread), 'comment-mark' + (thread.resolved ? ' resolved' : '') + (thread.id === active ? ' active' : ''), thread.id)
    }
    if (pending) mark(threads.rangeOf(state, pending.anchor), 'comment-mark pending active', 'new')
    return DecorationSet.create(state.doc, decorations)
  }
  const plugin = new Plugin({
    key,
    state: {
      init: (_, state) => decorate(state),
      apply (tr, decorations, _old, state) {
        if (tr.getMeta(key) || ySyncPluginKey.getState(state)?.isChangeOrigin) return decorate(state)
        return decorations.map(tr.mapping, tr.doc)
      }
    },
    props: { decorations: (state) => key.getState(state) }
  })

  // The side panel: counts, "show resolved", and a list that jumps to each thread.
  const summary = h('p', { class: 'comment-summary', id: 'comment-summary' })
  const resolvedToggle = h('input', { type: 'checkbox', id: 'show-resolved' })
  resolvedToggle.addEventListener('change', () => { showResolved = resolvedToggle.checked; refresh() })
  const index = h('ul', { class: 'comment-index', id: 'comment-index' })
  const panel = [
    h('h2', { text: 'Comments' }),
    summary,
    index,
    h('label', { class: 'toggle' }, resolvedToggle, ' Show resolved')
  ]

  // Layout follows the text, the window and every card's size (a reply being typed grows it).
  let frame = 0
  const queueLayout = () => {
    cancelAnimationFrame(frame)
    frame = requestAnimationFrame(layout)
  }
  const resized = new ResizeObserver(queueLayout)

  // Relative times age while the page stays open.
  const clock = setInterval(() => {
    for (const time of margin.querySelectorAll('time.relative-time')) time.textContent = whenEdited(time.dateTime)
  }, TICK)

  function refresh () {
    if (!editor || editor.isDestroyed) return
    list = threads.readThreads(doc, (comment) => !ended || room.isSent(comment))
    if (active && !list.some((t) => t.id === active)) active = null
    view.dispatch(view.state.tr.setMeta(key, true))
    renderCards()
    renderPanel()
    layout()
    // Focus the new box only once it is placed next to its phrase: focusing it before would
    // scroll the page to where it starts out, the top of the margin.
    if (opened) {
      opened.focus({ preventScroll: true })
      opened.element.scrollIntoView({ block: 'nearest' })
      opened = null
    }
  }
  let queued = false
  const queueRefresh = () => {
    if (queued) return
    queued = true
    queueMicrotask(() => { queued = false; refresh() })
  }
  threads.threadsOf(doc).observeDeep(queueRefresh)

  function focusThread (threadId, { scroll = true } = {}) {
    active = threadId
    refresh()
    if (!scroll) return
    const card = cards.get(threadId)
    const decoration = key.getState(view.state).find().find((d) => d.spec.thread === threadId)
    if (decoration) {
      const { node } = view.domAtPos(decoration.from)
      ;(node.nodeType === Node.TEXT_NODE ? node.parentElement : node).scrollIntoView({ block: 'center', behavior: 'smooth' })
    } else card?.element.scrollIntoView({ block: 'center', behavior: 'smooth' })
  }

  function renderPanel () {
    const open = list.filter((t) => !t.resolved)
    const resolved = list.length - open.length
    summary.textContent = list.length === 0
      ? (canComment ? 'No comments yet. Select text in the document and press Comment.' : 'No comments yet.')
      : `${open.length} open` + (resolved ? ` · ${resolved} resolved` : '')
    index.replaceChildren(...list.filter(visible).map((t) => h('li', {},
      h('button', { type: 'button', class: 'comment-index-item' + (t.resolved ? ' resolved' : ''), dataset: { thread: t.id }, onclick: () => focusThread(t.id) },
        h('span', { class: 'comment-index-quote', text: t.quote || '…' }),
        h('span', { class: 'muted', text: `${t.comments.length} · ${t.comments[0]?.author.name || ''}` })))))
  }

  // Cards in the margin, kept per thread so that a reply being typed survives others' changes.
  function renderCards () {
    const shown = new Set()
    for (const thread of list) {
      if (!visible(thread)) continue
      shown.add(thread.id)
      let card = cards.get(thread.id)
      if (!card) {
        card = threadCard(thread.id)
        cards.set(thread.id, card)
        margin.append(card.element)
        resized.observe(card.element)
      }
      card.update(thread)
    }
    if (pending) {
      shown.add('new')
      if (!cards.has('new')) {
        const card = composer()
        cards.set('new', card)
        margin.append(card.element)
        resized.observe(card.element)
        opened = card
      }
    }
    for (const [threadId, card] of cards) {
      if (shown.has(threadId)) continue
      card.destroy?.()
      resized.unobserve(card.element)
      card.element.remove()
      cards.delete(threadId)
    }
  }

  function composer () {
    const box = draftBox({
      token,
      placeholder: 'Add a comment…',
      submitLabel: 'Comment',
      onSubmit: (body) => {
        const author = me()
        active = threads.createThread(doc, { anchor: pending.anchor, quote: pending.quote, author, body })
        pending = null
        queueRefresh()
      },
      onCancel: () => { pending = null; refresh() }
    })
    const element = h('article', { class: 'thread composer active', id: 'new-thread', dataset: { thread: 'new' } },
      h('blockquote', { class: 'thread-quote', text: pending.quote }), box.element)
    return { element, focus: box.focus, destroy: box.destroy }
  }

  function threadCard (threadId) {
    const element = h('article', { class: 'thread', dataset: { thread: threadId }, tabindex: -1 })
    const body = h('div', { class: 'thread-content' })
    const detachedNote = h('p', { class: 'detached-note', text: 'on deleted text', hidden: true })
    const reply = canComment
      ? draftBox({ token, placeholder: 'Reply…', submitLabel: 'Reply', compact: true, onSubmit: (text) => threads.reply(doc, threadId, { author: me(), body: text }) })
      : null
    element.append(detachedNote, body)
    if (reply) element.append(reply.element)
    element.addEventListener('click', (event) => {
      if (active !== threadId && !event.target.closest('button')) focusThread(threadId, { scroll: false })
    })
    let signature = null
    return {
      element,
      detachedNote,
      destroy: () => reply?.destroy(),
      update (thread) {
        const next = JSON.stringify([thread.quote, thread.resolved, thread.resolvedBy, thread.comments, active === threadId, editing])
        element.classList.toggle('active', active === threadId)
        element.dataset.resolved = String(thread.resolved)
        if (reply) reply.element.hidden = thread.resolved
        if (next === signature) return
        signature = next
        body.replaceChildren(...threadContent(thread).filter(Boolean))
      }
    }
  }

  function threadContent (thread) {
    const mine = (comment) => canComment && comment.author.id === authorId()
    return [
      h('div', { class: 'thread-head' },
        h('blockquote', { class: 'thread-quote', text: thread.quote }),
        canComment
          ? h('button', {
            type: 'button',
            class: 'button small thread-resolve',
            text: thread.resolved ? 'Reopen' : 'Resolve',
            title: thread.resolved ? 'Open this thread again' : 'Mark as resolved and hide it',
            onclick: () => {
              threads.setResolved(doc, thread.id, !thread.resolved, user.name)
              if (!thread.resolved && active === thread.id) active = null
            }
          })
          : null),
      thread.resolved
        ? h('p', { class: 'resolved-note' }, `Resolved by ${thread.resolvedBy || 'someone'}`, thread.resolvedAt ? [' · ', relativeTime(thread.resolvedAt)] : null)
        : null,
      h('ol', { class: 'thread-comments' }, thread.comments.map((comment, i) => h('li', { class: 'comment', dataset: { comment: comment.id, sent: String(comment.sent) } },
        h('div', { class: 'comment-head' },
          h('span', { class: 'avatar', style: `background:${comment.author.color || '#475569'}`, 'aria-hidden': 'true', text: initials(comment.author.name || '?') }),
          h('span', { class: 'comment-author', text: comment.author.name || 'Someone' }),
          h('span', { class: 'muted comment-time', title: comment.createdAt ? new Date(comment.createdAt).toLocaleString() : '' },
            relativeTime(comment.createdAt), comment.editedAt ? ' · edited' : ''),
          comment.sent ? null : h('span', { class: 'unsent-badge', title: 'The server never got this comment', text: 'Not sent' })),
        editing?.comment === comment.id
          ? editBox(thread, comment)
          : h('p', { class: 'comment-body', text: comment.body }),
        mine(comment) && editing?.comment !== comment.id
          ? h('div', { class: 'comment-actions' },
            h('button', { type: 'button', class: 'link-button', text: 'Edit', onclick: () => { editing = { thread: thread.id, comment: comment.id }; refresh() } }),
            h('button', {
              type: 'button',
              class: 'link-button danger',
              text: 'Delete',
              onclick: () => {
                if (confirm(i === 0 ? 'Delete this comment and its whole thread?' : 'Delete this comment?')) threads.deleteComment(doc, thread.id, comment.id)
              }
            }))
          : null)))
    ]
  }

  function editBox (thread, comment) {
    const stop = () => { editing = null; refresh() }
    const box = draftBox({
      token,
      placeholder: 'Edit your comment',
      submitLabel: 'Save',
      value: comment.body,
      onSubmit: (text) => { threads.editComment(doc, thread.id, comment.id, text); stop() },
      onCancel: stop
    })
    queueMicrotask(box.focus)
    return box.element
  }

  // Places each card next to its phrase, the active one exactly there (the others make way);
  // cards whose phrase is gone go last, marked as such.
  function layout () {
    if (!margin.isConnected || !editor || editor.isDestroyed) return
    const base = margin.getBoundingClientRect().top
    const starts = new Map()
    for (const d of key.getState(view.state).find()) {
      if (!starts.has(d.spec.thread) || d.from < starts.get(d.spec.thread)) starts.set(d.spec.thread, d.from)
    }
    const wanted = []
    for (const [threadId, card] of cards) {
      const from = starts.get(threadId)
      let top = Infinity
      if (from !== undefined) {
        try { top = view.coordsAtPos(from).top - base } catch { top = Infinity }
      }
      card.detachedNote?.toggleAttribute('hidden', top !== Infinity)
      card.element.dataset.detached = String(top === Infinity)
      wanted.push({ card, top, from: from ?? Infinity, height: card.element.offsetHeight })
    }
    wanted.sort((a, b) => a.top - b.top || a.from - b.from)
    const focused = wanted.findIndex((w) => w.card.element.classList.contains('active') && w.top !== Infinity)
    const pinned = focused < 0 ? 0 : focused
    let limit = wanted[pinned]?.top ?? 0
    for (let i = pinned - 1; i >= 0; i--) { // above the active card: pushed up
      wanted[i].at = Math.max(0, Math.min(wanted[i].top, limit - GAP - wanted[i].height))
      limit = wanted[i].at
    }
    let next = 0
    for (let i = 0; i < wanted.length; i++) { // from the active card down: pushed down
      const w = wanted[i]
      if (i >= pinned) w.at = Math.max(w.top === Infinity ? next : w.top, next)
      else w.at = Math.max(w.at, next)
      w.card.element.style.top = w.at + 'px'
      next = w.at + w.height + GAP
    }
    margin.style.minHeight = next + 'px'
  }

  // Select text → "Comment" (or Ctrl+Alt+M), for those who may comment.
  function selectedRange () {
    const selection = document.getSelection()
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null
    const range = selection.getRangeAt(0)
    if (!view.dom.contains(range.startContainer) || !view.dom.contains(range.endContainer)) return null
    try {
      const from = view.posAtDOM(range.startContainer, range.startOffset)
      const to = view.posAtDOM(range.endContainer, range.endOffset)
      if (from >= to || !view.state.doc.textBetween(from, to, ' ').trim()) return null
      return { from, to }
    } catch {
      return null
    }
  }
  const showAddButton = () => {
    const range = editor.isDestroyed || !canComment ? null : selectedRange()
    addButton.hidden = !range
    if (!range) return
    const host = addButton.offsetParent || view.dom.parentElement
    const box = host.getBoundingClientRect()
    const end = view.coordsAtPos(range.to)
    addButton.style.top = (end.bottom - box.top + 6) + 'px'
    addButton.style.left = Math.max(0, Math.min(end.left - box.left - 20, box.width - 120)) + 'px'
  }
  function startThread () {
    const range = canComment && selectedRange()
    if (!range) return
    pending = { anchor: threads.anchorOf(view.state, range.from, range.to), quote: view.state.doc.textBetween(range.from, range.to, ' ') }
    active = null
    addButton.hidden = true
    const previous = cards.get('new')
    if (previous) {
      previous.destroy()
      resized.unobserve(previous.element)
      previous.element.remove()
      cards.delete('new')
    }
    refresh()
  }
  addButton.addEventListener('mousedown', (event) => event.preventDefault()) // keep the selection
  addButton.addEventListener('click', startThread)
  const shortcut = (event) => {
    if (event.key.toLowerCase() === 'm' && event.altKey && (event.ctrlKey || event.metaKey) && selectedRange()) {
      event.preventDefault()
      startThread()
    }
  }
  const clickMark = (event) => {
    const mark = event.target.closest?.('.comment-mark[data-thread]')
    if (mark && mark.dataset.thread !== 'new' && document.getSelection().isCollapsed) focusThread(mark.dataset.thread, { scroll: false })
  }

  return {
    extension: Extension.create({ name: 'comments', addProseMirrorPlugins: () => [plugin] }),
    margin,
    panel,
    doc,
    /** Stops the room for good (the link no longer works) and leaves the threads read-only. */
    end (reason) {
      if (ended) return
      ended = true
      canComment = false
      room.end(reason)
      pending = null
      editing = null
      addButton.remove()
      for (const card of cards.values()) {
        card.destroy?.()
        resized.unobserve(card.element)
        card.element.remove()
      }
      cards.clear()
      refresh()
    },
    attach (target) {
      editor = target
      view = editor.view
      editor.on('transaction', queueLayout)
      window.addEventListener('resize', queueLayout)
      resized.observe(view.dom)
      if (canComment) {
        document.addEventListener('selectionchange', showAddButton)
        document.addEventListener('keydown', shortcut)
        view.dom.parentElement.append(addButton)
      }
      view.dom.addEventListener('click', clickMark)
      refresh()
    },
    destroy () {
      cancelAnimationFrame(frame)
      clearInterval(clock)
      resized.disconnect()
      window.removeEventListener('resize', queueLayout)
      document.removeEventListener('selectionchange', showAddButton)
      document.removeEventListener('keydown', shortcut)
      for (const card of cards.values()) card.destroy?.()
      if (editor && !editor.isDestroyed) {
        editor.off('transaction', queueLayout)
        view.dom.removeEventListener('click', clickMark)
      }
      room.destroy()
    }
  }
}
