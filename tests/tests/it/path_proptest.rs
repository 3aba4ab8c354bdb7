//! Path values are data, never structure: for any string, the server receives exactly the
//! template's segments and decodes each value back to the original.

use percent_encoding::percent_decode_str;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use serde_json::json;
use whop_core::{Endpoint, Error, Method, RequestParts};
use whop_tests::faults::{Fault, FaultServer};

/// `GET /companies/{company_id}/members/{member_id}`, written by hand.
struct GetMember {
    company_id: String,
    member_id: String,
}

impl Endpoint for GetMember {
    const METHOD: Method = Method::Get;
    const PATH: &'static str = "/companies/{company_id}/members/{member_id}";
    const SCOPES: &'static [&'static str] = &[];
    type Response = serde_json::Value;

    fn write_request(&self, parts: &mut RequestParts) -> Result<(), Error> {
        parts.path("company_id", &self.company_id)?;
        parts.path("member_id", &self.member_id)
    }
}

/// Any string, plus strings made of the characters that carry meaning in a URL.
fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[./?#%&=+;:@!$'()*,\\[\\]\\\\ ~_-]{0,8}",
        "(\\.|\\.\\.|%2[eEfF]|%|/|\\?|#){1,4}",
        "\\PC{0,12}",
    ]
}

#[test]
fn any_path_value_round_trips_as_exactly_one_segment() {
    let server = FaultServer::start(vec![Fault::json(200, &json!({}))]);
    let client = server.client_builder().max_retries(0).build().unwrap();
    let mut runner = TestRunner::new(Config {
        cases: 512,
        failure_persistence: None,
        ..Config::default()
    });
    let sent = std::cell::Cell::new(0usize);
    runner
        .run(&(value(), value()), |(company_id, member_id)| {
            let request = GetMember {
                company_id: company_id.clone(),
                member_id: member_id.clone(),
            };
            let result = client.send(&request);
            let refused = |v: &str| v.is_empty() || v == "." || v == "..";
            if refused(&company_id) || refused(&member_id) {
                // An empty value would collapse the path and a dot segment would name another
                // resource; both are refused before anything is sent.
                prop_assert!(
                    matches!(result, Err(Error::InvalidRequest { .. })),
                    "{result:?}"
                );
                prop_assert_eq!(server.requests().len(), sent.get());
                return Ok(());
            }
            result.map_err(|err| TestCaseError::fail(format!("the call failed: {err}")))?;
            sent.set(sent.get() + 1);
            let requests = server.requests();
            prop_assert_eq!(requests.len(), sent.get());
            let received = &requests[sent.get() - 1];
            prop_assert_eq!(received.query(), None);
            let segments: Vec<&str> = received.path().split('/').collect();
            prop_assert_eq!(segments.len(), 5, "segments of {:?}", received.target);
            prop_assert_eq!(&segments[..2], &["", "companies"]);
            prop_assert_eq!(segments[3], "members");
            for (raw, original) in [(segments[2], &company_id), (segments[4], &member_id)] {
                // Only unreserved characters and %XX escapes go on the wire.
                prop_assert!(
                    raw.bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b"-._~%".contains(&b)),
                    "raw segment {:?}",
                    raw
                );
                prop_assert!(raw != "." && raw != "..", "a dot segment: {:?}", raw);
                let decoded = percent_decode_str(raw)
                    .decode_utf8()
                    .map_err(|e| TestCaseError::fail(e.to_string()))?;
                prop_assert_eq!(decoded.as_ref(), original.as_str());
            }
            Ok(())
        })
        .unwrap();
    let sent = sent.get();
    eprintln!("{sent} requests checked");
    assert!(sent > 100, "too few non-empty cases: {sent}");
}
