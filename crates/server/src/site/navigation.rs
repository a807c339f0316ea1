//! Which paths are the kiosk's own pages, to be answered with the index page when no file
//! matches. A pure function so the rule is tested on its own.

/// True for a path the kiosk's router handles: outside `/api`, and whose last segment has no
/// extension (`/`, `/register`, `/offers/123`). False for `/missing.js` or `/x.wasm`.
pub fn is_navigation_path(path: &str) -> bool {
    if path == "/api" || path.starts_with("/api/") {
        return false;
    }
    let last_segment = path.rsplit('/').next().unwrap_or_default();
    !last_segment.contains('.')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn navigation_paths() {
        #[track_caller]
        fn check(path: &str, expected: bool) {
            assert_eq!(is_navigation_path(path), expected, "{path}");
        }
        check("/", true);
        check("/register", true);
        check("/offers/123", true);
        check("/offers/", true);
        check("/v1.2/offers", true);
        check("/missing.js", false);
        check("/x.wasm", false);
        check("/icons/icon-192.png", false);
        check("/styles.css", false);
        check("/manifest.webmanifest", false);
        check("/.well-known", false);
        check("/api", false);
        check("/api/v1/nope", false);
        check("/apiary", true);
    }
}
