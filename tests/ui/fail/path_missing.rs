use whop_core::endpoint;

/// Get a thing.
#[endpoint(GET, scopes = [], response = ())]
pub struct GetThing {
    pub id: String,
}

fn main() {}
