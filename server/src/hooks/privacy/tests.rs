//! Each kind of private data, with sentences that must flag it and look-alikes that must not.

use super::*;

fn kinds(text: &str) -> Vec<(Kind, String)> {
    check(text, &Terms::default())
        .into_iter()
        .map(|f| (f.kind, f.text))
        .collect()
}

fn flags(text: &str, kind: Kind, what: &str) {
    let found = kinds(text);
    assert!(
        found.iter().any(|(k, t)| *k == kind && t == what),
        "{text:?} should flag {what:?} as {kind:?}: {found:?}"
    );
}

fn clean(text: &str) {
    let found = kinds(text);
    assert!(found.is_empty(), "{text:?} should flag nothing: {found:?}");
}

#[test]
fn emails() {
    flags(
        "Ping jane.doe@acme-corp.io about it",
        Kind::Email,
        "jane.doe@acme-corp.io",
    );
    flags(
        "Customer contact: ops+alerts@shop.co.uk.",
        Kind::Email,
        "ops+alerts@shop.co.uk",
    );
    clean("Mail oncall@example.com or ops@status.example.org");
    clean("Use user@localhost and bot@ci.test in the fixtures");
    clean("Bump @types/node and ping @kim");
}

#[test]
fn phone_numbers() {
    flags(
        "Called the customer at +1 415 555 0132 twice",
        Kind::Phone,
        "+1 415 555 0132",
    );
    flags("Their desk: (415) 555-0198.", Kind::Phone, "(415) 555-0198");
    flags(
        "UK office +44 20 7946 0958",
        Kind::Phone,
        "+44 20 7946 0958",
    );
    clean("Between 2026-11-14 and 2026-11-15, 14:02:11 UTC");
    clean("Latency rose from 120 ms to 2300 ms; 4,096 requests failed");
    clean("See OPS-4152 and INC-2026-1104");
}

#[test]
fn ip_addresses() {
    flags(
        "Traffic from 84.17.45.210 spiked",
        Kind::IpAddress,
        "84.17.45.210",
    );
    flags(
        "The pod at 10.2.14.7 answered",
        Kind::IpAddress,
        "10.2.14.7",
    );
    flags(
        "Blocked 2a02:c7f:5c44:2a00::1 at the edge",
        Kind::IpAddress,
        "2a02:c7f:5c44:2a00::1",
    );
    clean("Documentation hosts 192.0.2.10, 198.51.100.7 and 203.0.113.99 only");
    clean("Also 2001:db8::1 and 2001:db8:0:1::42");
    clean("Bound to 127.0.0.1 and 0.0.0.0 and ::1");
    clean("Upgraded to v1.2.3.4 and version 10.4.1.2; build 1.2.3.4.5");
    clean("At 12:30:45 the queue drained; ratio 3:1:2");
    clean("300.1.2.3 is not an address");
}

#[test]
fn card_numbers() {
    flags(
        "Charged card 4111 1111 1111 1111 twice",
        Kind::CardNumber,
        "4111 1111 1111 1111",
    );
    flags(
        "PAN 5555-5555-5555-4444 in the log",
        Kind::CardNumber,
        "5555-5555-5555-4444",
    );
    clean("Order 4111 1111 1111 1112 failed the check");
    clean("Trace id 1234567890123456 and 0000 0000 0000 0000");
}

#[test]
fn secrets() {
    flags(
        "The key AKIAIOSFODNN7EXAMPLE leaked in the build log",
        Kind::Secret,
        "AKIAIOSFODNN7EXAMPLE",
    );
    let github = format!("ghp_{}", "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8");
    flags(
        &format!("token {github} was in the script"),
        Kind::Secret,
        &github,
    );
    flags(
        "curl -H 'Authorization: Bearer 9f8a7b6c5d4e3f2a1b0c9d8e7f6a' …",
        Kind::Secret,
        "Bearer 9f8a7b6c5d4e3f2a1b0c9d8e7f6a",
    );
    flags(
        "api_key=Zx81kQ2mP9vL4tR7wY3bN6cH0sD5fG1j in the config",
        Kind::Secret,
        "Zx81kQ2mP9vL4tR7wY3bN6cH0sD5fG1j",
    );
    flags(
        "the db password: hunter2hunter2 was reused",
        Kind::Secret,
        "hunter2hunter2",
    );
    let jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U";
    flags(&format!("Session {jwt} was valid"), Kind::Secret, jwt);
    let key = "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA\n-----END RSA PRIVATE KEY-----";
    flags(&format!("Pasted:\n{key}\nby mistake"), Kind::Secret, key);
    clean("The token bucket refilled; rotate the secret weekly; key: see the runbook");
    clean("We set timeout_key=request_timeout_seconds_default in the chart");
    clean("The bearer of bad news was the dashboard");
}

#[test]
fn issuer_token_shapes() {
    // Built from parts, so the source holds no token a scanner would take for a real one.
    for token in [
        format!("xoxb-{}", "2048613579-4096813572-Qw8eRt6yUi4oPa2s"),
        format!("AIza{}", "SyD4kq9Lm2Xv7Bn0Pw3Rt6Yu1Io5Ae8Zc3F"),
        format!("sk_live_{}", "51Hk2Lm9Qp4Rs7Tv0Wx3Yz6A"),
        format!(
            "github_pat_{}",
            "11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ"
        ),
    ] {
        flags(
            &format!("It was in the log: {token}."),
            Kind::Secret,
            &token,
        );
    }
    clean("The Slack channel #inc-2026 and the sk_test_ mode of Stripe");
}

#[test]
fn ids_hashes_and_timestamps_in_ordinary_text() {
    clean("Reverted commit 3f9a2c1e8b7d6f5a4c3b2e1d0f9a8b7c6d5e4f3a (short 3f9a2c1)");
    clean("Request 550e8400-e29b-41d4-a716-446655440000 timed out");
    clean("From 2026-11-14T14:02:11Z to 2026-11-14T15:40:00+01:00, 1h38m in all");
    clean("Pager duty rotation PD-1042, sprint 2026.47, p99 1.25s");
    clean("Node 10.2.14 and subnet 10.2 are not addresses; neither is 1.2.3.4.5.6");
}

#[test]
fn terms_from_a_list() {
    let terms = Terms::parse("# customers\nAcme Corp\nGlobex  # since 2025\n\n").unwrap();
    let found: Vec<(Kind, String)> =
        check("Acme Corp and globex were hit; acmecorp was not", &terms)
            .into_iter()
            .map(|f| (f.kind, f.text))
            .collect();
    assert_eq!(
        found,
        [
            (Kind::Term, "Acme Corp".to_owned()),
            (Kind::Term, "globex".to_owned())
        ]
    );
    assert!(check("Acme Corp", &Terms::parse("# nothing\n").unwrap()).is_empty());
}

#[test]
fn findings_do_not_overlap_and_carry_a_redaction() {
    let text = "Card 4111111111111111, mail a@acme.io, from 84.17.45.210";
    let found = check(text, &Terms::default());
    assert_eq!(found.len(), 3, "{found:?}");
    for finding in &found {
        assert_eq!(&text[finding.range.clone()], finding.text);
        assert!(finding.redaction.starts_with('['));
    }
    assert!(found.windows(2).all(|w| w[0].range.end <= w[1].range.start));
}

#[test]
fn linear_on_long_text() {
    // Long runs of the characters the patterns look at: each pass stays linear.
    let text = "1.2.".repeat(50_000) + &"a:".repeat(50_000) + &"key=".repeat(20_000);
    let _ = check(&text, &Terms::default());
}
