//! An optional field gets a setter named like it, which must not be one of the generated methods.

use whop_core::endpoint;

/// Send a message.
#[endpoint(POST "/messages", scopes = [], response = ())]
pub struct CreateMessage {
    /// The text.
    pub content: String,
    /// Whether to send it now.
    pub send: Option<bool>,
}

fn main() {}
