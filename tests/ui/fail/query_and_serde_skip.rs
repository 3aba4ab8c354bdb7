use whop_core::endpoint;

/// Create a thing.
#[endpoint(POST "/things", scopes = [], response = ())]
pub struct CreateThing {
    #[query]
    #[serde(skip)]
    pub dry_run: Option<bool>,
}

fn main() {}
