//! `debrief lint` as a user runs it: the built binary, real files, exit codes and output formats.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;
use tempfile::TempDir;

fn lint(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_debrief"))
        .arg("lint")
        .args(args)
        .output()
        .expect("run debrief lint")
}

fn write(dir: &TempDir, name: &str, text: &str) -> PathBuf {
    let path = dir.path().join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(&path, text).unwrap();
    path
}

fn s(path: &Path) -> &str {
    path.to_str().unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

/// The `rule` of each JSON finding, in order.
fn rule_ids(output: &Output) -> Vec<String> {
    json(output)
        .iter()
        .map(|f| f["rule"].as_str().unwrap().to_owned())
        .collect()
}

fn json(output: &Output) -> Vec<Value> {
    serde_json::from_slice::<Value>(&output.stdout)
        .expect("stdout is JSON")
        .as_array()
        .expect("a JSON array")
        .clone()
}

const POSTMORTEM: &str = "\
# Checkout outage

## Timeline

- 03:12 Laura paged the DBA.
- 03:20 The readiness probe failed to detect the hung worker.

## Analysis

The root cause was human error: Kevin pushed the broken config to production.

```sh
# human error in a code block is not prose
rm -rf /var/lib/app  # Kevin broke this
```

Marco ran `Kevin forgot` and the restore began.
";

#[test]
fn a_clean_file_exits_zero_and_prints_nothing() {
    let dir = TempDir::new().unwrap();
    let path = write(
        &dir,
        "clean.md",
        "# Outage\n\nJust after midnight, traffic shifted. It is clear from the graphs that latency rose.\n",
    );
    for format in ["text", "json"] {
        let out = lint(&["--format", format, s(&path)]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        assert_eq!(stderr(&out), "");
        if format == "json" {
            assert!(json(&out).is_empty());
        } else {
            assert_eq!(stdout(&out), "");
        }
    }
}

#[test]
fn json_findings_locate_each_phrase_in_the_file() {
    let dir = TempDir::new().unwrap();
    let path = write(&dir, "pm.md", POSTMORTEM);
    let out = lint(&["--format", "json", s(&path)]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(rule_ids(&out), ["human-error", "person-fault"]);
    let findings = json(&out);

    let chars: Vec<char> = POSTMORTEM.chars().collect();
    let lines: Vec<&str> = POSTMORTEM.lines().collect();
    for f in &findings {
        assert_eq!(f["path"], s(&path));
        let (start, end) = (f["start"].as_u64().unwrap(), f["end"].as_u64().unwrap());
        let text: String = chars[start as usize..end as usize].iter().collect();
        assert_eq!(f["text"], text.as_str());
        let (line, column) = (f["line"].as_u64().unwrap(), f["column"].as_u64().unwrap());
        let at: String = lines[line as usize - 1]
            .chars()
            .skip(column as usize - 1)
            .collect();
        assert!(at.starts_with(&text), "{at:?} does not start with {text:?}");
        assert!(f["message"].as_str().unwrap().contains("may read as"));
        assert!(!f["suggestion"].as_str().unwrap().is_empty());
        assert_eq!(f["severity"], "blame");
    }
    assert_eq!(findings[0]["text"], "human error");
    assert_eq!(
        (findings[0]["line"].as_u64(), findings[0]["column"].as_u64()),
        (Some(10), Some(20))
    );
    assert_eq!(findings[1]["text"], "Kevin pushed");
}

#[test]
fn text_output_names_file_line_column_rule_and_suggestion() {
    let dir = TempDir::new().unwrap();
    let path = write(&dir, "pm.md", "Intro.\n\nThe intern caused the outage.\n");
    let out = lint(&[s(&path)]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    let first = text.lines().next().unwrap();
    assert_eq!(
        first,
        format!(
            "{}:3:1: BLAME [person-fault] \"The intern caused\": This may read as blaming a person: it names who acted rather than what made the action possible.",
            s(&path)
        )
    );
    assert!(text.lines().nth(1).unwrap().starts_with("    suggestion: "));
    assert_eq!(text.lines().last().unwrap(), "1 finding in 1 file");
}

#[test]
fn ignore_comments_silence_rules_for_the_next_paragraph() {
    let dir = TempDir::new().unwrap();
    let path = write(
        &dir,
        "pm.md",
        "<!-- debrief-ignore human-error -->\nIt was human error. Kevin broke prod.\n\n\
         <!-- debrief-ignore -->\nIt was human error. Kevin broke prod.\n\n\
         It was human error.\n",
    );
    let out = lint(&["--format", "json", s(&path)]);
    assert_eq!(out.status.code(), Some(1));
    let found: Vec<(u64, String)> = json(&out)
        .iter()
        .map(|f| {
            (
                f["line"].as_u64().unwrap(),
                f["rule"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            (2, "person-fault".to_owned()),
            (7, "human-error".to_owned())
        ]
    );
}

#[test]
fn plain_text_files_and_folders_are_linted() {
    let dir = TempDir::new().unwrap();
    write(&dir, "notes/a.txt", "Kevin forgot\nto renew it.\n");
    write(&dir, "notes/b.md", "Obviously it broke.\n");
    write(&dir, "notes/skip.json", "{\"x\": \"human error\"}\n");
    write(&dir, "notes/.hidden/c.md", "human error\n");
    let out = lint(&["--format", "json", s(&dir.path().join("notes"))]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let found: Vec<(String, String)> = json(&out)
        .iter()
        .map(|f| {
            let path = PathBuf::from(f["path"].as_str().unwrap());
            let name = path.file_name().unwrap().to_str().unwrap().to_owned();
            (name, f["text"].as_str().unwrap().to_owned())
        })
        .collect();
    assert_eq!(
        found,
        [
            ("a.txt".to_owned(), "Kevin forgot".to_owned()),
            ("b.md".to_owned(), "Obviously".to_owned())
        ]
    );
}

#[test]
fn a_missing_file_is_an_error_but_the_others_are_still_checked() {
    let dir = TempDir::new().unwrap();
    let good = write(&dir, "pm.md", "It was human error.\n");
    let missing = dir.path().join("nope.md");
    let out = lint(&["--format", "json", s(&missing), s(&good)]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(json(&out).len(), 1);
    let err = stderr(&out);
    assert!(
        err.starts_with(&format!("debrief lint: cannot read {}: ", s(&missing))),
        "{err}"
    );
}

#[test]
fn a_rules_file_can_add_terms_and_rules() {
    let dir = TempDir::new().unwrap();
    let rules_file = write(
        &dir,
        "rules.toml",
        r#"
[terms]
team = ["guild"]

[[rule]]
id = "hero"
severity = "hindsight"
pattern = '''\b hero (?: es )? \b'''
message = "Hero stories may read as blame for everyone else."
suggestion = "Describe what helped the response."
examples = ["Priya was the hero of the night."]
counterexamples = ["The heron flew by."]
"#,
    );
    let pm = write(
        &dir,
        "pm.md",
        "It was the guild's fault. Laura was the hero.\n",
    );
    let out = lint(&["--format", "json", "--rules", s(&rules_file), s(&pm)]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(rule_ids(&out), ["fault", "hero"]);

    let replacing = write(
        &dir,
        "only.toml",
        &format!(
            "replace_defaults = true\n{}",
            std::fs::read_to_string(&rules_file).unwrap()
        ),
    );
    let out = lint(&["--format", "json", "--rules", s(&replacing), s(&pm)]);
    assert_eq!(rule_ids(&out), ["hero"]);
}

#[test]
fn a_bad_rules_file_is_an_error_and_nothing_is_checked() {
    let dir = TempDir::new().unwrap();
    let pm = write(&dir, "pm.md", "It was human error.\n");
    let bad = write(&dir, "rules.toml", "[[rule]]\nid = \"x\"\n");
    let out = lint(&["--format", "json", "--rules", s(&bad), s(&pm)]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stdout(&out), "");
    let err = stderr(&out);
    assert!(
        err.starts_with(&format!(
            "debrief lint: rules file {}: invalid rules file: ",
            s(&bad)
        )),
        "{err}"
    );
    assert!(err.contains("missing field"), "{err}");

    let missing = dir.path().join("none.toml");
    let out = lint(&["--rules", s(&missing), s(&pm)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).starts_with(&format!(
        "debrief lint: cannot read rules file {}",
        s(&missing)
    )));
}

#[test]
fn usage_errors_exit_two() {
    let out = lint(&[]);
    assert_eq!(out.status.code(), Some(2));
    let out = lint(&["--format", "yaml", "x.md"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn min_severity_blame_drops_hindsight_hints_and_text_weighs_them_less() {
    let dir = TempDir::new().unwrap();
    let path = write(
        &dir,
        "pm.md",
        "Obviously the disk filled.\n\nKevin forgot to renew the certificate.\n",
    );
    let out = lint(&["--format", "json", s(&path)]);
    let severities: Vec<String> = json(&out)
        .iter()
        .map(|f| f["severity"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(severities, ["hindsight", "blame"]);
    let text = stdout(&lint(&[s(&path)]));
    assert!(
        text.contains(":1:1: hint [hindsight] \"Obviously\": "),
        "{text}"
    );
    assert!(
        text.contains(":3:1: BLAME [person-omission] \"Kevin forgot\": "),
        "{text}"
    );

    let out = lint(&["--format", "json", "--min-severity", "blame", s(&path)]);
    assert_eq!(rule_ids(&out), ["person-omission"]);
    let out = lint(&[
        "--min-severity",
        "blame",
        s(&write(&dir, "hint.md", "Obviously.\n")),
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "only hints: nothing at this level"
    );
    assert_eq!(
        lint(&["--min-severity", "warning", s(&path)]).status.code(),
        Some(2)
    );
}

#[test]
fn an_ignore_naming_an_unknown_rule_exits_two_and_names_it() {
    let dir = TempDir::new().unwrap();
    let path = write(
        &dir,
        "pm.md",
        "Intro.\n\n<!-- debrief-ignore human-eror -->\nIt was human error.\n",
    );
    let out = lint(&["--format", "json", s(&path)]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(rule_ids(&out), ["human-error"], "the file is still checked");
    assert_eq!(
        stderr(&out),
        format!(
            "debrief lint: {}:4: debrief-ignore names an unknown rule `human-eror`\n",
            s(&path)
        )
    );
}

#[test]
fn the_privacy_check_runs_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let doc = write(
        &dir,
        "pm.md",
        "# Outage\n\nAcme Corp's admin (jane@acme.io) reported it from 84.17.45.210.\n\nDocs use 192.0.2.1 and ops@example.com.\n",
    );
    let terms = write(&dir, "terms.txt", "# customers\nAcme Corp\n");
    // Blame only by default: none of this is blame.
    let plain = lint(&["--format", "json", s(&doc)]);
    assert_eq!(plain.status.code(), Some(0), "{}", stderr(&plain));
    let both = lint(&[
        "--format",
        "json",
        "--checks",
        "blame,privacy",
        "--privacy-terms",
        s(&terms),
        s(&doc),
    ]);
    assert_eq!(both.status.code(), Some(1), "{}", stderr(&both));
    assert_eq!(
        rule_ids(&both),
        ["privacy-term", "privacy-email", "privacy-ip-address"]
    );
    assert!(json(&both)
        .iter()
        .all(|f| f["kind"] == "privacy" && f["replacement"].is_string()));
    let text = lint(&["--checks", "privacy", s(&doc)]);
    assert!(
        stdout(&text).contains("PRIVATE [privacy-email] \"jane@acme.io\""),
        "{}",
        stdout(&text)
    );
    let missing = lint(&[
        "--checks",
        "privacy",
        "--privacy-terms",
        "no/such/file",
        s(&doc),
    ]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(stderr(&missing).contains("privacy terms"));
}
