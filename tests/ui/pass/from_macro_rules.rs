//! Declarations produced by `macro_rules!`, with types passed in from outside the macro.

use whop_core::{Endpoint, RequestParts, endpoint};

macro_rules! get_endpoint {
    ($name:ident, $path:literal, $id:ty, $filter:ty, $flag:ty) => {
        /// Get something.
        #[endpoint(GET $path, scopes = [], response = ())]
        pub struct $name {
            /// Which one.
            pub id: $id,
            /// A filter.
            pub filter: Option<$filter>,
            /// A flag, optional through the type passed in.
            pub flag: $flag,
        }
    };
}

get_endpoint!(GetThing, "/things/<id>", u64, Vec<String>, Option<bool>);

fn main() {
    assert_eq!(GetThing::PATH, "/things/{id}");
    // `flag` is an `Option`, so `new` takes only `id`.
    let mut request = GetThing::new(7_u64);
    request.filter = Some(vec!["a".to_owned(), "b".to_owned()]);
    let mut parts = RequestParts::new();
    request.write_request(&mut parts).unwrap();
    assert_eq!(parts.path_values(), ["7"]);
    assert_eq!(parts.query_string(), "filter%5B%5D=a&filter%5B%5D=b");
    // The setter of a type passed in as `Option<bool>` takes a `bool`.
    assert_eq!(GetThing::new(7_u64).flag(true).flag, Some(true));
}
