//! An operation without scopes and without parameters, and a DELETE whose fields are all query
//! parameters.

use whop_core::{Endpoint, Method, RequestParts, endpoint};

/// Check the API is up.
#[endpoint(GET "/", scopes = [], response = ())]
pub struct Ping {}

/// Remove a thing.
#[endpoint(DELETE "/things/<id>", scopes = [], response = ())]
pub struct DeleteThing {
    /// The thing.
    pub id: u64,
    /// Also remove its copies.
    pub cascade: bool,
}

fn main() {
    assert_eq!(Ping::METHOD, Method::Get);
    assert_eq!(Ping::PATH, "/");
    assert!(Ping::SCOPES.is_empty());
    let mut parts = RequestParts::new();
    Ping::new().write_request(&mut parts).unwrap();
    assert_eq!(parts.query_string(), "");

    assert_eq!(DeleteThing::METHOD, Method::Delete);
    let mut parts = RequestParts::new();
    DeleteThing::new(42_u64, true)
        .write_request(&mut parts)
        .unwrap();
    assert_eq!(parts.path_values(), ["42"]);
    assert_eq!(parts.query_string(), "cascade=true");
}
