use whop_core::endpoint;

/// Get a thing.
#[endpoint]
pub struct GetThing {
    pub id: String,
}

fn main() {}
