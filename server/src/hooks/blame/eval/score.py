#!/usr/bin/env python3
"""Quality figures of `debrief lint` on labelled sentence sets and on the real corpus.

Usage:
  score.py BINARY [--shared DIR] [--misses] [--by-form] [--min-p 0.95] [--min-r 0.90] [--report-only SET]

For each set (the shared dev sets in DIR/eval if DIR exists, then every train*.tsv and every
heldout*.tsv beside this script, in name order) it prints precision and recall on one line; a sentence counts as flagged when
`debrief lint` reports any finding on it, whatever its severity, as the shared scorer does.
Sentences labelled `hindsight` are hints: they count neither way, and the line says how many of
them got a finding. A set with no blame rows (hard negatives only) gets how many of its rows are
flagged instead, reported and not enforced. Then, with DIR/corpus, the recall on the sentences of
corpus.tsv (clear and borderline apart) and the number of findings on the reports (not on
SOURCES.md, which says where they come from).

Exits 1 if a set's precision or recall is under the thresholds, except for the sets named with
`--report-only` (a target not met yet: its line still says so, but the run does not fail). `--misses` lists the missed and
falsely flagged sentences of the sets one may tune on and the corpus findings; never those of
heldout.tsv, whose figures are the honest estimate on unseen text. `--by-form` adds per-form
precision and recall under each set's line (counts only, so it is safe on heldout.tsv too). `--corpus-table` prints the
corpus sentences as the Markdown table of docs/blame-linter.md.
"""
import argparse, json, os, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


def lint(binary, paths):
    out = subprocess.run([binary, "lint", "--format", "json", *paths], capture_output=True, text=True, timeout=300)
    if out.returncode not in (0, 1):
        sys.exit(f"debrief lint failed (rc={out.returncode}): {out.stderr[:300]}")
    return json.loads(out.stdout)


def read_rows(path):
    """(label, form, sentence) rows of a 2-column (label, sentence) or 3-column (label, form, sentence)
    file; the form is empty in a 2-column file."""
    rows = []
    with open(path, encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        for line in f:
            if not line.strip():
                continue
            cols = line.rstrip("\n").split("\t")
            rows.append((cols[0], cols[1], cols[-1]) if len(header) >= 3 else (cols[0], "", "\t".join(cols[1:])))
    return rows


def score_set(binary, name, path, show, min_p, min_r, by_form):
    rows = read_rows(path)
    with tempfile.NamedTemporaryFile("w", suffix=".md", delete=False, encoding="utf-8") as f:
        for _, _, s in rows:
            f.write(s + "\n\n")
        tmp = f.name
    try:
        flagged = {int(x["line"]) for x in lint(binary, [tmp])}
    finally:
        os.unlink(tmp)
    tp = fp = fn = hints = hinted = 0
    notes = []
    forms = {}
    for i, (label, form, s) in enumerate(rows):
        hit = 2 * i + 1 in flagged
        counts = forms.setdefault(form, {"tp": 0, "fp": 0, "fn": 0})
        if label == "hindsight":
            hints += 1
            hinted += hit
        elif label == "blame":
            tp += hit
            fn += not hit
            counts["tp" if hit else "fn"] += 1
            if not hit:
                notes.append(f"  missed: {s}")
        elif hit:
            fp += 1
            counts["fp"] += 1
            notes.append(f"  false alarm: {s}")
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    if tp + fn == 0:
        # A set of hard negatives only: no recall to speak of, and its false alarms are reported,
        # not enforced (they are the blameless sentences most like blame that writers could find).
        negatives = sum(1 for label, _, _ in rows if label != "blame" and label != "hindsight")
        print(f"{name:<16} hard negatives only: {fp} of {negatives} flagged")
        ok = True
    else:
        ok = p >= min_p and r >= min_r
        extra = f", hindsight rows flagged {hinted}/{hints}" if hints else ""
        print(f"{name:<16} precision={p:.3f} recall={r:.3f} (tp={tp} fp={fp} fn={fn}{extra}){'' if ok else '  BELOW THRESHOLD'}")
    if by_form:
        for form, c in sorted(forms.items()):
            fp_ = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 0.0
            fr = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 0.0
            print(f"  {form or '(no form)':<24} precision={fp_:.3f} recall={fr:.3f} (tp={c['tp']} fp={c['fp']} fn={c['fn']})")
    if show:
        print("\n".join(notes))
    return ok


def score_corpus(binary, corpus_dir, show, table):
    # The reports only: SOURCES.md says where they come from and is no postmortem (the trainer
    # leaves it out too).
    findings = [f for f in lint(binary, [corpus_dir]) if os.path.basename(f["path"]) != "SOURCES.md"]
    by_line = {}
    for f in findings:
        rel = os.path.relpath(f["path"], corpus_dir)
        by_line.setdefault((rel, int(f["line"])), []).append(f)
    caught = {"clear": [0, 0], "borderline": [0, 0]}
    matched = set()
    rows = []
    with open(os.path.join(HERE, "corpus.tsv"), encoding="utf-8") as fh:
        fh.readline()
        for line in fh:
            if not line.strip():
                continue
            path, lineno, judgement, form, sentence = line.rstrip("\n").split("\t", 4)
            lineno = int(lineno)
            text = open(os.path.join(corpus_dir, path), encoding="utf-8").read().split("\n")[lineno - 1]
            col = text.find(sentence[:60])
            lo, hi = (col + 1, col + 1 + len(sentence)) if col >= 0 else (1, len(text) + 1)
            hits = [f for f in by_line.get((path, lineno), []) if lo - 1 <= int(f["column"]) <= hi]
            for f in hits:
                matched.add(id(f))
            caught[judgement][0] += bool(hits)
            caught[judgement][1] += 1
            rows.append((judgement, form, path, lineno, sentence, hits))
    for judgement in ("clear", "borderline"):
        c, n = caught[judgement]
        print(f"corpus {judgement:<10} recall={c / n if n else 0:.3f} ({c} of {n} caught)")
    unmatched = [f for f in findings if id(f) not in matched]
    print(f"corpus findings  {len(findings)} on {len({f['path'] for f in findings})} files; "
          f"{len(findings) - len(unmatched)} on sentences judged blameful, {len(unmatched)} elsewhere")
    if table:
        print("| report:line | judgement | form | sentence | caught |")
        print("|---|---|---|---|---|")
        for judgement, form, path, lineno, sentence, hits in rows:
            caught_by = ", ".join(sorted({f"`{f['rule']}`" for f in hits})) or "no"
            cell = sentence.replace("|", "\\|")
            print(f"| {path.split('/')[-1]}:{lineno} | {judgement} | {form} | {cell} | {caught_by} |")
    if show:
        for judgement, form, path, lineno, sentence, hits in rows:
            if not hits:
                print(f"  missed ({judgement}, {form}): {path}:{lineno}: {sentence}")
        for f in unmatched:
            print(f"  elsewhere: {os.path.relpath(f['path'], corpus_dir)}:{f['line']}: [{f['rule']}] {f['text']!r}")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("binary")
    ap.add_argument("--shared", default=os.path.join(HERE, "../../../../../../shared"))
    ap.add_argument("--misses", action="store_true")
    ap.add_argument("--corpus-table", action="store_true")
    ap.add_argument("--by-form", action="store_true", help="per-form counts under each set's line")
    ap.add_argument("--min-p", type=float, default=0.95)
    ap.add_argument("--min-r", type=float, default=0.90)
    ap.add_argument("--report-only", action="append", default=[], metavar="SET")
    args = ap.parse_args()
    sets = []
    shared_eval = os.path.join(args.shared, "eval")
    if os.path.isdir(shared_eval):
        sets += [("blame-dev", os.path.join(shared_eval, "blame-dev.tsv")),
                 ("blame-dev-2", os.path.join(shared_eval, "blame-dev-2.tsv"))]
    else:
        print(f"no {shared_eval}: shared dev sets skipped")
    # Every labelled set beside this script: the training sets, then the held-out ones, each in
    # name order (train, train-chat, train-e, ...; heldout, heldout-2, ...).
    for kind in ("train", "heldout"):
        names = sorted(f[:-4] for f in os.listdir(HERE) if f.startswith(kind) and f.endswith(".tsv"))
        sets += [(name, os.path.join(HERE, name + ".tsv")) for name in names]
    ok = True
    for name, path in sets:
        met = score_set(args.binary, name, path, args.misses and not name.startswith("heldout"), args.min_p, args.min_r, args.by_form)
        if not met and name in args.report_only:
            print(f"{name:<16} (reported only: the target is not met yet)")
        else:
            ok &= met
    corpus = os.path.join(args.shared, "corpus")
    if os.path.isdir(corpus):
        score_corpus(args.binary, corpus, args.misses, args.corpus_table)
    sys.exit(0 if ok else 1)


main()
