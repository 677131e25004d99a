// Who you are to the others in a document: a name (asked once, kept in this browser) and a
// colour for your cursor and avatar. The colour kept in this browser is only a preference: in a
// document, nobody shares a colour with someone already there while there are colours left (the
// palette has 12), see `distinctColor`.

import { askText } from './dialog.js'
import { uuidv4 } from 'lib0/random'

const NAME_KEY = 'debrief.name'
const COLOR_KEY = 'debrief.color'
const AUTHOR_KEY = 'debrief.author'
const PALETTE = ['#c2410c', '#a16207', '#4d7c0f', '#047857', '#0e7490', '#1d4ed8',
  '#6d28d9', '#a21caf', '#db2777', '#be123c', '#7c2d12', '#475569']

export function storedName () {
  return localStorage.getItem(NAME_KEY) || ''
}

/** This browser's stable id, e.g. to know which comments are yours. */
export function authorId () {
  let id = localStorage.getItem(AUTHOR_KEY)
  if (!id) {
    id = uuidv4()
    localStorage.setItem(AUTHOR_KEY, id)
  }
  return id
}

function color () {
  let value = localStorage.getItem(COLOR_KEY)
  if (!PALETTE.includes(value)) {
    value = PALETTE[Math.floor(Math.random() * PALETTE.length)]
    localStorage.setItem(COLOR_KEY, value)
  }
  return value
}

/**
 * The colour to show for client `self` in a document whose awareness `states` (client id →
 * state) are present: it only ever gives way to clients with lower ids, so everyone settles on
 * distinct colours (while there are at most 12 people). `preferred` when no lower client shows
 * it, else the `current` one on the same terms, else the first colour after `preferred` in the
 * palette that nobody shows.
 */
export function distinctColor (states, self, preferred, current) {
  const shown = (which) => new Set([...states]
    .filter(([client, state]) => client !== self && which(client) && state.user?.color)
    .map(([, state]) => state.user.color))
  const lower = shown((client) => client < self)
  if (!lower.has(preferred)) return preferred
  if (!lower.has(current)) return current
  const anyone = shown(() => true)
  const start = Math.max(0, PALETTE.indexOf(preferred))
  const after = PALETTE.map((_, i) => PALETTE[(start + i) % PALETTE.length])
  return after.find((c) => !anyone.has(c)) ?? after.find((c) => !lower.has(c)) ?? preferred
}

/**
 * The current user: a signed-in member (`session` from `/api/session`) is who the identity
 * provider says; anyone else is asked for a name first if this browser has none.
 */
export async function ensureUser (session) {
  if (session?.mode === 'member') return { name: session.name, color: color() }
  let name = storedName()
  while (!name) {
    name = await askText({
      title: 'Welcome to Debrief',
      label: 'Your name, as others will see it next to your cursor',
      placeholder: 'e.g. Dana Kim',
      confirm: 'Continue',
      cancellable: false
    }) || ''
  }
  localStorage.setItem(NAME_KEY, name)
  return { name, color: color() }
}

/** Asks for a new name; resolves to the user, changed or not. */
export async function changeName () {
  const name = await askText({ title: 'Your name', label: 'Shown to others next to your cursor', value: storedName(), confirm: 'Save' })
  if (name) localStorage.setItem(NAME_KEY, name)
  return { name: storedName(), color: color() }
}

export function initials (name) {
  const parts = name.trim().split(/\s+/).filter(Boolean)
  return ((parts[0]?.[0] || '?') + (parts.length > 1 ? parts[parts.length - 1][0] : '')).toUpperCase()
}
