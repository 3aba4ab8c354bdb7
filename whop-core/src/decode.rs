//! Decoding response bodies into the declared types.

use serde::de::DeserializeOwned;

use crate::{DecodeError, Error};

/// Decodes a response body into `T` exactly as [`Client::send`](crate::Client::send) decodes a
/// 2xx answer: for a body kept from an earlier call, a recorded fixture, or a benchmark of the
/// decoding alone.
///
/// An empty (or all-whitespace) body reads as JSON `null`, which suits `()` and `Option`. A body
/// that does not decode is [`Error::Decode`], whose [`DecodeError`] names the JSON path of the
/// failure (`data[2].created_at`) and quotes the start of the body; its `call` is `None`.
///
/// The fast path is plain `serde_json`; only when it fails is the body decoded a second time with
/// path tracking, so a successful decode pays nothing for the better error message.
///
/// ```
/// let ids: Vec<String> = whop_core::decode_json(br#"["prod_1", "prod_2"]"#)?;
/// assert_eq!(ids, ["prod_1", "prod_2"]);
/// let err = whop_core::decode_json::<Vec<String>>(br#"["prod_1", 2]"#).unwrap_err();
/// assert!(matches!(err, whop_core::Error::Decode(ref decode) if decode.path == "[1]"));
/// # Ok::<(), whop_core::Error>(())
/// ```
pub fn decode_json<T: DeserializeOwned>(body: &[u8]) -> Result<T, Error> {
    // An empty body stands for "nothing": fine for `()`/`Option`, an error for a model.
    let text: &[u8] = if body.iter().all(u8::is_ascii_whitespace) {
        b"null"
    } else {
        body
    };
    match serde_json::from_slice(text) {
        Ok(value) => Ok(value),
        Err(first) => Err(locate_failure::<T>(text, body, first).into()),
    }
}

fn locate_failure<T: DeserializeOwned>(
    text: &[u8],
    body: &[u8],
    first: serde_json::Error,
) -> DecodeError {
    let mut deserializer = serde_json::Deserializer::from_slice(text);
    let (path, message) = match serde_path_to_error::deserialize::<_, T>(&mut deserializer) {
        // serde_path_to_error writes `?` where the failure is outside any member (bad JSON at
        // the top level); `.` is what the docs promise for the top level.
        Err(err) => (
            top_level_as_dot(err.path().to_string()),
            err.inner().to_string(),
        ),
        // Cannot happen for a deterministic Deserialize; report the first error as is.
        Ok(_) => (".".to_owned(), first.to_string()),
    };
    let message = if body.iter().all(u8::is_ascii_whitespace) {
        format!("the body is empty, expected JSON ({message})")
    } else {
        message
    };
    DecodeError::new(path, message, body)
}

fn top_level_as_dot(path: String) -> String {
    if path == "?" { ".".to_owned() } else { path }
}
