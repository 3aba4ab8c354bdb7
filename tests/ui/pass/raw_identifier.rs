//! Raw identifiers: `r#type` is the path placeholder `<type>`, `r#in` the query parameter `in`.

use whop_core::{Endpoint, RequestParts, endpoint};

/// List things of a type.
#[endpoint(GET "/things/<type>", scopes = ["thing:read"], response = ())]
pub struct ListThingsOfType {
    /// The type.
    pub r#type: String,
    /// Where.
    pub r#in: Option<String>,
}

fn main() {
    assert_eq!(ListThingsOfType::PATH, "/things/{type}");
    // The setter of `r#in` is `r#in` too.
    let request = ListThingsOfType::new("app").r#in("eu");
    assert_eq!(request.r#in.as_deref(), Some("eu"));
    let mut parts = RequestParts::new();
    request.write_request(&mut parts).unwrap();
    assert_eq!(parts.path_values(), ["app"]);
    assert_eq!(parts.query_string(), "in=eu");
}
