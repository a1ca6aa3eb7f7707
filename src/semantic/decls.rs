//! Where a binding is declared, for fixes that edit declarations (renaming an
//! import, adding a name next to it), and the narrow binding queries they need.
//! Rules never see the program or the binding table itself.

use swc_common::{Span, Spanned};
use swc_ecma_ast::*;
use swc_ecma_visit::{Visit, VisitWith};

use rustc_hash::FxHashMap as HashMap;

use super::{Binding, Semantic, range};

/// Where a binding is declared.
#[derive(Debug, Clone)]
pub struct DeclSite {
    /// The whole declaration statement (`import ...`, `const ... = ...`).
    pub span: Span,
    /// `var`/`let`/`const` of a variable declaration.
    pub kind: &'static str,
    /// The import specifier or destructuring property that declares it.
    pub item: Option<(usize, usize)>,
    /// Declared at the top level of the file.
    pub top: bool,
}

/// Every declaration of a file, indexed once (the first time a fix asks), so that
/// asking where a binding is declared, how often it is used or how many bindings
/// share a name costs a lookup, not a walk of the file or of every binding: a fix
/// asks at each call site, and a file may have tens of thousands.
#[derive(Default)]
pub(in crate::semantic) struct DeclIndex {
    /// Named import specifiers by their local name's span.
    imports: HashMap<(u32, u32), DeclSite>,
    /// Variable declarations by `(lo, -hi)` order: an outer one before those inside.
    vars: Vec<VarSite>,
    /// Bindings per name.
    names: HashMap<swc_atoms::Atom, usize>,
}

struct VarSite {
    span: Span,
    kind: &'static str,
    top: bool,
    /// The enclosing declaration (an index into `vars`).
    parent: Option<usize>,
    /// `(name span, item)`: the destructuring properties that declare a name alone.
    items: Vec<(Span, (usize, usize))>,
}

impl DeclIndex {
    fn build(program: &Program, bindings: &super::bindings::Bindings<'_>) -> DeclIndex {
        struct Collector {
            out: DeclIndex,
            depth: u32,
        }
        impl Visit for Collector {
            fn visit_import_decl(&mut self, n: &ImportDecl) {
                for s in &n.specifiers {
                    if let ImportSpecifier::Named(named) = s {
                        let key = (named.local.span.lo.0, named.local.span.hi.0);
                        self.out
                            .imports
                            .insert(key, DeclSite { span: n.span, kind: "", item: Some(range(named.span)), top: true });
                    }
                }
            }
            fn visit_var_decl(&mut self, n: &VarDecl) {
                let mut items = Vec::new();
                for d in &n.decls {
                    if let Pat::Object(o) = &d.name {
                        for p in &o.props {
                            match p {
                                ObjectPatProp::Assign(a) if a.value.is_none() => {
                                    items.push((a.key.span, range(a.span)))
                                }
                                ObjectPatProp::KeyValue(kv) if matches!(&kv.key, PropName::Ident(_)) => {
                                    if let Pat::Ident(i) = &*kv.value {
                                        items.push((i.id.span, range(kv.span())));
                                    }
                                }
                                _ => {}
                            }
                        }
                    }
                }
                let (span, kind, top) = (n.span, var_kind(n.kind), self.depth <= 1);
                self.out.vars.push(VarSite { span, kind, top, parent: None, items });
                n.visit_children_with(self);
            }
            fn visit_function(&mut self, n: &Function) {
                self.depth += 2;
                n.visit_children_with(self);
                self.depth -= 2;
            }
            fn visit_arrow_expr(&mut self, n: &ArrowExpr) {
                self.depth += 2;
                n.visit_children_with(self);
                self.depth -= 2;
            }
            fn visit_block_stmt(&mut self, n: &BlockStmt) {
                self.depth += 1;
                n.visit_children_with(self);
                self.depth -= 1;
            }
            fn visit_class(&mut self, n: &Class) {
                self.depth += 2;
                n.visit_children_with(self);
                self.depth -= 2;
            }
        }
        let mut c = Collector { out: DeclIndex::default(), depth: 0 };
        program.visit_with(&mut c);
        let mut out = c.out;
        // Declarations nest (their spans never cross): in `(lo, -hi)` order each one's
        // parent is the nearest earlier one that still contains it.
        out.vars.sort_by_key(|v| (v.span.lo, std::cmp::Reverse(v.span.hi)));
        let mut open: Vec<usize> = Vec::new();
        for i in 0..out.vars.len() {
            let span = out.vars[i].span;
            while let Some(&top) = open.last() {
                if span.lo >= out.vars[top].span.lo && span.hi <= out.vars[top].span.hi {
                    break;
                }
                open.pop();
            }
            out.vars[i].parent = open.last().copied();
            open.push(i);
        }
        out.names.reserve(bindings.len());
        for b in bindings.all() {
            *out.names.entry(b.id.0.clone()).or_insert(0) += 1;
        }
        out
    }

    /// The declaration of the name at `target`: its import specifier, or the
    /// innermost variable declaration whose span holds it.
    fn site(&self, target: Span) -> Option<DeclSite> {
        if let Some(d) = self.imports.get(&(target.lo.0, target.hi.0)) {
            return Some(d.clone());
        }
        let after = self.vars.partition_point(|v| v.span.lo <= target.lo);
        let mut at = after.checked_sub(1);
        while let Some(i) = at {
            let v = &self.vars[i];
            if v.span.lo <= target.lo && target.hi <= v.span.hi {
                let item = v.items.iter().rev().find(|(s, _)| *s == target).map(|(_, r)| *r);
                return Some(DeclSite { span: v.span, kind: v.kind, item, top: v.top });
            }
            at = v.parent;
        }
        None
    }
}

fn var_kind(k: VarDeclKind) -> &'static str {
    match k {
        VarDeclKind::Var => "var",
        VarDeclKind::Let => "let",
        VarDeclKind::Const => "const",
    }
}

impl<'a> Semantic<'a> {
    /// The declaration of the binding whose name is at `binding`.
    pub fn declaration_of(&self, binding: Span) -> Option<DeclSite> {
        self.decl_index().site(binding)
    }

    fn decl_index(&self) -> &DeclIndex {
        self.decl_index.get_or_init(|| DeclIndex::build(self.program, &self.bindings))
    }

    /// The binding an identifier resolves to.
    pub fn binding(&self, id: &Ident) -> Option<&Binding<'a>> {
        self.bindings.get(id)
    }

    /// How many direct calls `f(...)` the binding `id` has.
    pub fn direct_call_count(&self, id: &Id) -> usize {
        self.bindings.calls_of.get(id).map_or(0, |c| c.len())
    }

    /// Every use of a binding: direct calls and other references.
    pub fn use_count(&self, b: &Binding<'a>) -> usize {
        self.direct_call_count(&b.id) + b.escapes as usize
    }

    /// `f`'s answer to the question `key`, asked once per file: for a fix that asks
    /// the same question about the whole file (which binding already holds
    /// `execFile`?) at each of its call sites. `key` names the question and its
    /// arguments; `f` must not depend on anything else.
    pub fn once_per_file(&self, key: (&'static str, u64), f: impl FnOnce() -> Option<String>) -> Option<String> {
        if let Some(a) = self.answers.borrow().get(&key) {
            return a.clone();
        }
        let answer = f();
        self.answers.borrow_mut().insert(key, answer.clone());
        answer
    }

    /// Every binding of the file, in no particular order.
    pub fn all_bindings(&self) -> impl Iterator<Item = &Binding<'a>> {
        self.bindings.all()
    }

    /// How many bindings of the file (in any scope) are called `name`.
    pub fn bindings_named(&self, name: &str) -> usize {
        self.decl_index().names.get(&swc_atoms::Atom::from(name)).copied().unwrap_or(0)
    }
}
