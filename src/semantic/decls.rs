//! Where a binding is declared, for fixes that edit declarations (renaming an
//! import, adding a name next to it), and the narrow binding queries they need.
//! Rules never see the program or the binding table itself.

use swc_common::{Span, Spanned};
use swc_ecma_ast::*;
use swc_ecma_visit::{Visit, VisitWith};

use super::{Binding, Semantic, range};

/// Where a binding is declared.
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

fn decl_of(program: &Program, binding: Span) -> Option<DeclSite> {
    struct Finder {
        target: Span,
        found: Option<DeclSite>,
        depth: u32,
    }
    impl Visit for Finder {
        fn visit_import_decl(&mut self, n: &ImportDecl) {
            for s in &n.specifiers {
                if let ImportSpecifier::Named(named) = s
                    && named.local.span == self.target
                {
                    self.found = Some(DeclSite { span: n.span, kind: "", item: Some(range(named.span)), top: true });
                }
            }
        }
        fn visit_var_decl(&mut self, n: &VarDecl) {
            if n.span.lo <= self.target.lo && self.target.hi <= n.span.hi {
                let mut item = None;
                for d in &n.decls {
                    if let Pat::Object(o) = &d.name {
                        for p in &o.props {
                            match p {
                                ObjectPatProp::Assign(a) if a.key.span == self.target && a.value.is_none() => {
                                    item = Some(range(a.span))
                                }
                                ObjectPatProp::KeyValue(kv)
                                    if matches!(&*kv.value, Pat::Ident(i) if i.id.span == self.target)
                                        && matches!(&kv.key, PropName::Ident(_)) =>
                                {
                                    item = Some(range(kv.span()))
                                }
                                _ => {}
                            }
                        }
                    }
                }
                self.found = Some(DeclSite { span: n.span, kind: var_kind(n.kind), item, top: self.depth <= 1 });
            }
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
    let mut f = Finder { target: binding, found: None, depth: 0 };
    program.visit_with(&mut f);
    f.found
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
        decl_of(self.program, binding)
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
        let calls =
            self.bindings.map.iter().find(|(_, x)| std::ptr::eq(*x, b)).map_or(0, |(id, _)| self.direct_call_count(id));
        calls + b.escapes as usize
    }

    /// Every binding of the file, in no particular order.
    pub fn all_bindings(&self) -> impl Iterator<Item = &Binding<'a>> {
        self.bindings.map.values()
    }

    /// How many bindings of the file (in any scope) are called `name`.
    pub fn bindings_named(&self, name: &str) -> usize {
        self.bindings.map.values().filter(|b| b.name == name).count()
    }
}
