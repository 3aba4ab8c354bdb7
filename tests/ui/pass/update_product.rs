//! A PATCH with a path parameter, `Nullable` and `Option` body members, a `#[query]` field and a
//! renamed field.

use serde::{Deserialize, Serialize};
use whop_core::{Endpoint, Method, Nullable, endpoint};

#[derive(Debug, Deserialize)]
pub struct Product {
    pub id: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Regular,
    App,
}

/// Update a product.
#[endpoint(PATCH "/products/<id>", scopes = ["access_pass:update", "access_pass:basic:read"], response = Product)]
#[derive(Debug, Clone)]
pub struct UpdateProduct {
    /// The product.
    pub id: String,
    /// The new title.
    pub title: Nullable<String>,
    /// Validate only.
    #[query]
    pub dry_run: Option<bool>,
    /// The kind.
    #[serde(rename = "type")]
    pub kind: Option<Kind>,
}

fn main() {
    assert_eq!(UpdateProduct::METHOD, Method::Patch);
    assert_eq!(UpdateProduct::PATH, "/products/{id}");
    assert_eq!(
        UpdateProduct::SCOPES,
        ["access_pass:update", "access_pass:basic:read"]
    );
    let request = UpdateProduct::new("prod_1");
    assert_eq!(request.id, "prod_1");
    assert!(request.title.is_unset());
    assert_eq!(request.dry_run, None);
    assert_eq!(request.kind, None);

    // One setter per optional field, named like it: a `Nullable` takes a value or `Null`.
    let request = UpdateProduct::new("prod_1")
        .title("New")
        .dry_run(true)
        .kind(Kind::App);
    assert_eq!(request.title, Nullable::Value("New".to_owned()));
    assert_eq!(request.dry_run, Some(true));
    assert_eq!(request.kind, Some(Kind::App));
    let request = request.title(Nullable::Null).title(String::from("Newer"));
    assert_eq!(request.title.as_option().map(String::as_str), Some("Newer"));
    assert!(request.title(Nullable::Null).title.is_null());
}
