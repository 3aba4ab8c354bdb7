//! `#[serde(rename)]` sets the wire name; `#[serde]` attributes are kept when the struct derives
//! serde itself and removed otherwise.

use serde::{Deserialize, Serialize};
use whop_core::{Endpoint, RequestParts, endpoint};

/// Search things.
#[endpoint(GET "/things", scopes = [], response = ())]
pub struct SearchThings {
    /// The kind, sent as `type`.
    #[serde(rename = "type")]
    pub kind: String,
    /// The query, sent as `q`.
    #[serde(rename(serialize = "q", deserialize = "query"))]
    pub query: Option<String>,
}

/// Search things, from a saved search.
#[endpoint(GET "/things", scopes = [], response = ())]
#[derive(Debug, Serialize, Deserialize, PartialEq)]
pub struct SavedSearch {
    /// The kind, sent as `type`.
    #[serde(rename = "type")]
    pub kind: String,
    /// Page size.
    #[serde(default, alias = "limit")]
    pub first: Option<u32>,
}

fn main() {
    let mut request = SearchThings::new("app");
    request.query = Some("pro".to_owned());
    let mut parts = RequestParts::new();
    request.write_request(&mut parts).unwrap();
    assert_eq!(parts.query_string(), "type=app&q=pro");

    let saved: SavedSearch = serde_json::from_str(r#"{"type": "app", "limit": 5}"#).unwrap();
    assert_eq!(
        saved,
        SavedSearch {
            kind: "app".to_owned(),
            first: Some(5)
        }
    );
    assert_eq!(
        serde_json::to_string(&saved).unwrap(),
        r#"{"type":"app","first":5}"#
    );
    let mut parts = RequestParts::new();
    saved.write_request(&mut parts).unwrap();
    assert_eq!(parts.query_string(), "type=app&first=5");
}
