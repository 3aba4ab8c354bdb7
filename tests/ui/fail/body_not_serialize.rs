use whop_core::endpoint;

#[derive(serde::Deserialize)]
pub struct Thing;

pub struct Color;

/// Create a thing.
#[endpoint(POST "/things", scopes = [], response = Thing)]
pub struct CreateThing {
    /// Its color.
    pub color: Color,
}

fn main() {}
