//! `ApiError::headers`: the headers of a non-2xx answer reach the caller, e.g. rate-limit headers
//! or a mock server's `sl-violations`.

use whop_core::{Endpoint, Error, Method, RequestParts};
use whop_tests::{Reply, TestServer};

/// `GET /things`, with nothing to write.
struct ListThings;

impl Endpoint for ListThings {
    const METHOD: Method = Method::Get;
    const PATH: &'static str = "/things";
    const SCOPES: &'static [&'static str] = &[];
    type Response = serde_json::Value;

    fn write_request(&self, _parts: &mut RequestParts) -> Result<(), Error> {
        Ok(())
    }
}

#[test]
fn an_api_error_carries_the_response_headers() {
    let server = TestServer::replying(
        Reply::json(
            422,
            &serde_json::json!({"error": {"type": "invalid", "message": "bad"}}),
        )
        .header("sl-violations", r#"[{"message":"first must be integer"}]"#)
        .header("X-RateLimit-Remaining", "41")
        .header("x-request-id", "req_7"),
    );
    let err = server
        .client()
        .send(&ListThings)
        .expect_err("a 422 is an error");
    let api = err.as_api().expect("Error::Api");
    assert_eq!(api.status, 422);
    assert_eq!(
        api.headers
            .get("sl-violations")
            .and_then(|v| v.to_str().ok()),
        Some(r#"[{"message":"first must be integer"}]"#)
    );
    // Header names are case-insensitive.
    assert_eq!(
        api.headers
            .get("x-ratelimit-remaining")
            .and_then(|v| v.to_str().ok()),
        Some("41")
    );
    assert_eq!(api.request_id.as_deref(), Some("req_7"));
}
