//! People's work, in the words several forms share: the checks a process is there for someone to
//! do ("the runbook was not followed"), people's work and conduct as nouns ("the review", "the
//! handling of the ticket"), the care an exhortation asks for or a sentence says was missing ("be
//! more careful", "no attention was paid"), and the verbs that tell of something done well
//! ("found", "fixed", "escalated"), which credit a person rather than blame them.

use crate::hooks::blame::detector::lexicon::LEXICON;
use crate::hooks::blame::detector::tokens::Token;

/// What a process is there for someone to do: "the runbook was not followed", "the change was
/// not reviewed". (Not "documented" or "applied": those describe the state of an artefact.)
pub(super) const PASSIVE_CHECKS: &[&str] = &[
    "revisit",
    "reassess",
    "follow",
    "adhere",
    "comply",
    "obey",
    "honour",
    "honor",
    "enforce",
    "check",
    "double-check",
    "read",
    "review",
    "test",
    "verify",
    "validate",
    "escalate",
    "notice",
    "heed",
    "acknowledge",
    "catch",
    "spot",
    "consider",
    "confirm",
    "consult",
    "perform",
    "respect",
    "look",
    "address",
    "investigate",
    "take",
    "answer",
    "act",
    "watch",
    "track",
    "monitor",
    "revise",
    "rehearse",
    "inspect",
    "audit",
    "examine",
    "scrutinise",
    "scrutinize",
    "proofread",
    "cross-check",
    "reconcile",
    "triage",
];

/// Verbs of finding out: "identified the wrong tag" finds a risk, it does not take one.
pub(super) const FINDING: &[&str] = &[
    "identify",
    "find",
    "found",
    "spot",
    "notice",
    "catch",
    "flag",
    "report",
    "detect",
    "discover",
    "diagnose",
    "trace",
    "confirm",
    "point",
    "see",
    "saw",
    "seen",
    "determine",
    "receive",
];

/// Quantities a person sets, so that raising one is a change made, not an alarm raised: "raised
/// the concurrency limit", "raised the TTL to a day".
const SETTINGS: &[&str] = &[
    "limit",
    "limits",
    "threshold",
    "thresholds",
    "timeout",
    "timeouts",
    "ttl",
    "cap",
    "quota",
    "concurrency",
    "setpoint",
    "ceiling",
    "max",
    "maximum",
    "minimum",
    "rate",
    "price",
    "prices",
    "pressure",
    "temperature",
    "gain",
];

/// Whether the verb at `at` tells of something done well ([`credits`]), read with what follows:
/// "raised the alarm" and "pointed out the gap" do; "raised the memory limit" and "pointed the
/// archive job at the local drive" are changes like any other.
pub(super) fn credits_at(tokens: &[Token], at: usize) -> bool {
    let base_is = |verb: &str| LEXICON.bases(&tokens[at].lower).iter().any(|b| b == verb);
    let next = tokens.get(at + 1).filter(|t| t.is_word());
    credits(&tokens[at].lower)
        && !(base_is("raise")
            && tokens[at + 1..]
                .iter()
                .take(4)
                .take_while(|t| t.is_word())
                .any(|t| t.is_any(SETTINGS)))
        && !(base_is("point")
            && next.is_some_and(|n| {
                !n.is_any(&[
                    "out", "to", "at", "us", "me", "them", "him", "her", "everyone",
                ])
            }))
}

/// Whether the verb tells of something done well: "found", "fixed", "warned", "escalated".
pub(super) fn credits(verb: &str) -> bool {
    LEXICON.bases(verb).iter().any(|b| {
        FINDING.contains(&b.as_str())
            || matches!(
                b.as_str(),
                "fix"
                    | "resolve"
                    | "restore"
                    | "save"
                    | "rescue"
                    | "help"
                    | "lead"
                    | "raise"
                    | "warn"
                    | "escalate"
                    | "suggest"
                    | "propose"
                    | "ask"
                    | "answer"
                    | "page"
                    | "follow"
                    | "coordinate"
                    | "revert"
                    | "recover"
                    | "mitigate"
                    | "diagnose"
                    | "investigate"
            )
    })
}

/// Words of care that an exhortation asks for ("be more careful").
pub(super) const CARE: &[&str] = &[
    "careful",
    "sharper",
    "diligent",
    "attentive",
    "vigilant",
    "thorough",
    "cautious",
    "rigorous",
    "disciplined",
    "mindful",
    "conscientious",
    "responsible",
    "alert",
    "focused",
    "aware",
];

/// What care a person gives, as a noun: "no attention was paid", "due diligence was not done".
pub(super) const CARE_NOUNS: &[&str] = &[
    "attention",
    "care",
    "diligence",
    "thought",
    "consideration",
    "scrutiny",
    "rigour",
    "rigor",
    "testing",
    "review",
    "oversight",
    "caution",
];

/// What someone's conduct is called: "the handling of the ticket was sloppy".
pub(super) const CONDUCT: &[&str] = &[
    "decision",
    "decisions",
    "handling",
    "response",
    "behaviour",
    "behavior",
    "conduct",
    "attitude",
    "work",
    "performance",
    "effort",
    "approach",
    "diligence",
    "follow-up",
    "communication",
    "oversight",
    "review",
    "judgement",
    "judgment",
    "decision",
    "reaction",
    "strategy",
    "modelling",
    "modeling",
    "analysis",
    "planning",
    "preparation",
    "estimate",
    "estimates",
    "stewardship",
    "discipline",
    "practices",
    "craftsmanship",
    "hygiene",
];

/// Work people do, as a noun: what "was a joke" mocks them through.
pub(super) const PEOPLES_WORK_NOUNS: &[&str] = &[
    "review",
    "reviews",
    "handover",
    "handoff",
    "sign-off",
    "approval",
    "approvals",
    "testing",
    "qa",
    "on-call",
    "response",
    "rollout",
    "planning",
    "communication",
    "triage",
    "escalation",
    "maintenance",
    "runbooks",
    "documentation",
];
