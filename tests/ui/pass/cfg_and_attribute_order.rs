//! `#[cfg]` on fields is honoured everywhere the field is used, and `#[endpoint]` may come after
//! a `#[derive]`.

use serde::{Deserialize, Serialize};
use whop_core::{Endpoint, RequestParts, endpoint};

/// Create a thing.
#[endpoint(POST "/things", scopes = [], response = ())]
pub struct CreateThing {
    /// Its name.
    pub name: String,
    /// Compiled out: neither a field, nor a field of `CreateThingRequired`, nor sent. (It still
    /// counts when the macro compares required types, as it cannot know the `cfg`: two strings,
    /// so `new` takes them by name.)
    #[cfg(any())]
    pub never: String,
    /// Compiled in.
    #[cfg(all())]
    #[query]
    pub dry_run: Option<bool>,
}

/// Search things.
#[derive(Debug, Serialize, Deserialize)]
#[endpoint(GET "/things", scopes = [], response = ())]
pub struct SearchThings {
    /// The text.
    #[query]
    #[serde(rename = "q")]
    pub text: String,
}

fn main() {
    let request = CreateThing::new(CreateThingRequired { name: "a".into() }).dry_run(false);
    let mut parts = RequestParts::new();
    request.write_request(&mut parts).unwrap();
    assert_eq!(parts.query_string(), "dry_run=false");

    let search = SearchThings::new("pro");
    assert_eq!(serde_json::to_string(&search).unwrap(), r#"{"q":"pro"}"#);
    let mut parts = RequestParts::new();
    search.write_request(&mut parts).unwrap();
    assert_eq!(parts.query_string(), "q=pro");
}
