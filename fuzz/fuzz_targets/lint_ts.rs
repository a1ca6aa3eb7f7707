//! Arbitrary bytes as a TypeScript (or other) file: the first byte picks the name
//! (`cplint_fuzz::TS_NAMES`), so `.ts`, `.tsx`, `.mts`, `.cts`, `.jsx`, `.mjs` and
//! `.cjs` syntaxes are all reached. The pre-filter is off.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| cplint_fuzz::lint_ts(data));
