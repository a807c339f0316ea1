//! `GET /api/v1/offers/changes?since=<cursor>&limit=<n>`: the change feed.
//!
//! The cursor is the server's change sequence (with the database's epoch), never the client's
//! clock. An up-to-date client gets an empty page with its own cursor back: a few dozen bytes.

use std::collections::HashMap;

use axum::{
    Json, Router,
    extract::{Query, State},
    routing::get,
};
use guichet_core::offers::cursor::{CursorError, FeedCursor};
use guichet_protocol::offers::{CHANGES_LIMIT_PARAM, CHANGES_SINCE_PARAM, OfferChanges};

use super::snapshot;
use super::store::{self, FeedEntry};
use crate::infra::{
    api_error::{ApiError, ErrorBody},
    state::AppState,
};

/// Changes per page when the client does not say.
pub const DEFAULT_LIMIT: i64 = 500;
/// The most changes per page, whatever the client asks: bounds the server's work per request.
pub const MAX_LIMIT: i64 = 2_000;

/// The routes of this feature, relative to `/api`.
pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/v1/offers/changes", get(get_offer_changes))
        .route("/v1/offers/snapshot", get(snapshot::http::get_offer_snapshot_pointer))
        .route("/v1/offers/snapshots/{name}", get(snapshot::http::get_offer_snapshot))
        .route("/v1/offers/snapshots/{name}/head", get(snapshot::http::get_offer_snapshot_head))
}

/// This feature's part of the API document.
#[derive(utoipa::OpenApi)]
#[openapi(paths(
    get_offer_changes,
    snapshot::http::get_offer_snapshot_pointer,
    snapshot::http::get_offer_snapshot,
    snapshot::http::get_offer_snapshot_head
))]
pub(crate) struct OffersApi;

#[utoipa::path(
    get,
    path = "/api/v1/offers/changes",
    tag = "offers",
    params(
        ("since" = Option<String>, Query, description = "The `cursor` of the last page read; \
            absent, the feed starts from the beginning"),
        ("limit" = Option<i64>, Query, minimum = 1, description = "Changes per page (500 when \
            absent, at most 2,000 are sent)"),
    ),
    responses(
        (status = 200, description = "The changes after `since`", body = OfferChanges),
        (status = 400, description = "`invalid_cursor` or `invalid_limit`", body = ErrorBody),
        (status = 503, description = "`database_unavailable`", body = ErrorBody),
    )
)]
async fn get_offer_changes(
    State(state): State<AppState>,
    Query(params): Query<HashMap<String, String>>,
) -> Result<Json<OfferChanges>, ApiError> {
    let since =
        params.get(CHANGES_SINCE_PARAM).map(|text| FeedCursor::decode(text)).transpose().map_err(
            |error: CursorError| ApiError::BadRequest {
                code: "invalid_cursor",
                message: error.to_string(),
            },
        )?;
    let limit = parse_limit(params.get(CHANGES_LIMIT_PARAM).map(String::as_str))?;
    let now = state.clock.now_millis();
    changes(&state, since, limit, now).await.map(Json).map_err(|error| {
        tracing::warn!(error = &error as &dyn std::error::Error, "offer changes failed");
        ApiError::DatabaseUnavailable
    })
}

fn parse_limit(text: Option<&str>) -> Result<i64, ApiError> {
    let Some(text) = text else { return Ok(DEFAULT_LIMIT) };
    match text.parse::<i64>() {
        Ok(limit) if limit >= 1 => Ok(limit.min(MAX_LIMIT)),
        _ => Err(ApiError::BadRequest {
            code: "invalid_limit",
            message: format!("limit must be a whole number from 1 (at most {MAX_LIMIT} are sent)"),
        }),
    }
}

async fn changes(
    state: &AppState,
    since: Option<FeedCursor>,
    limit: i64,
    now: i64,
) -> Result<OfferChanges, store::StoreError> {
    store::expire_due(&state.database, now).await?;
    let (epoch, last_sequence) = store::feed_state(&state.database).await?;
    let (after, reset) = match since {
        None => (0, false),
        Some(cursor)
            if cursor.epoch == epoch
                && i64::try_from(cursor.sequence).is_ok_and(|seq| seq <= last_sequence) =>
        {
            (i64::try_from(cursor.sequence).unwrap_or(i64::MAX), false)
        }
        // Another database's cursor (a replaced server), or one ahead of every change here (a
        // backup restored without `offers reset-feed`): start over.
        Some(_) => (0, true),
    };
    let mut entries = store::changes_after(&state.database, after, limit + 1).await?;
    let has_more = entries.len() as i64 > limit;
    entries.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
    let last = entries.last().map_or(after, |(sequence, _)| *sequence);
    let mut page = OfferChanges {
        offers: Vec::new(),
        removed: Vec::new(),
        cursor: FeedCursor { epoch, sequence: u64::try_from(last).unwrap_or(0) }.encode(),
        has_more,
        reset,
    };
    for (_, entry) in entries {
        match entry {
            FeedEntry::Upserted(offer) => page.offers.push(*offer),
            FeedEntry::Removed(id) => page.removed.push(id),
        }
    }
    Ok(page)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits() {
        #[track_caller]
        fn check(text: Option<&str>, expected: Option<i64>) {
            assert_eq!(parse_limit(text).ok(), expected, "{text:?}");
        }
        check(None, Some(DEFAULT_LIMIT));
        check(Some("1"), Some(1));
        check(Some("100"), Some(100));
        check(Some("1000000"), Some(MAX_LIMIT));
        check(Some("0"), None);
        check(Some("-5"), None);
        check(Some("ten"), None);
        check(Some(""), None);
    }
}
