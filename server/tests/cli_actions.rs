//! `debrief actions` as a user runs it: the built binary on files in a temporary directory.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::{json, Value};

const DOC: &str = "# Postmortem: queue backlog

## Timeline
- 09:12 Alert fires. Action: page the on-call.

## Action items
- [ ] Cap the queue size (@ana, due 2026-11-01, OPS-7)
- [x] Page on queue age — owner: @ben
- Investigate the consumer

TODO(cy): share the dashboard.
";

fn debrief(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_debrief"))
        .args(args)
        .output()
        .expect("run debrief")
}

fn write_doc(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write doc");
    path.to_str().expect("utf-8 path").to_string()
}

#[test]
fn json_lists_every_item_with_all_fields() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_doc(dir.path(), "pm.md", DOC);
    let out = debrief(&["actions", "--format", "json", &path]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let items: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(
        items,
        json!([
            {"path": path, "line": 7, "text": "Cap the queue size", "owner": "ana",
             "due": "2026-11-01", "ticket": "OPS-7", "status": "open", "type": null,
             "problems": [], "status_in": "checkbox"},
            {"path": path, "line": 8, "text": "Page on queue age", "owner": "ben",
             "due": null, "ticket": null, "status": "done", "type": null, "problems": [],
             "status_in": "checkbox"},
            {"path": path, "line": 9, "text": "Investigate the consumer", "owner": null,
             "due": null, "ticket": null, "status": "open", "type": null,
             "problems": ["no_owner", "no_due_date", "vague"], "status_in": "text"},
            {"path": path, "line": 11, "text": "share the dashboard", "owner": "cy",
             "due": null, "ticket": null, "status": "open", "type": null,
             "problems": ["no_due_date"], "status_in": "text"},
        ])
    );
}

#[test]
fn csv_has_a_header_and_one_row_per_item() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_doc(dir.path(), "pm.md", DOC);
    let out = debrief(&["actions", "--format", "csv", &path]);
    assert!(out.status.success());
    let mut reader = csv::Reader::from_reader(out.stdout.as_slice());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        header,
        ["path", "line", "text", "owner", "due", "ticket", "status", "type", "problems"]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 4);
    assert_eq!(&rows[0][2], "Cap the queue size");
    assert_eq!(&rows[0][5], "OPS-7");
    assert_eq!(&rows[2][8], "no_owner;no_due_date;vague");
}

#[test]
fn text_is_the_default_format() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_doc(dir.path(), "pm.md", DOC);
    let out = debrief(&["actions", &path]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains(&format!("{path}:7: [open] Cap the queue size")),
        "{text}"
    );
    assert!(
        text.contains("owner: ana  due: 2026-11-01  ticket: OPS-7"),
        "{text}"
    );
    assert!(
        text.contains("problems: no_owner, no_due_date, vague"),
        "{text}"
    );
    assert!(
        text.ends_with("4 action items (3 open) in 1 file\n"),
        "{text}"
    );
}

#[test]
fn directories_are_searched_for_markdown() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("nested")).unwrap();
    write_doc(dir.path(), "b.md", "## Follow-ups\n- Add a canary\n");
    write_doc(
        &dir.path().join("nested"),
        "a.markdown",
        "AI: rotate keys\n",
    );
    write_doc(dir.path(), "notes.txt", "AI: not markdown\n");
    let out = debrief(&["actions", "--format", "json", dir.path().to_str().unwrap()]);
    assert!(out.status.success());
    let items: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    let texts: Vec<&str> = items.iter().map(|i| i["text"].as_str().unwrap()).collect();
    assert_eq!(texts, ["Add a canary", "rotate keys"]);
}

#[test]
fn a_document_without_items_gives_an_empty_array() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_doc(dir.path(), "pm.md", "# Nothing\n\nAll fine.\n");
    let out = debrief(&["actions", "--format", "json", &path]);
    assert!(out.status.success());
    assert_eq!(
        serde_json::from_slice::<Value>(&out.stdout).unwrap(),
        json!([])
    );
}

#[test]
fn a_missing_file_is_a_clear_error_with_no_output() {
    let dir = tempfile::tempdir().unwrap();
    let good = write_doc(dir.path(), "pm.md", DOC);
    let missing = dir.path().join("missing.md");
    let out = debrief(&[
        "actions",
        "--format",
        "json",
        &good,
        missing.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("cannot read") && stderr.contains("missing.md"),
        "{stderr}"
    );
}

#[test]
fn a_file_that_is_not_text_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bin.md");
    std::fs::write(&path, [0xff, 0xfe, 0x00]).unwrap();
    let out = debrief(&["actions", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8(out.stderr).unwrap().contains("bin.md"));
}

#[test]
fn bad_arguments_are_usage_errors() {
    assert_eq!(debrief(&["actions"]).status.code(), Some(2));
    let out = debrief(&["actions", "--format", "xml", "x.md"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8(out.stderr).unwrap().contains("xml"));
}

#[test]
fn a_words_file_extends_the_built_in_lists() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_doc(
        dir.path(),
        "pm.md",
        "## Action items\n- Failover to secondary region drills every quarter\n",
    );
    let owner = |out: &Output| -> Value {
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice::<Value>(&out.stdout).expect("json")[0]["owner"].clone()
    };
    // Without the team's word, `Failover to …` reads as a person to a verb.
    assert_eq!(
        owner(&debrief(&["actions", "--format", "json", &path])),
        "Failover"
    );
    let words = write_doc(
        dir.path(),
        "words.toml",
        "[owner]\nnot_people = [\"failover\"]\n",
    );
    let with_words = debrief(&["actions", "--format", "json", "--words", &words, &path]);
    assert_eq!(owner(&with_words), Value::Null);

    let bad = write_doc(dir.path(), "bad.toml", "[owner]\nnot_peeple = [\"x\"]\n");
    let out = debrief(&["actions", "--words", &bad, &path]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("not_peeple"));
}
