use whop_core::endpoint;

#[derive(serde::Deserialize)]
pub struct Thing;

pub struct ThingId(pub u64);

/// Get a thing.
#[endpoint(GET "/things/<id>", scopes = [], response = Thing)]
pub struct GetThing {
    /// The thing.
    pub id: ThingId,
}

fn main() {}
