//! `lib.rs` (crate docs and the module list) and `catalog.rs` (the `ENDPOINTS` table).

use std::collections::BTreeSet;
use std::fmt::Write as _;

use super::{HEADER, doc_comment};
use crate::model::Api;

/// The crate documentation; the module list follows it.
const CRATE_DOC: &str = r#"Every operation of the Whop REST API as a typed request, generated from Whop's OpenAPI spec.

Each module is one area of the API, a tag of the spec: [`products`], [`payments`], [`memberships`] and
so on. It holds one request struct per operation, named after the operation (`UpdateProduct` for
`updateProduct`), and the models those operations send and receive. Models that several modules use
live in [`shared`] and are re-exported by each module that uses them.

A request is built with `new` (which takes the required fields), adjusted with one setter per
optional field (the fields are public too), and sent with `send`:

```no_run
use whop_core::{Client, Nullable};
use whop_endpoints::products::{UpdateProduct, Visibility};

# fn main() -> Result<(), whop_core::Error> {
let client = Client::from_env()?;
let product = UpdateProduct::new("prod_XXXXXXXX")
    .title("Pro plan")
    .visibility(Visibility::Hidden)
    .custom_cta_url(Nullable::Null) // sent as null: clears it
    .send(&client)?;
println!("{} is now {}", product.title, product.visibility);
# Ok(())
# }
```

In request bodies, an optional field that the API accepts as `null` is a [`Nullable`](whop_core::Nullable):
left `Unset` it is not sent, `Null` clears the value, `Value` sets it. Lists are paginated; `items`
and `pages` follow the cursor:

```no_run
use whop_endpoints::products::ListProduct;

# fn main() -> Result<(), whop_core::Error> {
# let client = whop_core::Client::from_env()?;
for product in ListProduct::new("biz_XXXXXXXX").items(&client) {
    println!("{}", product?.title);
}
# Ok(())
# }
```

# Scopes

Every request type states the API-key scopes it requires ([`Endpoint::SCOPES`](whop_core::Endpoint::SCOPES)),
and [`ENDPOINTS`] lists every operation as data. A script can work out the scopes it needs before it
starts:

```
use whop_endpoints::products::{ListProduct, UpdateProduct};

let needed = whop_core::scopes::<(UpdateProduct, ListProduct)>();
assert_eq!(needed, ["access_pass:basic:read", "access_pass:update"]);
```

# Webhooks

[`webhooks::WebhookEvent`] is every event Whop sends to a webhook endpoint, decoded by its `type`;
[`webhooks::unwrap`] verifies a delivery's signature and decodes it.

# Forward compatibility

A new version of the API, and the version of this crate generated from it, should not break the
code that uses this one. So:

- Unknown JSON members are ignored, and the models a response returns are `#[non_exhaustive]`:
  read their fields, but do not build them with a struct literal.
- String enums are `#[non_exhaustive]`: a `match` needs a wildcard arm. A value this version does
  not know is kept and serializes back unchanged; `as_str()` reads it.
- Tagged unions (by `typename`) and [`webhooks::WebhookEvent`] are `#[non_exhaustive]`: a member
  or event of a kind this version does not know keeps its whole JSON, read with
  `unknown_json()`; `typename()` and `event_type()` name any kind.
- The models a request sends are built with struct literals; those with no required field
  implement `Default`, so `..Default::default()` absorbs the optional members a later version
  adds."#;

pub(super) fn lib(modules: &BTreeSet<String>) -> String {
    let mut out = String::from(HEADER);
    out.push('\n');
    doc_comment(&mut out, "//!", CRATE_DOC);
    out.push('\n');
    // Each module's docs are inner docs in its own file.
    for module in modules {
        let _ = writeln!(out, "pub mod {module};");
    }
    out.push_str("\nmod catalog;\n\npub use catalog::ENDPOINTS;\n");
    out
}

pub(super) fn catalog(api: &Api) -> String {
    let mut out = String::from(HEADER);
    out.push_str("\n//! The table of every operation.\n\nuse whop_core::EndpointInfo;\n\n");
    let _ = writeln!(
        out,
        "/// Every operation of the API ({} of them), in the order of the spec: operation id, method, path\n\
         /// template, tag, scopes, query parameters and whether a body is sent.\n\
         ///\n\
         /// Everything but the operation id and the tag is read from each request type's\n\
         /// [`Endpoint`](whop_core::Endpoint) impl, so the table always agrees with the types.\n\
         pub static ENDPOINTS: &[EndpointInfo] = &[",
        api.operations.len()
    );
    for op in &api.operations {
        let _ = writeln!(
            out,
            "EndpointInfo::of::<crate::{}::{}>({:?}, {:?}),",
            op.module, op.name, op.operation_id, op.tag
        );
    }
    out.push_str("];\n");
    out
}
