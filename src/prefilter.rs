//! Byte-level pre-filter: a file that contains none of these strings cannot hold a
//! call site (every call site starts from a `require`/`import` of a module named by
//! one of them), so it is never parsed. Sound by construction; `--no-prefilter`
//! lints everything and a test checks both modes agree.

use std::sync::OnceLock;

use aho_corasick::AhoCorasick;

use crate::semantic::modules;

fn matcher() -> &'static AhoCorasick {
    static M: OnceLock<AhoCorasick> = OnceLock::new();
    M.get_or_init(|| {
        // The needles are fixed strings known at compile time; building cannot fail
        // for them, and a failure would be a bug caught by every test.
        AhoCorasick::new(modules::prefilter_needles()).expect("static pre-filter patterns")
    })
}

/// Whether `bytes` may contain a call site.
pub fn may_match(bytes: &[u8]) -> bool {
    matcher().is_match(bytes)
}
