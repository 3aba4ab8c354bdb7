//! whop-sandbox from outside, in one test binary: its HTTP/1.1 handling byte by byte, and the
//! standalone server. The API itself is tested through the client in the workspace's tests.

mod http;
mod standalone;
