use whop_core::endpoint;

/// Get a thing.
#[endpoint(GET "/things/<id>", response = ())]
pub struct GetThing {
    pub id: String,
}

fn main() {}
