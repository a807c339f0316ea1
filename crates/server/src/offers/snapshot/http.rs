//! `GET /api/v1/offers/snapshot` (where the current snapshot is; cached a few seconds),
//! `GET /api/v1/offers/snapshots/<cursor>` (the snapshot itself: immutable, cached for a year
//! by browsers, proxies and CDNs, sent precompressed as the client accepts) and
//! `GET /api/v1/offers/snapshots/<cursor>/head` (its newest offers, what a first sync lists
//! while the snapshot downloads: immutable too).

use std::sync::Arc;

use axum::{
    Json,
    body::Body,
    extract::{Path, State},
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use guichet_protocol::offers::{
    OfferSnapshot, OfferSnapshotPointer, snapshot_head_path, snapshot_path,
};

use super::{SnapshotError, by_name, current, decompressed};
use crate::infra::{
    api_error::{ApiError, ErrorBody},
    offer_snapshots::StoredSnapshot,
    state::AppState,
};

/// The pointer may name a snapshot this many seconds old in a cache: a client that follows it
/// still gets everything after it from the feed.
const POINTER_CACHE_CONTROL: &str = "public, max-age=10";
const SNAPSHOT_CACHE_CONTROL: &str = "public, max-age=31536000, immutable";

#[utoipa::path(
    get,
    path = "/api/v1/offers/snapshot",
    tag = "offers",
    responses(
        (status = 200, description = "Where the current snapshot of the catalogue is (cached 10 \
            s): a first sync downloads it, then reads the feed from its `cursor`",
            body = OfferSnapshotPointer, headers(("Cache-Control" = String))),
        (status = 503, description = "`database_unavailable`", body = ErrorBody),
    )
)]
pub(crate) async fn get_offer_snapshot_pointer(
    State(state): State<AppState>,
) -> Result<Response, ApiError> {
    let snapshot = current(&state).await.map_err(|error| unavailable(&error))?;
    let pointer = OfferSnapshotPointer {
        cursor: snapshot.name.clone(),
        url: snapshot_path(&snapshot.name),
        offers: snapshot.offers,
        head: snapshot.head.as_ref().map(|_| snapshot_head_path(&snapshot.name)),
    };
    let mut response = Json(pointer).into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static(POINTER_CACHE_CONTROL));
    Ok(response)
}

#[utoipa::path(
    get,
    path = "/api/v1/offers/snapshots/{name}",
    tag = "offers",
    params(
        ("name" = String, Path, description = "The snapshot's cursor, as the pointer names it"),
        ("If-None-Match" = Option<String>, Header, description = "The ETag of a copy held"),
    ),
    responses(
        (status = 200, description = "Every live offer at `cursor`: immutable (cached a year), \
            brotli or gzip as `Accept-Encoding` allows", body = OfferSnapshot,
            headers(("ETag" = String), ("Cache-Control" = String))),
        (status = 304, description = "The copy held is this snapshot"),
        (status = 404, description = "`snapshot_unknown`: replaced since; ask the pointer again",
            body = ErrorBody),
        (status = 503, description = "`database_unavailable`", body = ErrorBody),
    )
)]
pub(crate) async fn get_offer_snapshot(
    State(state): State<AppState>,
    Path(name): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let found = by_name(&state, &name).await.map_err(|error| unavailable(&error))?;
    let snapshot = found.ok_or(ApiError::Missing {
        code: "snapshot_unknown",
        message: "no such snapshot here (it was replaced): ask /api/v1/offers/snapshot again",
    })?;
    let accepted = headers.get(header::ACCEPT_ENCODING).and_then(|value| value.to_str().ok());
    let encoding = Encoding::preferred(accepted.unwrap_or(""));
    let etag = format!("\"offers-{}{}\"", snapshot.name, encoding.etag_suffix());
    let not_modified = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|tags| tags.split(',').any(|tag| tag.trim() == etag || tag.trim() == "*"));
    let body = if not_modified { Body::empty() } else { body(&snapshot, encoding).await? };
    let mut response = Response::new(body);
    if not_modified {
        *response.status_mut() = StatusCode::NOT_MODIFIED;
    }
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(SNAPSHOT_CACHE_CONTROL));
    headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    if let Ok(etag) = HeaderValue::from_str(&etag) {
        headers.insert(header::ETAG, etag);
    }
    if let Some(coding) = encoding.content_encoding() {
        headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static(coding));
    }
    Ok(response)
}

#[utoipa::path(
    get,
    path = "/api/v1/offers/snapshots/{name}/head",
    tag = "offers",
    params(
        ("name" = String, Path, description = "The snapshot's cursor, as the pointer names it"),
    ),
    responses(
        (status = 200, description = "The snapshot's newest offers (at most 60, by \
            `published_at`, newest first) and its `cursor`: what a first sync lists while the \
            snapshot downloads; immutable (cached a year)", body = OfferSnapshot,
            headers(("Cache-Control" = String))),
        (status = 404, description = "`snapshot_unknown`: replaced since, or taken by an older \
            server, which named no head; ask the pointer again", body = ErrorBody),
        (status = 503, description = "`database_unavailable`", body = ErrorBody),
    )
)]
pub(crate) async fn get_offer_snapshot_head(
    State(state): State<AppState>,
    Path(name): Path<String>,
) -> Result<Response, ApiError> {
    let found = by_name(&state, &name).await.map_err(|error| unavailable(&error))?;
    let head = found.and_then(|snapshot| snapshot.head.clone()).ok_or(ApiError::Missing {
        code: "snapshot_unknown",
        message: "no such snapshot head here (it was replaced): ask /api/v1/offers/snapshot again",
    })?;
    let mut response = Response::new(Body::from(head));
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(SNAPSHOT_CACHE_CONTROL));
    Ok(response)
}

async fn body(snapshot: &Arc<StoredSnapshot>, encoding: Encoding) -> Result<Body, ApiError> {
    Ok(match encoding {
        Encoding::Brotli => Body::from(snapshot.brotli.clone()),
        Encoding::Gzip => Body::from(snapshot.gzip.clone()),
        Encoding::Identity => {
            let snapshot = Arc::clone(snapshot);
            let json = tokio::task::spawn_blocking(move || decompressed(&snapshot))
                .await
                .map_err(|error| unavailable(&error.into()))?
                .map_err(|error| unavailable(&SnapshotError::Compress(error)))?;
            Body::from(json)
        }
    })
}

fn unavailable(error: &SnapshotError) -> ApiError {
    tracing::warn!(error = error as &dyn std::error::Error, "offers snapshot failed");
    ApiError::DatabaseUnavailable
}

/// The forms a snapshot is sent in, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Encoding {
    Brotli,
    Gzip,
    Identity,
}

impl Encoding {
    /// Brotli when the client accepts it, else gzip, else the plain document. A coding listed
    /// with `q=0` is refused; `*` accepts both.
    pub(crate) fn preferred(accept_encoding: &str) -> Self {
        let mut brotli = None;
        let mut gzip = None;
        let mut any = None;
        for item in accept_encoding.split(',') {
            let mut parts = item.split(';');
            let coding = parts.next().unwrap_or("").trim().to_ascii_lowercase();
            let accepted = parts
                .filter_map(|parameter| parameter.trim().strip_prefix("q="))
                .all(|q| q.trim().parse::<f32>().is_ok_and(|q| q > 0.0));
            match coding.as_str() {
                "br" => brotli = Some(accepted),
                "gzip" | "x-gzip" => gzip = Some(accepted),
                "*" => any = Some(accepted),
                _ => {}
            }
        }
        if brotli.or(any) == Some(true) {
            Self::Brotli
        } else if gzip.or(any) == Some(true) {
            Self::Gzip
        } else {
            Self::Identity
        }
    }

    fn content_encoding(self) -> Option<&'static str> {
        match self {
            Self::Brotli => Some("br"),
            Self::Gzip => Some("gzip"),
            Self::Identity => None,
        }
    }

    fn etag_suffix(self) -> &'static str {
        match self {
            Self::Brotli => ".br",
            Self::Gzip => ".gz",
            Self::Identity => "",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_best_accepted_encoding_is_chosen() {
        #[track_caller]
        fn check(accept: &str, expected: Encoding) {
            assert_eq!(Encoding::preferred(accept), expected, "{accept:?}");
        }
        check("", Encoding::Identity);
        check("gzip", Encoding::Gzip);
        check("gzip, deflate, br, zstd", Encoding::Brotli);
        check("br;q=1.0, gzip;q=0.8", Encoding::Brotli);
        check("br;q=0, gzip", Encoding::Gzip);
        check("BR", Encoding::Brotli);
        check("*", Encoding::Brotli);
        check("*;q=0", Encoding::Identity);
        check("identity", Encoding::Identity);
        check("deflate", Encoding::Identity);
        check("gzip;q=0", Encoding::Identity);
        check("br;q=0, *", Encoding::Gzip);
    }
}
