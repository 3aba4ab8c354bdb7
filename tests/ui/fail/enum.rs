use whop_core::endpoint;

/// Get a thing.
#[endpoint(GET "/things", scopes = [], response = ())]
pub enum GetThing {
    ById(String),
}

fn main() {}
