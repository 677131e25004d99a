//! Share-link tokens. Input that starts with byte 0 is any string offered as a token: only a
//! token the key signed verifies. Otherwise the input makes claims, which are signed, then
//! tampered with at one byte or truncated: the signed token verifies, no altered one does.
#![no_main]

use debrief::auth::{Claims, Role, TokenError, TokenKey};

const NOW: u64 = 1_700_000_000;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let key = TokenKey::new("fuzzing key");
    match data.split_first() {
        Some((0, rest)) => {
            let Ok(token) = std::str::from_utf8(rest) else {
                return;
            };
            if let Ok(claims) = key.verify(token, NOW) {
                assert_eq!(key.sign(&claims), token, "only a signed token verifies");
            }
        }
        Some((&how, rest)) if rest.len() >= 4 => {
            let (head, text) = rest.split_at(4);
            let text = String::from_utf8_lossy(text);
            let (link, postmortem) = text.split_at(text.find('|').unwrap_or(text.len()));
            let claims = Claims {
                link: link.to_owned(),
                postmortem: postmortem.to_owned(),
                role: [Role::Editor, Role::Reviewer, Role::Viewer][usize::from(head[0] % 3)],
                expires: NOW + u64::from(u16::from_le_bytes([head[1], head[2]])),
            };
            let token = key.sign(&claims);
            let expected = match claims.expires > NOW {
                true => Ok(claims),
                false => Err(TokenError::Expired),
            };
            assert_eq!(key.verify(&token, NOW), expected);
            let at = usize::from(head[3]) * 97 % token.len();
            let mut altered = token.clone().into_bytes();
            if how & 1 == 0 {
                altered.truncate(at);
            } else {
                // Printable ASCII keeps the token a string.
                altered[at] = b' ' + how % 95;
            }
            let altered = String::from_utf8(altered).expect("ASCII");
            if altered != token {
                assert!(key.verify(&altered, NOW).is_err(), "{altered} verified");
            }
        }
        _ => {}
    }
});
