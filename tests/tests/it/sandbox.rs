//! whop-sandbox through the public client, over real HTTP on loopback: every operation, the
//! lifecycle of resources, checks, faults and webhooks.

mod all_operations;
mod checks;
mod faults;
mod lifecycle;
mod readme;
mod webhooks;
