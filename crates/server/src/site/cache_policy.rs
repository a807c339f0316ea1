//! How long a browser may keep a static file, decided from its name alone.
//!
//! Trunk puts a content hash in the names of the files it builds, so such a file never changes
//! and can be cached for a year. Anything else (the service worker, the manifest, icons) must be
//! revalidated, or a kiosk could keep running an old build for a year.

/// The caching a static file gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CachePolicy {
    /// The name carries a content hash: the bytes at this URL never change.
    Immutable,
    /// Anything else: the browser may keep a copy but must ask before using it.
    Revalidate,
}

impl CachePolicy {
    /// The `Cache-Control` value of this policy.
    pub fn header_value(self) -> &'static str {
        match self {
            Self::Immutable => "public, max-age=31536000, immutable",
            Self::Revalidate => "no-cache",
        }
    }
}

/// The policy for a request path: [`CachePolicy::Immutable`] when the file name ends with `-`
/// and exactly 16 lowercase hex digits right before its extension, or before `_bg.wasm`
/// (`guichet-1a2b3c4d5e6f7a8b.js`, `guichet-1a2b3c4d5e6f7a8b_bg.wasm`).
pub fn cache_policy_for(path: &str) -> CachePolicy {
    let file_name = path.rsplit('/').next().unwrap_or_default();
    let stem = file_name
        .strip_suffix("_bg.wasm")
        .or_else(|| file_name.rsplit_once('.').map(|(stem, _extension)| stem));
    match stem {
        Some(stem) if ends_with_trunk_hash(stem) => CachePolicy::Immutable,
        _ => CachePolicy::Revalidate,
    }
}

const HASH_LEN: usize = 16;

fn ends_with_trunk_hash(stem: &str) -> bool {
    let Some(split) = stem.len().checked_sub(HASH_LEN + 1) else {
        return false;
    };
    let (before, hash) = stem.split_at_checked(split).unwrap_or_default();
    let Some(hash) = hash.strip_prefix('-') else {
        return false;
    };
    !before.is_empty() && hash.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cache_policies() {
        use CachePolicy::{Immutable, Revalidate};
        #[track_caller]
        fn check(path: &str, expected: CachePolicy) {
            assert_eq!(cache_policy_for(path), expected, "{path}");
        }
        check("/guichet-1a2b3c4d5e6f7a8b.js", Immutable);
        check("/guichet-1a2b3c4d5e6f7a8b_bg.wasm", Immutable);
        check("/styles-0123456789abcdef.css", Immutable);
        check("/nested/dir/app-0123456789abcdef.js", Immutable);
        check("/guichet-1a2b3c4d5e6f7a8b.wasm", Immutable);
        check("/sw.js", Revalidate);
        check("/manifest.webmanifest", Revalidate);
        check("/icons/icon-192.png", Revalidate);
        check("/index.html", Revalidate);
        check("/", Revalidate);
        // Not quite a Trunk hash: upper case, one digit short or long, no dash, no name.
        check("/guichet-1A2B3C4D5E6F7A8B.js", Revalidate);
        check("/guichet-1a2b3c4d5e6f7a8.js", Revalidate);
        check("/guichet-01a2b3c4d5e6f7a8b.js", Revalidate);
        check("/guichet_1a2b3c4d5e6f7a8b.js", Revalidate);
        check("/-1a2b3c4d5e6f7a8b.js", Revalidate);
        check("/guichet-1a2b3c4d5e6f7a8g.js", Revalidate);
        // The hash must sit right before the extension, and the file must have one.
        check("/guichet-1a2b3c4d5e6f7a8b", Revalidate);
        check("/guichet-1a2b3c4d5e6f7a8b-extra.js", Revalidate);
        check("/guichet-1a2b3c4d5e6f7a8b/inline0.js", Revalidate);
        check("/guichet-1a2b3c4d5e6f7a8b_bg.js", Revalidate);
        // Multi-byte characters must not make the byte arithmetic panic.
        check("/é-1a2b3c4d5e6f7a8b.js", Immutable);
        check("/ééééééééé.js", Revalidate);
    }

    #[test]
    fn header_values() {
        assert_eq!(CachePolicy::Immutable.header_value(), "public, max-age=31536000, immutable");
        assert_eq!(CachePolicy::Revalidate.header_value(), "no-cache");
    }
}
