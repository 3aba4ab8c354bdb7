//! Entry points for fuzzing the parts that read untrusted bytes: response bodies, error bodies
//! and the retry headers. The `fuzz/` targets and a property test call the same functions.
//!
//! Each function must return normally for every input; a panic is a bug. They also check a few
//! invariants and panic when one breaks, so the fuzzer reports it.

use std::collections::BTreeMap;
use std::time::Duration;

use serde::Deserialize;

use crate::{ApiError, Error, Nullable, Page, Timestamp};

/// A model shaped like Whop's: nested objects, nullable and optional fields, timestamps, lists.
#[derive(Debug, Deserialize)]
#[allow(dead_code)] // Only decoded, never read: the point is the decoding.
struct Model {
    id: String,
    created_at: Timestamp,
    updated_at: Option<Timestamp>,
    title: Nullable<String>,
    price: Option<f64>,
    count: Option<i64>,
    flags: Option<Vec<bool>>,
    metadata: Option<BTreeMap<String, serde_json::Value>>,
    owner: Option<Box<Model>>,
}

/// Decodes `data` as a 2xx body into several response types, and formats any error.
pub fn decode_response(data: &[u8]) {
    check_decode::<serde_json::Value>(data);
    check_decode::<Model>(data);
    check_decode::<Page<Model>>(data);
    check_decode::<Page<serde_json::Value>>(data);
    check_decode::<Vec<Timestamp>>(data);
    check_decode::<Nullable<Timestamp>>(data);
    check_decode::<()>(data);
}

fn check_decode<T: serde::de::DeserializeOwned>(data: &[u8]) {
    match crate::decode::decode_json::<T>(data) {
        Ok(_) => {}
        Err(Error::Decode(err)) => {
            let text = err.to_string();
            // The snippet is bounded whatever the body's size: 256 bytes of body, each of which
            // may turn into a 3-byte replacement character, and the cut mark.
            assert!(
                err.snippet.len() <= 3 * 256 + 3,
                "snippet of {} bytes",
                err.snippet.len()
            );
            assert!(!text.is_empty());
        }
        Err(other) => panic!("decoding can only fail with Error::Decode, got {other:?}"),
    }
}

/// Builds an [`ApiError`] from a status and `data` as the error body, and formats it.
/// A status outside 100..=999 is not a status and is skipped.
pub fn decode_error_body(status: u16, data: &[u8]) {
    let Ok(status) = http::StatusCode::from_u16(status) else {
        return;
    };
    let err = ApiError::from_response(status, Some("req_fuzz".to_owned()), data);
    assert_eq!(err.status, status);
    assert!(
        err.body.len() <= 3 * 8 * 1024 + 3,
        "kept body of {} bytes",
        err.body.len()
    );
    let text = Error::from(err).to_string();
    assert!(!text.is_empty());
}

/// Reads `data` as the values of `retry-after`, `retry-after-ms` and `x-should-retry` (split on
/// newlines) and computes the wait they ask for, which must never exceed 60 s.
pub fn retry_headers(data: &[u8]) {
    let mut values = data.split(|byte| *byte == b'\n');
    let mut headers = http::HeaderMap::new();
    for name in ["retry-after", "retry-after-ms", "x-should-retry"] {
        if let Some(value) = values
            .next()
            .and_then(|v| http::HeaderValue::from_bytes(v).ok())
        {
            headers.insert(name, value);
        }
    }
    if let Some(delay) = crate::retry::server_delay(&headers) {
        assert!(
            delay <= Duration::from_secs(60),
            "a server delay of {delay:?}"
        );
    }
    let _ = crate::retry::should_retry_header(&headers);
}
