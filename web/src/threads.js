// Review threads as docs/rooms.md lays them out in the room `P.comments`: `threads` maps a
// thread id to a Y.Map {start, end, quote, author, createdAt, resolved, resolvedBy, resolvedAt,
// comments}, where `comments` is a Y.Array of Y.Maps {id, author, body, createdAt, editedAt?} and
// the first comment opens the thread. `start` and `end` are encoded Yjs relative positions into
// the body, so a thread keeps covering its phrase however the text around it changes.

import * as Y from 'yjs'
import { uuidv4 } from 'lib0/random'
import { ySyncPluginKey, absolutePositionToRelativePosition, relativePositionToAbsolutePosition } from 'y-prosemirror'

const now = () => new Date().toISOString()

export const threadsOf = (doc) => doc.getMap('threads')

/**
 * The anchor of the editor range [from, to): the start sticks to the range's first character
 * and the end to its last, so text typed just outside the range stays outside.
 */
export function anchorOf (state, from, to) {
  const { doc, type, binding } = ySyncPluginKey.getState(state)
  const start = absolutePositionToRelativePosition(from, type, binding.mapping)
  let end = absolutePositionToRelativePosition(to, type, binding.mapping)
  const at = Y.createAbsolutePositionFromRelativePosition(end, doc)
  if (at && at.type instanceof Y.XmlText && at.index > 0) end = Y.createRelativePositionFromTypeIndex(at.type, at.index, -1)
  return { start: Y.encodeRelativePosition(start), end: Y.encodeRelativePosition(end) }
}

/** Where `thread` is in the editor now: {from, to}, or null when its text is gone. */
export function rangeOf (state, thread) {
  const ystate = ySyncPluginKey.getState(state)
  if (!ystate?.binding || ystate.binding.mapping.size === 0) return null
  try {
    const resolve = (bytes) => relativePositionToAbsolutePosition(ystate.doc, ystate.type, Y.decodeRelativePosition(bytes), ystate.binding.mapping)
    const from = resolve(thread.start)
    const to = resolve(thread.end)
    if (from === null || to === null || from >= to || to > state.doc.content.size) return null
    return state.doc.textBetween(from, to, ' ') ? { from, to } : null
  } catch {
    return null // an anchor from a foreign or damaged document points nowhere
  }
}

const plain = (value) => (value instanceof Y.AbstractType ? value.toJSON() : value)

/**
 * Every well-formed thread as a plain object, oldest first; each comment's `sent` is
 * `isSent(its Y.Map)`.
 */
export function readThreads (doc, isSent = () => true) {
  const list = []
  threadsOf(doc).forEach((thread, id) => {
    if (!(thread instanceof Y.Map)) return
    const start = thread.get('start')
    const end = thread.get('end')
    const comments = thread.get('comments')
    if (!(start instanceof Uint8Array) || !(end instanceof Uint8Array) || !(comments instanceof Y.Array)) return
    list.push({
      id,
      start,
      end,
      quote: String(thread.get('quote') ?? ''),
      author: plain(thread.get('author')) || {},
      createdAt: thread.get('createdAt') || '',
      resolved: thread.get('resolved') === true,
      resolvedBy: thread.get('resolvedBy') || '',
      resolvedAt: thread.get('resolvedAt') || '',
      comments: comments.toArray().filter((c) => c instanceof Y.Map).map((c) => ({
        id: c.get('id'),
        author: plain(c.get('author')) || {},
        body: String(c.get('body') ?? ''),
        createdAt: c.get('createdAt') || '',
        editedAt: c.get('editedAt') || '',
        sent: isSent(c)
      }))
    })
  })
  return list.sort((a, b) => a.createdAt.localeCompare(b.createdAt))
}

function newComment (author, body) {
  const comment = new Y.Map()
  for (const [key, value] of Object.entries({ id: uuidv4(), author, body, createdAt: now() })) comment.set(key, value)
  return comment
}

/** Opens a thread on `anchor` ({start, end}) quoting `quote`; returns its id. */
export function createThread (doc, { anchor, quote, author, body }) {
  const id = uuidv4()
  doc.transact(() => {
    const thread = new Y.Map()
    threadsOf(doc).set(id, thread)
    thread.set('start', anchor.start)
    thread.set('end', anchor.end)
    thread.set('quote', quote)
    thread.set('author', author)
    thread.set('createdAt', now())
    thread.set('resolved', false)
    const comments = new Y.Array()
    thread.set('comments', comments)
    comments.push([newComment(author, body)])
  })
  return id
}

const threadMap = (doc, threadId) => threadsOf(doc).get(threadId)

export function reply (doc, threadId, { author, body }) {
  threadMap(doc, threadId)?.get('comments').push([newComment(author, body)])
}

function findComment (doc, threadId, commentId) {
  const comments = threadMap(doc, threadId)?.get('comments')
  const index = comments ? comments.toArray().findIndex((c) => c.get('id') === commentId) : -1
  return index < 0 ? null : { comments, index, comment: comments.get(index) }
}

export function editComment (doc, threadId, commentId, body) {
  const found = findComment(doc, threadId, commentId)
  if (!found) return
  doc.transact(() => {
    found.comment.set('body', body)
    found.comment.set('editedAt', now())
  })
}

/** Deletes a comment; deleting the opening comment deletes the thread. */
export function deleteComment (doc, threadId, commentId) {
  const found = findComment(doc, threadId, commentId)
  if (!found) return
  if (found.index === 0) threadsOf(doc).delete(threadId)
  else found.comments.delete(found.index, 1)
}

export function setResolved (doc, threadId, resolved, by) {
  const thread = threadMap(doc, threadId)
  if (!thread) return
  doc.transact(() => {
    thread.set('resolved', resolved)
    if (resolved) {
      thread.set('resolvedBy', by)
      thread.set('resolvedAt', now())
    } else {
      thread.delete('resolvedBy')
      thread.delete('resolvedAt')
    }
  })
}
