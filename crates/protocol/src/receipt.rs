//! What the receipt's QR code says, for the desk that scans it.
//!
//! The code carries the submission's full client id, so a scan finds exactly one
//! pre-registration, where the 8-character reference printed beside it may match several. The
//! text is [`RECEIPT_QR_PREFIX`] followed by the client id in upper case, for example
//! `GUICHET:0190F5E2-1234-7ABC-9DEF-0123456789AB`: every character is in the QR alphanumeric set
//! (digits, upper-case letters, `-` and `:`), so the code stays small (version 3 at level M). A
//! reader compares client ids without regard to case.

/// The start of a receipt QR code's text; the client id follows, with nothing after it.
pub const RECEIPT_QR_PREFIX: &str = "GUICHET:";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_prefix_is_qr_alphanumeric() {
        const ALPHANUMERIC: &str = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";
        assert!(RECEIPT_QR_PREFIX.chars().all(|c| ALPHANUMERIC.contains(c)));
    }
}
