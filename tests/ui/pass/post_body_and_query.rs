//! A POST: required and optional body members, a `Vec` body member and a `#[query]` field.

use serde::Deserialize;
use whop_core::{Endpoint, Method, RequestParts, endpoint};

#[derive(Debug, Deserialize)]
pub struct Plan {
    pub id: String,
}

/// Create a plan.
#[endpoint(POST "/plans", scopes = ["plan:create"], response = Plan)]
pub struct CreatePlan {
    /// The product it belongs to.
    pub product_id: String,
    /// Price in cents.
    pub price: u64,
    /// Extra tags.
    pub tags: Vec<String>,
    /// A note.
    pub note: Option<String>,
    /// Validate only.
    #[query]
    pub dry_run: Option<bool>,
    /// Where to send a receipt.
    #[query]
    pub notify: Vec<String>,
}

fn main() {
    assert_eq!(CreatePlan::METHOD, Method::Post);
    assert_eq!(CreatePlan::PATH, "/plans");
    assert!(!CreatePlan::METHOD.is_idempotent());

    // Required: product_id, price, tags, notify. Two are `Vec<String>`, so they are given by name.
    let mut request = CreatePlan::new(CreatePlanRequired {
        product_id: "prod_1".to_owned(),
        price: 500,
        tags: vec!["a".to_owned()],
        notify: Vec::new(),
    });
    assert_eq!(request.note, None);
    request.dry_run = Some(true);
    request.notify = vec!["x@example.com".to_owned()];

    let mut parts = RequestParts::new();
    request.write_request(&mut parts).unwrap();
    assert!(parts.path_values().is_empty());
    assert_eq!(parts.query_string(), "dry_run=true&notify%5B%5D=x%40example.com");
}
