//! Turning the secret as users hold it into HMAC key bytes.

use base64::Engine as _;
use base64::engine::DecodePaddingMode;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};

use super::WebhookError;

/// The prefix of standard-webhooks secrets, followed by the key in base64.
const STANDARD_PREFIX: &str = "whsec_";

/// Standard base64 that accepts the padding being there or not, since secrets get copied around
/// by hand and trailing `=` are easily lost.
pub(super) const BASE64: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// The HMAC key for a secret: base64-decoded after `whsec_`, else the secret's own bytes.
pub(super) fn key_bytes(secret: &str) -> Result<Vec<u8>, WebhookError> {
    // A secret read from a file or a terminal often carries a trailing newline.
    let secret = secret.trim_matches(|c: char| c.is_ascii_whitespace());
    if secret.is_empty() {
        return Err(invalid("it is empty"));
    }
    let Some(encoded) = secret.strip_prefix(STANDARD_PREFIX) else {
        return Ok(secret.as_bytes().to_vec());
    };
    let key = BASE64.decode(encoded).map_err(|_| {
        invalid("a secret starting with `whsec_` must continue with the key in base64")
    })?;
    if key.is_empty() {
        return Err(invalid("the key after `whsec_` is empty"));
    }
    Ok(key)
}

pub(super) fn invalid(reason: &str) -> WebhookError {
    WebhookError::InvalidSecret {
        reason: reason.to_owned(),
    }
}
