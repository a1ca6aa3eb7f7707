//! What a file exports that runs a shell command: the summary the cross-file pass
//! ([`crate::run::project`]) reads to make an imported function a sink for its
//! importers.
//!
//! A file's summary lists each exported function one of whose parameters reaches a
//! shell-string call (`exec`, `execSync`, a shell-string wrapper) unquoted, with
//! the parameter's position: `module.exports = function run(cmd) { exec(cmd) }`
//! summarises as `default`, parameter 0. Exports are read from the file's top level
//! ([`super::export_list`]). The summary depends only on the file itself.

use rustc_hash::FxHashMap as HashMap;

use super::export_list::exported_functions;
use super::{Decl, Origin, Semantic};
use crate::emit::SinkExport;

/// The file's summary: each exported function whose parameter reaches a shell
/// string unquoted, once per (export, parameter).
pub fn sink_exports(sem: &Semantic<'_>) -> Vec<SinkExport> {
    let shell_calls: Vec<_> = sem.calls.iter().filter(|s| s.api.is_shell_string() && s.command.is_some()).collect();
    if shell_calls.is_empty() {
        return Vec::new();
    }
    let exported = exported_functions(sem);
    if exported.is_empty() {
        return Vec::new();
    }
    // (function, parameter name) → position, for the exported functions only.
    let mut params: HashMap<(usize, &str), usize> = HashMap::default();
    for b in sem.bindings.all() {
        if let Decl::Param { func, index, rest: false, .. } = b.decl
            && exported.iter().any(|(_, f)| *f == func)
        {
            params.insert((func, b.name.as_str()), index);
        }
    }
    let mut out: Vec<SinkExport> = Vec::new();
    for site in shell_calls {
        let Some(cmd) = site.command else { continue };
        let shape = sem.shape(cmd);
        for hole in shape.unsafe_holes() {
            let Origin::Param { name, exported: true, .. } = &hole.origin else { continue };
            for (export, func) in &exported {
                let Some(meta) = sem.bindings.funcs.get(*func) else { continue };
                let inside = meta.span.lo <= site.span.lo && site.span.hi <= meta.span.hi;
                let Some(&param) = params.get(&(*func, name.as_str())) else { continue };
                if !inside {
                    continue;
                }
                let at = super::range(site.span).0.min(sem.src.len());
                let line = sem.src.as_bytes()[..at].iter().filter(|&&b| b == b'\n').count() + 1;
                let entry = SinkExport { export: export.clone(), param, line };
                if !out.iter().any(|e| e.export == entry.export && e.param == entry.param) {
                    out.push(entry);
                }
            }
        }
    }
    out
}
