//! Arbitrary bytes as a TypeScript (or other) file: the first byte picks the
//! extension, so `.ts`, `.tsx`, `.mts`, `.cts`, `.d.ts`, `.jsx`, `.mjs` and `.cjs`
//! syntaxes are all reached. The pre-filter is off.
#![no_main]

use libfuzzer_sys::fuzz_target;

const NAMES: &[&str] = &["f.ts", "f.tsx", "f.mts", "f.cts", "f.d.ts", "f.jsx", "f.mjs", "f.cjs"];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else { return };
    cplint_fuzz::lint(NAMES[pick as usize % NAMES.len()], rest, false);
});
