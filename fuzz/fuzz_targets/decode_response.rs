//! A 2xx body of arbitrary bytes decodes into a value or an `Error::Decode`, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    whop_core::fuzzing::decode_response(data);
});
