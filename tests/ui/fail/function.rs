use whop_core::endpoint;

/// Get a thing.
#[endpoint(GET "/things", scopes = [], response = ())]
pub(crate) fn get_thing() {}

fn main() {}
