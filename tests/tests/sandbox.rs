//! whop-sandbox through the public client, over real HTTP on loopback: every operation, the
//! lifecycle of resources, checks, faults and webhooks.

#[path = "sandbox/all_operations.rs"]
mod all_operations;
#[path = "sandbox/checks.rs"]
mod checks;
#[path = "sandbox/faults.rs"]
mod faults;
#[path = "sandbox/lifecycle.rs"]
mod lifecycle;
#[path = "sandbox/readme.rs"]
mod readme;
#[path = "sandbox/webhooks.rs"]
mod webhooks;
