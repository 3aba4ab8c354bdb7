//! [`Response`]: a decoded value with the status and headers it came with.

use http::{HeaderMap, StatusCode};

/// A successful answer: the decoded value, its status and its headers.
///
/// Returned by [`Client::send_with_response`](crate::Client::send_with_response) for the cases
/// where a call needs more than the value: the `x-request-id` to quote to Whop support, or the
/// rate-limit headers to pace a batch.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Response<T> {
    /// The decoded body.
    pub value: T,
    /// The status of the answer, e.g. `200 OK` or `201 Created`.
    pub status: StatusCode,
    /// The response headers.
    pub headers: HeaderMap,
    /// The `x-request-id` header, when the answer carries one.
    pub request_id: Option<String>,
}

impl<T> Response<T> {
    pub(crate) fn new(value: T, status: StatusCode, headers: HeaderMap) -> Response<T> {
        let request_id = headers
            .get("x-request-id")
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned);
        Response {
            value,
            status,
            headers,
            request_id,
        }
    }

    /// The decoded body, without the status and headers.
    pub fn into_value(self) -> T {
        self.value
    }
}
