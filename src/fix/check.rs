//! The semantic post-fix check: a round of fixes may not change what the names of
//! the file refer to. After the edits,
//!
//! - no identifier may be left referring to nothing (a removed or renamed import
//!   that something still uses: `export { exec }`, `module.exports = { exec }`);
//! - no new declaration may capture an identifier that referred to nothing before
//!   (a global of the same name);
//! - the module exports at least what it exported before.
//!
//! Names are compared as text, each file's scopes resolved by swc's resolver.

use rustc_hash::FxHashSet as HashSet;
use swc_common::SyntaxContext;
use swc_ecma_ast::*;
use swc_ecma_visit::{Visit, VisitWith};

use crate::files::Lang;

/// What the check compares, for one text.
pub struct Names {
    /// Identifiers that resolve to no binding (globals, or names left dangling).
    free: HashSet<String>,
    /// Names that resolve to a binding somewhere in the file.
    bound: HashSet<String>,
    /// ESM export names (`default` for a default export, `*<module>` for `export *`).
    exports: HashSet<String>,
}

struct Collect<'n> {
    unresolved: SyntaxContext,
    names: &'n mut Names,
}

impl Visit for Collect<'_> {
    fn visit_ident(&mut self, n: &Ident) {
        if n.ctxt == self.unresolved {
            self.names.free.insert(n.sym.as_str().to_owned());
        } else if n.ctxt != SyntaxContext::empty() {
            self.names.bound.insert(n.sym.as_str().to_owned());
        }
    }

    fn visit_module_decl(&mut self, n: &ModuleDecl) {
        let exports = &mut self.names.exports;
        match n {
            ModuleDecl::ExportDecl(d) => match &d.decl {
                Decl::Class(c) => {
                    exports.insert(c.ident.sym.as_str().to_owned());
                }
                Decl::Fn(f) => {
                    exports.insert(f.ident.sym.as_str().to_owned());
                }
                Decl::Var(v) => {
                    let ids: Vec<Ident> = declared_names(&v.decls);
                    exports.extend(ids.into_iter().map(|i| i.sym.as_str().to_owned()));
                }
                _ => {}
            },
            ModuleDecl::ExportNamed(e) => {
                for s in &e.specifiers {
                    let name = match s {
                        ExportSpecifier::Named(s) => s.exported.as_ref().unwrap_or(&s.orig),
                        ExportSpecifier::Namespace(s) => &s.name,
                        ExportSpecifier::Default(s) => {
                            exports.insert(s.exported.sym.as_str().to_owned());
                            continue;
                        }
                    };
                    exports.insert(export_name(name));
                }
            }
            ModuleDecl::ExportDefaultDecl(_) | ModuleDecl::ExportDefaultExpr(_) => {
                exports.insert("default".into());
            }
            ModuleDecl::ExportAll(a) => {
                exports.insert(format!("*{}", a.src.value.to_string_lossy()));
            }
            _ => {}
        }
        n.visit_children_with(self);
    }
}

fn export_name(n: &ModuleExportName) -> String {
    match n {
        ModuleExportName::Ident(i) => i.sym.as_str().to_owned(),
        ModuleExportName::Str(s) => s.value.to_string_lossy().into_owned(),
    }
}

/// The names a `var`/`let`/`const` declares (patterns included).
fn declared_names(decls: &[VarDeclarator]) -> Vec<Ident> {
    struct Pats(Vec<Ident>);
    impl Visit for Pats {
        fn visit_binding_ident(&mut self, n: &BindingIdent) {
            self.0.push(n.id.clone());
        }
        // A default value is an expression, not a declared name.
        fn visit_expr(&mut self, _: &Expr) {}
    }
    let mut p = Pats(Vec::new());
    for d in decls {
        d.name.visit_with(&mut p);
    }
    p.0
}

/// Globals of Node.js and JavaScript a fix may refer to.
const STANDARD_GLOBALS: &[&str] = &[
    "process",
    "globalThis",
    "Buffer",
    "console",
    "AbortSignal",
    "AbortController",
    "setTimeout",
    "clearTimeout",
    "JSON",
    "Object",
    "Array",
    "String",
    "Number",
    "Promise",
    "URL",
];

/// The names of `text`, or `None` when it does not parse.
pub fn names(text: &str, lang: Lang) -> Option<Names> {
    let parsed = crate::parse::parse_file(text, lang).ok()?;
    let mut names = Names { free: HashSet::default(), bound: HashSet::default(), exports: HashSet::default() };
    parsed.program.visit_with(&mut Collect { unresolved: parsed.unresolved, names: &mut names });
    Some(names)
}

/// Why `after` (the text of `before` with fixes applied) no longer means what
/// `before` meant, or `None` when every check holds.
pub fn broken(before: &Names, after: &Names) -> Option<String> {
    // A fix may name a standard global (`process.env`, `AbortSignal.timeout`): free
    // in the fixed text, it is the global, as the file does not bind it.
    let mut dangling: Vec<&String> =
        after.free.difference(&before.free).filter(|n| !STANDARD_GLOBALS.contains(&n.as_str())).collect();
    if !dangling.is_empty() {
        dangling.sort();
        return Some(format!("`{}` would refer to nothing", dangling[0]));
    }
    let mut captured: Vec<&String> =
        before.free.iter().filter(|n| after.bound.contains(*n) && !before.bound.contains(*n)).collect();
    if !captured.is_empty() {
        captured.sort();
        return Some(format!("a new declaration would capture the global `{}`", captured[0]));
    }
    let mut lost: Vec<&String> = before.exports.difference(&after.exports).collect();
    if !lost.is_empty() {
        lost.sort();
        return Some(format!("the export `{}` would be lost", lost[0]));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(before: &str, after: &str) -> Option<String> {
        let lang = Lang::Js;
        broken(&names(before, lang).unwrap(), &names(after, lang).unwrap())
    }

    #[test]
    fn a_removed_binding_that_is_still_used_is_caught() {
        let before = "import { exec } from 'child_process';\nexport { exec };\nexec('ls ' + x);\n";
        let after = "import { execFile } from 'child_process';\nexport { exec };\nexecFile('ls', [x]);\n";
        assert!(check(before, after).is_some_and(|w| w.contains("`exec`")));
        let cjs = "const { exec } = require('child_process');\nmodule.exports = { exec };\n";
        let cjs_after = "const { execFile } = require('child_process');\nmodule.exports = { exec };\n";
        assert!(check(cjs, cjs_after).is_some());
        // Keeping the import is fine.
        let kept = "import { exec, execFile } from 'child_process';\nexport { exec };\nexecFile('ls', [x]);\n";
        assert_eq!(check(before, kept), None);
    }

    #[test]
    fn captured_globals_and_lost_exports_are_caught() {
        let before = "import { exec } from 'child_process';\nexec('a ' + x);\nexecFile();\n";
        let after = "import { execFile } from 'child_process';\nexecFile('a', [x]);\nexecFile();\n";
        assert!(check(before, after).is_some_and(|w| w.contains("capture")));
        let before = "export const run = 1;\nexport default 2;\n";
        assert!(check(before, "export const ran = 1;\nexport default 2;\n").is_some_and(|w| w.contains("export")));
        assert_eq!(check(before, before), None);
    }

    #[test]
    fn a_fix_may_name_a_standard_global_but_not_an_unknown_name() {
        let before = "spawn('x', [], { env: { A: v } });\n";
        let after = "spawn('x', [], { env: { ...process.env, A: v } });\n";
        assert_eq!(check(before, after), None);
        let after = "spawn('x', [], { env: { ...processEnv, A: v } });\n";
        assert!(check(before, after).is_some_and(|w| w.contains("`processEnv`")));
    }
}
