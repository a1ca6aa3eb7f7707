//! Fuzzer bytes spliced into child_process program templates (see
//! `cplint_fuzz::templates`), linted with the default pre-filter on, so the semantic
//! layer, every rule and the suppression directives see mostly well-formed programs.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| cplint_fuzz::lint_template(data));
