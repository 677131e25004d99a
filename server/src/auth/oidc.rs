//! Sign-in with OpenID Connect: the authorization code flow with PKCE, state and nonce, against
//! one identity provider discovered at start-up.
//!
//! [`Oidc::begin`] makes the provider URL to send the browser to and the [`Pending`] login the
//! caller keeps in the browser's (pre-sign-in) session; [`Oidc::finish`] takes that pending login
//! back exactly once, checks the returned state against it, exchanges the code, verifies the ID
//! token (signature, issuer, audience, expiry, nonce) and turns its claims into a [`Member`]:
//! only e-mail domains in `--oidc-allowed-domains` (any when empty), admin when the e-mail or one
//! of the token's `groups` is in `--oidc-admins`.

use openidconnect::core::{CoreAuthenticationFlow, CoreClient, CoreProviderMetadata};
use openidconnect::{
    reqwest, AuthorizationCode, ClientId, ClientSecret, CsrfToken, EndpointMaybeSet,
    EndpointNotSet, EndpointSet, IssuerUrl, Nonce, PkceCodeChallenge, PkceCodeVerifier,
    RedirectUrl, RequestTokenError, Scope, TokenResponse,
};
use serde::{Deserialize, Serialize};

use super::sessions::Member;

type Client = CoreClient<
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointMaybeSet,
    EndpointMaybeSet,
>;

/// The provider and the sign-in policy, from the `--oidc-*` flags.
#[derive(Debug, Clone)]
pub struct OidcConfig {
    pub issuer: String,
    pub client_id: String,
    pub client_secret: Option<String>,
    /// `{public_url}/auth/callback`.
    pub redirect_uri: String,
    /// Lower-case e-mail domains allowed to sign in; empty: any.
    pub allowed_domains: Vec<String>,
    /// Lower-case e-mails, or `group:NAME`, who administer.
    pub admins: Vec<String>,
}

/// A sign-in under way: what the callback must match.
#[derive(Debug, Serialize, Deserialize)]
pub struct Pending {
    state: String,
    nonce: String,
    verifier: String,
    /// The local path to return to.
    pub next: String,
}

#[derive(Debug, thiserror::Error)]
pub enum OidcError {
    #[error("invalid OpenID Connect setting: {0}")]
    Config(String),
    #[error("cannot discover the identity provider {issuer}: {reason}")]
    Discovery { issuer: String, reason: String },
    #[error("this sign-in is unknown, already used or was tampered with (state mismatch); sign in again")]
    State,
    #[error("the identity provider refused the sign-in: {0}")]
    Provider(String),
    #[error("cannot reach the identity provider; sign in again: {0}")]
    Unreachable(String),
    #[error("the identity provider's answer could not be verified: {0}")]
    Token(String),
    #[error("the identity provider did not give an e-mail address")]
    NoEmail,
    #[error("{0} may not sign in here: its e-mail domain is not allowed")]
    DomainNotAllowed(String),
}

impl OidcError {
    /// 403 for a refused user, 502 when the provider cannot be used, 400 for a bad callback.
    pub fn status(&self) -> u16 {
        match self {
            OidcError::DomainNotAllowed(_) | OidcError::NoEmail => 403,
            OidcError::Discovery { .. } | OidcError::Config(_) | OidcError::Unreachable(_) => 502,
            OidcError::State | OidcError::Provider(_) | OidcError::Token(_) => 400,
        }
    }
}

/// The configured provider.
pub struct Oidc {
    client: Client,
    http: reqwest::Client,
    allowed_domains: Vec<String>,
    admins: Vec<String>,
}

impl Oidc {
    /// Discovers the provider. Plain-http issuers (a local test provider) are accepted as given.
    pub async fn discover(config: OidcConfig) -> Result<Self, OidcError> {
        let http = http_client(PROVIDER_TIMEOUT).map_err(|e| OidcError::Config(e.to_string()))?;
        let issuer =
            IssuerUrl::new(config.issuer.clone()).map_err(|e| OidcError::Config(e.to_string()))?;
        let metadata = CoreProviderMetadata::discover_async(issuer, &http)
            .await
            .map_err(|e| OidcError::Discovery {
                issuer: config.issuer.clone(),
                reason: error_chain(&e),
            })?;
        let redirect =
            RedirectUrl::new(config.redirect_uri).map_err(|e| OidcError::Config(e.to_string()))?;
        let client = CoreClient::from_provider_metadata(
            metadata,
            ClientId::new(config.client_id),
            config.client_secret.map(ClientSecret::new),
        )
        .set_redirect_uri(redirect);
        Ok(Oidc {
            client,
            http,
            allowed_domains: config.allowed_domains,
            admins: config.admins,
        })
    }

    /// The provider URL to send the browser to, and what its return must match.
    pub fn begin(&self, next: String) -> (String, Pending) {
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let (url, state, nonce) = self
            .client
            .authorize_url(
                CoreAuthenticationFlow::AuthorizationCode,
                CsrfToken::new_random,
                Nonce::new_random,
            )
            .add_scope(Scope::new("email".into()))
            .add_scope(Scope::new("profile".into()))
            .set_pkce_challenge(challenge)
            .url();
        let pending = Pending {
            state: state.secret().clone(),
            nonce: nonce.secret().clone(),
            verifier: verifier.secret().clone(),
            next,
        };
        (url.to_string(), pending)
    }

    /// Completes a sign-in (the member's `until` is left for the caller to set): `pending` is what [`Oidc::begin`] returned (taken from the session,
    /// so that it is used once), `state` and `code` what the provider sent back.
    pub async fn finish(
        &self,
        pending: Option<Pending>,
        state: &str,
        code: String,
    ) -> Result<Member, OidcError> {
        let pending = pending.ok_or(OidcError::State)?;
        if !constant_time_eq(pending.state.as_bytes(), state.as_bytes()) {
            return Err(OidcError::State);
        }
        let response = self
            .client
            .exchange_code(AuthorizationCode::new(code))
            .map_err(|e| OidcError::Config(e.to_string()))?
            .set_pkce_verifier(PkceCodeVerifier::new(pending.verifier))
            .request_async(&self.http)
            .await
            .map_err(|e| match e {
                RequestTokenError::Request(e) => OidcError::Unreachable(error_chain(&e)),
                e => OidcError::Provider(error_chain(&e)),
            })?;
        let id_token = response
            .id_token()
            .ok_or_else(|| OidcError::Token("no ID token".into()))?;
        let claims = id_token
            .claims(&self.client.id_token_verifier(), &Nonce::new(pending.nonce))
            .map_err(|e| OidcError::Token(error_chain(&e)))?;
        let email = claims
            .email()
            .map(|e| e.as_str().to_lowercase())
            .ok_or(OidcError::NoEmail)?;
        if claims.email_verified() == Some(false) {
            return Err(OidcError::NoEmail);
        }
        let domain = email.rsplit_once('@').map_or("", |(_, d)| d);
        if !self.allowed_domains.is_empty() && !self.allowed_domains.iter().any(|d| d == domain) {
            return Err(OidcError::DomainNotAllowed(email));
        }
        let name = claims
            .name()
            .and_then(|n| n.get(None))
            .map(|n| n.as_str().to_owned())
            .unwrap_or_else(|| email.clone());
        let groups = groups_claim(&id_token.to_string());
        let admin = self.admins.iter().any(|a| match a.strip_prefix("group:") {
            Some(group) => groups.iter().any(|g| g == group),
            None => *a == email,
        });
        Ok(Member {
            email,
            name,
            admin,
            until: 0,
        })
    }
}

/// The `groups` claim of an already verified ID token (the standard claims type has no field for
/// it): read from the token's payload.
fn groups_claim(jwt: &str) -> Vec<String> {
    use base64::Engine;
    #[derive(Deserialize)]
    struct Groups {
        #[serde(default)]
        groups: Vec<String>,
    }
    jwt.split('.')
        .nth(1)
        .and_then(|payload| {
            base64::engine::general_purpose::URL_SAFE_NO_PAD
                .decode(payload)
                .ok()
        })
        .and_then(|json| serde_json::from_slice::<Groups>(&json).ok())
        .map(|g| g.groups)
        .unwrap_or_default()
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// How long a request to the provider may take, connecting included: a provider that accepts
/// connections and never answers would otherwise hold a sign-in (or the server's start) forever.
const PROVIDER_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// The client for the provider's endpoints, giving up on a request after `timeout`. It does not
/// follow redirects, which would let a provider make the server fetch arbitrary URLs, and it
/// opens a connection per request: sign-ins are rare, and an idle pooled connection is one the
/// provider (Node's servers after 5 s, load balancers after their idle timeout) may close just as
/// a code exchange is written to it, which fails that sign-in; a code cannot be exchanged twice,
/// so it cannot be retried.
fn http_client(timeout: std::time::Duration) -> reqwest::Result<reqwest::Client> {
    reqwest::ClientBuilder::new()
        .redirect(reqwest::redirect::Policy::none())
        .pool_max_idle_per_host(0)
        .timeout(timeout)
        .build()
}

/// An error and its causes on one line (the provider's errors nest the useful part).
fn error_chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_come_from_the_payload() {
        use base64::Engine;
        let payload = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .encode(br#"{"sub":"1","groups":["sre","debrief-admins"]}"#);
        assert_eq!(
            groups_claim(&format!("h.{payload}.s")),
            vec!["sre".to_owned(), "debrief-admins".to_owned()]
        );
        assert!(groups_claim("not a token").is_empty());
    }

    /// A provider that answers the first request on each connection, keeps it open, and closes it
    /// when a second request arrives on it: as a server does whose idle timeout ends just as the
    /// client writes to the connection again.
    async fn provider_closing_reused_connections() -> std::net::SocketAddr {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move {
            while let Ok((mut socket, _)) = listener.accept().await {
                tokio::spawn(async move {
                    let mut request = Vec::new();
                    let mut buf = [0; 1024];
                    while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                        match socket.read(&mut buf).await {
                            Ok(0) | Err(_) => return,
                            Ok(n) => request.extend_from_slice(&buf[..n]),
                        }
                    }
                    let answer = "HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok";
                    socket.write_all(answer.as_bytes()).await.unwrap();
                    // The next request on this connection gets the connection closed.
                    let _ = socket.read(&mut buf).await;
                });
            }
        });
        addr
    }

    #[tokio::test]
    async fn no_sign_in_fails_on_a_connection_the_provider_closed() {
        let addr = provider_closing_reused_connections().await;
        let http = http_client(PROVIDER_TIMEOUT).unwrap();
        for _ in 0..3 {
            let answer = http.get(format!("http://{addr}/token")).send().await;
            assert_eq!(answer.unwrap().text().await.unwrap(), "ok");
        }
    }

    #[tokio::test]
    async fn a_provider_that_never_answers_is_given_up_on() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        // Accepts connections and never answers.
        tokio::spawn(async move {
            let mut held = Vec::new();
            while let Ok((socket, _)) = listener.accept().await {
                held.push(socket);
            }
        });
        let timeout = std::time::Duration::from_millis(300);
        let started = std::time::Instant::now();
        let answer = http_client(timeout)
            .unwrap()
            .get(format!("http://{addr}/token"))
            .send()
            .await;
        assert!(answer.unwrap_err().is_timeout());
        assert!(started.elapsed() < timeout * 10);
    }
}
