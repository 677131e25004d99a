//! `GET /api/postmortems/{id}/audit`: a postmortem's audit trail ([`crate::audit`]), newest
//! first, for its editors and admins. At most [`MAX_PAGE`] records per request (`?limit=`
//! asks for fewer); `?before=` with the previous page's `next` continues.

use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::Json;
use serde::Deserialize;

use super::links::postmortem_id;
use super::{ApiError, AppState};
use crate::audit::{AuditError, Page, MAX_PAGE};
use crate::auth::Caller;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageQuery {
    before: Option<String>,
    limit: Option<usize>,
}

/// `GET /api/postmortems/{id}/audit`
pub async fn list(
    caller: Caller,
    Path(id): Path<String>,
    State(state): State<Arc<AppState>>,
    Query(query): Query<PageQuery>,
) -> Result<Json<Page>, ApiError> {
    let name = postmortem_id(&id)?;
    caller.can_edit(name.as_str())?;
    let limit = query.limit.unwrap_or(MAX_PAGE);
    if limit == 0 || limit > MAX_PAGE {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "bad_request",
            format!("limit must be between 1 and {MAX_PAGE}"),
        ));
    }
    let page = state
        .audit
        .read(name.as_str(), query.before.as_deref(), limit)
        .await
        .map_err(|e| match e {
            AuditError::Store(e) => ApiError::from(e),
            AuditError::BadCursor => {
                ApiError::new(StatusCode::BAD_REQUEST, "bad_request", e.to_string())
            }
            AuditError::Stopped => ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "unavailable",
                e.to_string(),
            ),
        })?;
    Ok(Json(page))
}
