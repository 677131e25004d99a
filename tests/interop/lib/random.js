// Seeded random edits, so a failing run can be replayed with the same seed.

import * as Y from 'yjs'

import { TEXT, XML } from './docs.js'

/** mulberry32: a small, good-enough seeded PRNG returning floats in [0, 1). */
export function prng (seed) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

// Words with accents, CJK and astral-plane characters (two UTF-16 code units each).
const WORDS = ['the ', 'deploy ', 'rolled back ', 'naïve ', 'café ', '日本語 ', '🔥 ', '👩‍💻 ', 'x', '\n']
const MARKS = [{ bold: true }, { italic: true }, { bold: null }, { link: 'https://example.test/' }]

/** The text's content as one string, one placeholder character per embed (embeds count 1). */
function plain (ytext) {
  return ytext.toDelta().map((op) => (typeof op.insert === 'string' ? op.insert : '\u0000')).join('')
}

/**
 * Moves `pos` off the middle of a surrogate pair, as any real editor's cursor does. (Yjs itself
 * diverges when a no-op format starts inside a pair: it splits the pair into two U+FFFD on the
 * editing client only and sends nothing. That is a client-side Yjs quirk, not the server's.)
 */
function snap (str, pos) {
  const high = str.charCodeAt(pos - 1)
  return pos > 0 && pos < str.length && high >= 0xd800 && high <= 0xdbff ? pos - 1 : pos
}

export class RandomEditor {
  constructor (seed) {
    this.random = prng(seed)
  }

  int (n) {
    return Math.floor(this.random() * n)
  }

  pick (items) {
    return items[this.int(items.length)]
  }

  words (max = 3) {
    let s = ''
    for (let i = 0, n = 1 + this.int(max); i < n; i++) s += this.pick(WORDS)
    return s
  }

  /** A random position in `ytext`, on a character boundary. */
  position (ytext) {
    return snap(plain(ytext), this.int(ytext.length + 1))
  }

  /** A random non-empty range `[start, length]` of at most `max` code units, or null if empty. */
  range (ytext, max) {
    const str = plain(ytext)
    const start = snap(str, this.int(str.length))
    const end = snap(str, Math.min(str.length, start + 1 + this.int(max)))
    return end > start ? [start, end - start] : null
  }

  /** One random edit of the doc's `Y.Text`: insert, delete, format or embed. */
  editText (doc) {
    const text = doc.getText(TEXT)
    const op = this.int(10)
    const range = this.range(text, op < 7 ? 8 : 12)
    if (op < 4 || range === null) {
      if (this.int(3) === 0) text.insert(this.position(text), this.words(), this.pick(MARKS))
      else text.insert(this.position(text), this.words())
    } else if (op < 7) {
      text.delete(...range)
    } else if (op < 9) {
      text.format(...range, this.pick(MARKS))
    } else {
      text.insertEmbed(this.position(text), { image: `figure-${this.int(100)}.png` })
    }
  }

  /** A paragraph element with formatted text and a nested inline element. */
  paragraph () {
    const p = new Y.XmlElement('paragraph')
    p.setAttribute('data-level', String(this.int(4)))
    const t = new Y.XmlText()
    t.insert(0, this.words())
    const strong = new Y.XmlElement('strong')
    const inner = new Y.XmlText()
    inner.insert(0, this.words(2))
    strong.insert(0, [inner])
    p.insert(0, [t, strong])
    return p
  }

  /** One random edit of the doc's `Y.XmlFragment`: add, nest, attribute, text, format, delete. */
  editXml (doc) {
    const fragment = doc.getXmlFragment(XML)
    const elements = [...fragment.createTreeWalker((n) => n instanceof Y.XmlElement)]
    const texts = [...fragment.createTreeWalker((n) => n instanceof Y.XmlText)]
    const op = this.int(10)
    if (op < 3 || elements.length === 0) {
      fragment.insert(this.int(fragment.length + 1), [this.paragraph()])
    } else if (op < 4) {
      const parent = this.pick(elements)
      const child = this.int(2) === 0 ? this.paragraph() : new Y.XmlText(this.words(1))
      parent.insert(this.int(parent.length + 1), [child])
    } else if (op < 5) {
      this.pick(elements).setAttribute(this.pick(['class', 'data-owner', 'title']), this.words(1).trim() || 'x')
    } else if (op < 7 && texts.length > 0) {
      const t = this.pick(texts)
      t.insert(this.position(t), this.words(2), this.int(2) === 0 ? this.pick(MARKS) : undefined)
    } else if (op < 8 && texts.length > 0) {
      const t = this.pick(texts)
      const range = this.range(t, 20)
      if (range) t.format(...range, this.pick(MARKS))
    } else if (op < 9 && texts.length > 0) {
      const t = this.pick(texts)
      const range = this.range(t, 5)
      if (range) t.delete(...range)
    } else {
      const parent = this.int(2) === 0 ? fragment : this.pick(elements)
      if (parent.length > 0) parent.delete(this.int(parent.length), 1)
    }
  }
}
