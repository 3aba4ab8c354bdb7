use whop_core::endpoint;

/// Create a thing.
#[endpoint(POST "/things", scopes = [], response = ())]
pub struct CreateThing {
    pub r#type: String,
    #[serde(rename = "type")]
    pub kind: Option<String>,
}

fn main() {}
