//! The frame of every desk page, rendered on the server with maud (HTML escaped by default), and
//! the desk's stylesheet.
//!
//! Pages are plain HTML forms: no script, no inline style, so the kiosk's Content-Security-Policy
//! applies unchanged. Every page is `Cache-Control: no-store` (it may show personal data). The
//! stylesheet is served under a name holding its digest, so it can be cached for good.

use std::sync::LazyLock;

use axum::{
    extract::Path,
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use maud::{DOCTYPE, Markup, PreEscaped, html};
use sha2::{Digest as _, Sha256};

use super::i18n::Language;

const STYLESHEET: &str = include_str!("../../../../assets/desk.css");

/// `/desk/assets/desk-<digest>.css`: changes whenever the file does.
static STYLESHEET_PATH: LazyLock<String> = LazyLock::new(|| {
    let digest = Sha256::digest(STYLESHEET.as_bytes());
    let short: String = digest.iter().take(8).map(|byte| format!("{byte:02x}")).collect();
    format!("/desk/assets/desk-{short}.css")
});

/// Where the desk's stylesheet is served.
pub fn stylesheet_path() -> &'static str {
    &STYLESHEET_PATH
}

/// `GET /desk/assets/{file}`: the stylesheet under its current name, cached for good.
pub(super) async fn get_stylesheet(Path(file): Path<String>) -> Response {
    if stylesheet_path().strip_prefix("/desk/assets/") != Some(file.as_str()) {
        return StatusCode::NOT_FOUND.into_response();
    }
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
        ],
        STYLESHEET,
    )
        .into_response()
}

/// A whole page: `<html lang dir>`, the header with the language switch (links to `path` in
/// each language), and `content` in `<main>`.
pub fn layout(language: Language, title: &str, path: &str, content: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang=(language.tag()) dir=(language.direction()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="referrer" content="no-referrer";
                title { (title) " · " (language.text("desk-app-title")) }
                link rel="stylesheet" href=(stylesheet_path());
                // The kiosk's icon (served from its build): no request for a missing favicon.
                link rel="icon" href="/icons/icon-192.png" type="image/png";
            }
            body {
                a class="skip-link" href="#main" { (language.text("desk-skip-to-content")) }
                header class="desk-header" {
                    p class="desk-title" { (language.text("desk-app-title")) }
                    nav class="language-switch" aria-label=(language.text("desk-language-switch-label")) {
                        ul {
                            @for other in Language::ALL {
                                li {
                                    a href={ (path) "?lang=" (other.tag()) }
                                        lang=(other.tag()) hreflang=(other.tag())
                                        aria-current=[(other == language).then_some("true")] {
                                        (language.text(&format!("desk-language-{}", other.tag())))
                                    }
                                }
                            }
                        }
                    }
                }
                main id="main" tabindex="-1" {
                    h1 { (title) }
                    // Taken by value: the caller's markup moves into the page.
                    (PreEscaped(content.into_string()))
                }
            }
        }
    }
}

/// An HTML answer that no cache keeps.
pub fn html_response(status: StatusCode, markup: Markup) -> Response {
    let mut response = (status, markup).into_response();
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// A page with a title and one paragraph.
pub fn message_page(
    language: Language,
    status: StatusCode,
    title_id: &str,
    body_id: &str,
) -> Response {
    let title = language.text(title_id);
    let content =
        html! { p role=[status.is_client_error().then_some("alert")] { (language.text(body_id)) } };
    html_response(status, layout(language, &title, "/desk/", content))
}

/// The page for a database that does not answer.
pub fn unavailable_page(language: Language) -> Response {
    let mut response = message_page(
        language,
        StatusCode::SERVICE_UNAVAILABLE,
        "desk-unavailable-title",
        "desk-unavailable-body",
    );
    response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static("5"));
    response
}
