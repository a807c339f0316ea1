//! The index page: `dist/index.html` with Trunk's nonce placeholder replaced by a fresh nonce,
//! and the Content-Security-Policy naming that same nonce.
//!
//! It also preloads the messages file of the browser's language (the first of `Accept-Language`
//! that the build has a file for, from `<meta name="guichet-locales">`), so the browser fetches
//! it beside the wasm instead of after it: the first screen needs both. The app still chooses the
//! language itself (a language chosen on the device comes first); a preload it does not use
//! costs a few kilobytes, and no preload is added when no language matches.
//!
//! And it opens the body with the first paint of the requested screen, in the visitor's language
//! (see `first_paint`), unless the service worker asks for its cached copy.
//!
//! The file is read from disk on every request (it is a few kilobytes) so that a redeployed
//! kiosk is picked up without restarting the server. A nonce must never be reused across
//! responses, or it would protect nothing.

use std::{io, path::Path};

use axum::{
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use base64::{Engine as _, engine::general_purpose::STANDARD};
use guichet_core::parts::Part;

use super::first_paint::{self, FIRST_PAINT_HEADER, Language};
use crate::infra::security_headers::content_security_policy;

/// What Trunk writes wherever the page needs the response's nonce.
const NONCE_PLACEHOLDER: &str = "{{__TRUNK NONCE__}}";
/// 128 bits, as the CSP specification recommends.
const NONCE_BYTES: usize = 16;

/// Why the index page could not be served. Logged once, when it becomes a response.
#[derive(Debug, thiserror::Error)]
pub(super) enum IndexPageError {
    #[error("the kiosk is not built: {path} is missing")]
    NotBuilt { path: String },
    #[error("could not read {path}")]
    Unreadable {
        path: String,
        #[source]
        source: io::Error,
    },
    #[error("the operating system's random number generator failed")]
    NoRandomness(#[source] getrandom::Error),
}

/// Where post-build lists each part's messages file in each language:
/// `guichet:ar=/locale-ar-guichet-….ftl guichet_offers:ar=… …` (`guichet_core::parts`).
const LOCALES_META: &str = r#"<meta name="guichet-locales" content=""#;

/// Marks a build whose app removes the first paint: an older build's page gets none, since
/// nothing would ever take it away.
const FIRST_PAINT_META: &str = r#"<meta name="guichet-first-paint""#;

/// What the request asks of the index page.
pub(super) struct Asked<'a> {
    /// The page's path, whose screen the first paint shows.
    pub path: &'a str,
    pub accept_language: Option<&'a str>,
    /// False for the service worker's cached copy, which answers every path.
    pub first_paint: bool,
}

impl<'a> Asked<'a> {
    pub fn from_headers(path: &'a str, headers: &'a HeaderMap) -> Asked<'a> {
        let accept_language = headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok());
        let first_paint = headers.get(FIRST_PAINT_HEADER).is_none_or(|value| value != "none");
        Asked { path, accept_language, first_paint }
    }
}

/// Reads the index page, fills in a fresh nonce, preloads the messages file of the first
/// language of `accept_language` the build has, and writes in the first paint.
pub(super) async fn render(dist_dir: &Path, asked: &Asked<'_>) -> Result<Response, IndexPageError> {
    let path = dist_dir.join("index.html");
    let html = tokio::fs::read_to_string(&path).await.map_err(|source| {
        let path = path.display().to_string();
        match source.kind() {
            io::ErrorKind::NotFound => IndexPageError::NotBuilt { path },
            _ => IndexPageError::Unreadable { path, source },
        }
    })?;
    let nonce = fresh_nonce()?;
    let policy = content_security_policy(Some(&nonce));
    // No `Vary`, though the page differs by language: the service worker's cache honours it, and
    // its `caches.match("/")` sends no `Accept-Language`, so the shell would never be found
    // offline. `no-cache` already makes every other cache ask the server each time.
    let headers = [
        (header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8")),
        (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
        (
            header::CONTENT_SECURITY_POLICY,
            // Both parts are ASCII: the fixed policy and a base64 nonce.
            HeaderValue::from_str(&policy).expect("a CSP with a base64 nonce is a valid header"),
        ),
    ];
    let mut html = with_locale_preload(&html, asked.accept_language, asked.path);
    if asked.first_paint {
        html = with_first_paint(&html, asked.path, Language::negotiate(asked.accept_language));
    }
    Ok((headers, html.replace(NONCE_PLACEHOLDER, &nonce)).into_response())
}

/// `html` with the first paint of `path` at the start of its body, and its root element in
/// `language` and its direction; unchanged for a build that does not remove it.
fn with_first_paint(html: &str, path: &str, language: Language) -> String {
    let (Some(root), Some(body)) = (html.find("<html"), html.find("<body>")) else {
        return html.to_owned();
    };
    let Some(root_end) = html[root..].find('>').map(|end| root + end + 1) else {
        return html.to_owned();
    };
    if !html.contains(FIRST_PAINT_META) || root_end > body {
        return html.to_owned();
    }
    let body_end = body + "<body>".len();
    format!(
        "{}<html lang=\"{}\" dir=\"{}\">{}{}{}",
        &html[..root],
        language.tag(),
        language.direction(),
        &html[root_end..body_end],
        first_paint::render(path, language),
        &html[body_end..]
    )
}

/// `html` with a `<link rel="preload">` of the messages file of the part of the app that
/// `path` loads (`Part::for_path`, the rule of the page's loader) for the first language of
/// `accept_language` that `<meta name="guichet-locales">` names, before `</head>`; unchanged
/// when none matches. The link is what the app's `fetch` asks for (CORS, same-origin
/// credentials), so the browser reuses the preloaded answer.
fn with_locale_preload(html: &str, accept_language: Option<&str>, path: &str) -> String {
    let part = Part::for_path(path);
    let preload = accept_language.and_then(|accept| {
        let start = html.find(LOCALES_META)? + LOCALES_META.len();
        let files = &html[start..start + html[start..].find('"')?];
        accept.split(',').find_map(|range| {
            let primary = range.split([';', '-', '_']).next()?.trim().to_ascii_lowercase();
            let path = part.locale_path(files, &primary)?;
            let safe = path.starts_with('/') && !path.contains(['"', '<', '>', ' ']);
            safe.then_some(path)
        })
    });
    match (preload, html.find("</head>")) {
        (Some(path), Some(head_end)) => format!(
            "{}<link rel=\"preload\" href=\"{path}\" as=\"fetch\" crossorigin=\"anonymous\">\n{}",
            &html[..head_end],
            &html[head_end..]
        ),
        _ => html.to_owned(),
    }
}

fn fresh_nonce() -> Result<String, IndexPageError> {
    let mut bytes = [0_u8; NONCE_BYTES];
    getrandom::fill(&mut bytes).map_err(IndexPageError::NoRandomness)?;
    Ok(STANDARD.encode(bytes))
}

impl IntoResponse for IndexPageError {
    fn into_response(self) -> Response {
        tracing::error!(error = &self as &dyn std::error::Error, "cannot serve the index page");
        let (status, message) = match self {
            Self::NotBuilt { .. } => (
                StatusCode::SERVICE_UNAVAILABLE,
                "The kiosk is not built yet. On the server, run `cargo xtask run` to build it.\n",
            ),
            Self::Unreadable { .. } => {
                (StatusCode::SERVICE_UNAVAILABLE, "The kiosk's index page cannot be read.\n")
            }
            Self::NoRandomness(_) => (StatusCode::INTERNAL_SERVER_ERROR, "Internal error.\n"),
        };
        let headers = [
            (header::CONTENT_TYPE, HeaderValue::from_static("text/plain; charset=utf-8")),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ];
        (status, headers, message).into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "<html><head>\n<meta name=\"guichet-locales\" content=\"guichet:ar=/locale-ar-1.ftl \
        guichet:fr=/locale-fr-2.ftl guichet:en=/locale-en-3.ftl guichet_offers:fr=/locale-fr-4.ftl \
        guichet_register:ar=/locale-ar-5.ftl\">\n</head><body></body></html>";

    fn preloaded(accept_language: Option<&str>) -> Vec<String> {
        preloaded_at(accept_language, "/")
    }

    fn preloaded_at(accept_language: Option<&str>, path: &str) -> Vec<String> {
        let html = with_locale_preload(PAGE, accept_language, path);
        html.match_indices("rel=\"preload\" href=\"")
            .map(|(at, found)| {
                let rest = &html[at + found.len()..];
                rest[..rest.find('"').expect("closing quote")].to_owned()
            })
            .collect()
    }

    #[test]
    fn the_first_accepted_language_with_a_file_is_preloaded_in_the_head() {
        assert_eq!(preloaded(Some("fr-FR,fr;q=0.9,en;q=0.8")), ["/locale-fr-2.ftl"]);
        assert_eq!(preloaded(Some("de-DE, ar-DZ;q=0.7, fr")), ["/locale-ar-1.ftl"]);
        assert_eq!(preloaded(Some("EN_gb")), ["/locale-en-3.ftl"]);
        let html = with_locale_preload(PAGE, Some("ar"), "/");
        assert!(html.find("rel=\"preload\"") < html.find("</head>"));
    }

    #[test]
    fn the_file_preloaded_is_that_of_the_part_the_address_loads() {
        assert_eq!(preloaded_at(Some("fr"), "/offers/o-12"), ["/locale-fr-4.ftl"]);
        assert_eq!(preloaded_at(Some("ar"), "/register"), ["/locale-ar-5.ftl"]);
        assert_eq!(preloaded_at(Some("ar"), "/receipt/c-1"), ["/locale-ar-1.ftl"]);
        // The next accepted language that part has a file for.
        assert_eq!(preloaded_at(Some("ar, fr;q=0.5"), "/offers"), ["/locale-fr-4.ftl"]);
        assert!(preloaded_at(Some("en"), "/register").is_empty());
    }

    #[test]
    fn nothing_is_preloaded_without_a_matching_language_or_file_list() {
        assert!(preloaded(None).is_empty());
        assert!(preloaded(Some("de, es;q=0.5")).is_empty());
        assert!(preloaded(Some("")).is_empty());
        let bare = "<html><head></head><body></body></html>";
        assert_eq!(with_locale_preload(bare, Some("fr"), "/"), bare);
        let empty = "<html><head><meta name=\"guichet-locales\" content=\"\"></head></html>";
        assert_eq!(with_locale_preload(empty, Some("fr"), "/"), empty);
    }

    #[test]
    fn the_first_paint_opens_the_body_in_the_visitors_language() {
        let page = "<!doctype html>\n<html lang=\"fr\" dir=\"ltr\">\n<head>\n\
            <meta name=\"guichet-first-paint\" content=\"removed-by-the-app\">\n</head>\n\
            <body>\n</body>\n</html>";
        let html = with_first_paint(page, "/offers", Language::Ar);
        assert!(
            html.starts_with("<!doctype html>\n<html lang=\"ar\" dir=\"rtl\">\n<head>"),
            "{html}"
        );
        let body = html.find("<body><div id=\"first-paint\"").expect("first paint after <body>");
        assert!(html[body..].contains("<section class=\"offers\">"), "{html}");
        assert_eq!(html.matches("<html").count(), 1);
    }

    #[test]
    fn a_build_that_does_not_remove_it_gets_no_first_paint() {
        let page = "<html lang=\"fr\"><head></head><body></body></html>";
        assert_eq!(with_first_paint(page, "/", Language::Fr), page);
    }

    #[test]
    fn the_service_worker_asks_for_the_page_without_it() {
        let mut headers = HeaderMap::new();
        headers.insert(header::ACCEPT_LANGUAGE, HeaderValue::from_static("en"));
        let asked = Asked::from_headers("/offers", &headers);
        assert!(asked.first_paint);
        assert_eq!(asked.accept_language, Some("en"));
        headers.insert(FIRST_PAINT_HEADER, HeaderValue::from_static("none"));
        assert!(!Asked::from_headers("/offers", &headers).first_paint);
    }

    #[test]
    fn nonces_are_16_random_bytes_in_base64() {
        let first = fresh_nonce().expect("randomness");
        let second = fresh_nonce().expect("randomness");
        assert_eq!(STANDARD.decode(&first).expect("base64").len(), NONCE_BYTES);
        assert_ne!(first, second);
    }
}
