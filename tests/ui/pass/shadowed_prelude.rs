//! The expansion uses absolute paths only: it compiles next to types named like prelude items
//! and in a module without the prelude.

#![allow(dead_code)]

use whop_core::{Endpoint, Page, RequestParts, endpoint};

struct Option;
struct Result;
struct String;
struct Vec;
struct Default;
struct Into;
struct Ok;
struct Error;
struct Client;

/// Update a product.
#[endpoint(PATCH "/products/<id>", scopes = ["access_pass:update"], response = ())]
pub struct UpdateProduct {
    /// The product.
    pub id: ::std::string::String,
    /// The new title.
    pub title: ::core::option::Option<::std::string::String>,
}

mod bare {
    #![no_implicit_prelude]

    use ::whop_core::{Nullable, Page, endpoint};

    /// List things.
    #[endpoint(GET "/things", scopes = [], response = Page<()>)]
    pub struct ListThings {
        /// The cursor.
        pub after: ::core::option::Option<::std::string::String>,
        /// A flag.
        pub flag: Nullable<bool>,
        /// The kind.
        pub kind: ::std::string::String,
    }
}

fn is_page<T>(_: ::core::option::Option<Page<T>>) {}

fn main() {
    assert_eq!(UpdateProduct::PATH, "/products/{id}");
    let request = UpdateProduct::new("prod_1");
    assert!(request.title.is_none());
    let mut parts = RequestParts::new();
    request.write_request(&mut parts).unwrap();
    assert_eq!(parts.path_values(), ["prod_1"]);
    let request = request.title("New");
    assert_eq!(request.title.as_deref(), ::core::option::Option::Some("New"));

    let request = bare::ListThings::new("app").flag(true).after("c_1");
    assert_eq!(request.flag, ::whop_core::Nullable::Value(true));
    let request = request.flag(::whop_core::Nullable::Null);
    assert!(request.flag.is_null());
    let request = bare::ListThings::new("app");
    is_page::<()>(::core::option::Option::None::<<bare::ListThings as Endpoint>::Response>);
    let mut parts = RequestParts::new();
    request.write_request(&mut parts).unwrap();
    assert_eq!(parts.query_string(), "kind=app");
}
