//! `GET /api/session`: the caller's role as the server sees it, in each mode, so the browser
//! never has to read a token itself.

use std::time::{SystemTime, UNIX_EPOCH};

use debrief_protocol_tests::{data_dir, Server};
use serde_json::{json, Value};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

const KEY: &str = "session-test-key";

/// `GET /api/session` with `bearer` as the credential, if any: (status, body).
async fn session(server: &Server, bearer: Option<&str>) -> anyhow::Result<(u16, Value)> {
    let mut request = reqwest::Client::new().get(server.http_url("/api/session"));
    if let Some(bearer) = bearer {
        request = request.bearer_auth(bearer);
    }
    let response = request.send().await?;
    Ok((response.status().as_u16(), response.json().await?))
}

#[tokio::test]
async fn open_mode_everyone_is_an_editor() -> anyhow::Result<()> {
    let dir = data_dir();
    let server = Server::start(dir.path(), &[]).await?;
    let (status, body) = session(&server, None).await?;
    assert_eq!(status, 200);
    assert_eq!(body, json!({"mode": "open", "role": "editor"}));
    Ok(())
}

#[tokio::test]
async fn with_a_server_key_the_session_is_the_credential() -> anyhow::Result<()> {
    let dir = data_dir();
    let server = Server::start(dir.path(), &["--auth-key", KEY]).await?;
    let http = reqwest::Client::new();

    let (status, body) = session(&server, Some(KEY)).await?;
    assert_eq!(status, 200);
    assert_eq!(body, json!({"mode": "key", "role": "admin"}));

    // A reviewer's link, asked with the token as a header and as y-websocket's query parameter.
    let created: Value = http
        .post(server.http_url("/api/postmortems/pm-s/links"))
        .bearer_auth(KEY)
        .json(&json!({"role": "reviewer", "expires_in": 3600}))
        .send()
        .await?
        .json()
        .await?;
    let token = created["token"].as_str().unwrap();
    let (status, body) = session(&server, Some(token)).await?;
    assert_eq!(status, 200);
    assert_eq!(body["mode"], "links");
    assert_eq!(body["role"], "reviewer");
    assert_eq!(body["postmortem"], "pm-s");
    let expires_at = OffsetDateTime::parse(body["expires_at"].as_str().unwrap(), &Rfc3339)?;
    assert_eq!(
        expires_at.unix_timestamp(),
        created["expires"].as_i64().unwrap()
    );
    let now = SystemTime::now().duration_since(UNIX_EPOCH)?.as_secs() as i64;
    assert!((3590..=3610).contains(&(expires_at.unix_timestamp() - now)));
    let by_query: Value = http
        .get(server.http_url(&format!("/api/session?token={token}")))
        .send()
        .await?
        .json()
        .await?;
    assert_eq!(by_query, body);

    // No credential, a forged token, a revoked one: 401 with the usual JSON error.
    let (status, body) = session(&server, None).await?;
    assert_eq!(status, 401);
    assert_eq!(body["error"]["code"], "unauthorized");
    let forged = format!("{token}x");
    assert_eq!(session(&server, Some(&forged)).await?.0, 401);
    let revoked = http
        .delete(server.http_url(&format!("/api/links/{}", created["id"].as_str().unwrap())))
        .bearer_auth(KEY)
        .send()
        .await?;
    assert_eq!(revoked.status(), 204);
    let (status, body) = session(&server, Some(token)).await?;
    assert_eq!(status, 401);
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("revoked"),
        "{body}"
    );
    Ok(())
}
