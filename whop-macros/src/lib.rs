//! The `#[endpoint]` attribute macro of whop-rs.
use proc_macro::TokenStream;

/// Declares a request type of the Whop API.
#[proc_macro_attribute]
pub fn endpoint(_args: TokenStream, input: TokenStream) -> TokenStream {
    input
}
