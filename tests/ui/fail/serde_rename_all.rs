use whop_core::endpoint;

/// Create a thing.
#[endpoint(POST "/things", scopes = [], response = ())]
#[serde(rename_all = "camelCase")]
pub struct CreateThing {
    pub display_name: String,
}

fn main() {}
