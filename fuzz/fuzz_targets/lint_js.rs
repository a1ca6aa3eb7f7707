//! Arbitrary bytes as a `.js` file through the whole per-file pipeline (decode →
//! parse → semantic → rules → suppressions → output). The pre-filter is off so every
//! input reaches the parser.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| cplint_fuzz::lint_js(data));
