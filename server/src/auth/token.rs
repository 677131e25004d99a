//! Share-link tokens: a small signed claim set, `v1.<claims>.<signature>`, both parts base64url.
//!
//! The signature is HMAC-SHA256 over the encoded claims with a key derived from the server key,
//! compared in constant time. Tokens carry their expiry; revocation is checked separately against
//! the stored links, so a token stops working the moment its link is deleted.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

use super::Role;

type HmacSha256 = Hmac<Sha256>;

const PREFIX: &str = "v1";

/// What a token says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    /// The link id.
    pub link: String,
    /// The postmortem id.
    pub postmortem: String,
    pub role: Role,
    /// Expiry, seconds since the Unix epoch.
    pub expires: u64,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum TokenError {
    #[error("malformed token")]
    Malformed,
    #[error("bad signature")]
    BadSignature,
    #[error("token expired")]
    Expired,
}

/// Signs and verifies tokens with a key derived from the server key.
#[derive(Clone)]
pub struct TokenKey {
    key: Vec<u8>,
}

impl TokenKey {
    pub fn new(server_key: &str) -> Self {
        // Derive a purpose-bound key so the raw server key never signs anything itself.
        let mut mac = HmacSha256::new_from_slice(server_key.as_bytes()).expect("any key length");
        mac.update(b"debrief share-link tokens v1");
        TokenKey {
            key: mac.finalize().into_bytes().to_vec(),
        }
    }

    fn mac(&self) -> HmacSha256 {
        HmacSha256::new_from_slice(&self.key).expect("any key length")
    }

    pub fn sign(&self, claims: &Claims) -> String {
        let body = URL_SAFE_NO_PAD.encode(serde_json::to_vec(claims).expect("claims serialize"));
        let mut mac = self.mac();
        mac.update(body.as_bytes());
        let signature = URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes());
        format!("{PREFIX}.{body}.{signature}")
    }

    /// Checks the signature and expiry (`now` in seconds since the epoch).
    pub fn verify(&self, token: &str, now: u64) -> Result<Claims, TokenError> {
        let mut parts = token.split('.');
        let (Some(PREFIX), Some(body), Some(signature), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(TokenError::Malformed);
        };
        let signature = URL_SAFE_NO_PAD
            .decode(signature)
            .map_err(|_| TokenError::Malformed)?;
        let mut mac = self.mac();
        mac.update(body.as_bytes());
        mac.verify_slice(&signature)
            .map_err(|_| TokenError::BadSignature)?;
        let claims: Claims = URL_SAFE_NO_PAD
            .decode(body)
            .ok()
            .and_then(|json| serde_json::from_slice(&json).ok())
            .ok_or(TokenError::Malformed)?;
        if claims.expires <= now {
            return Err(TokenError::Expired);
        }
        Ok(claims)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claims() -> Claims {
        Claims {
            link: "abc".into(),
            postmortem: "pm1".into(),
            role: Role::Reviewer,
            expires: 1_000,
        }
    }

    #[test]
    fn round_trip() {
        let key = TokenKey::new("secret");
        let token = key.sign(&claims());
        assert_eq!(key.verify(&token, 999), Ok(claims()));
    }

    #[test]
    fn refuses_expired_forged_and_garbage() {
        let key = TokenKey::new("secret");
        let token = key.sign(&claims());
        assert_eq!(key.verify(&token, 1_000), Err(TokenError::Expired));
        assert_eq!(
            TokenKey::new("other").verify(&token, 1),
            Err(TokenError::BadSignature)
        );
        // Swap in claims for another postmortem, keeping the old signature.
        let mut forged = claims();
        forged.postmortem = "pm2".into();
        forged.role = Role::Editor;
        let forged_body = key.sign(&forged);
        let parts: Vec<&str> = token.split('.').collect();
        let forged_parts: Vec<&str> = forged_body.split('.').collect();
        let spliced = format!("v1.{}.{}", forged_parts[1], parts[2]);
        assert_eq!(key.verify(&spliced, 1), Err(TokenError::BadSignature));
        for garbage in ["", "v1", "v1.a", "v2.a.b", "v1.a.b.c", "v1.!!.??"] {
            assert!(key.verify(garbage, 1).is_err(), "{garbage}");
        }
    }
}
