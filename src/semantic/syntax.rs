//! Helpers over swc syntax that need no semantic information. A leaf of the
//! semantic layer: every other module of it may use these.

use std::borrow::Cow;

use swc_ecma_ast::*;

/// The expression inside parentheses, TypeScript casts (`as`, `!`, `satisfies`,
/// `<T>x`, `as const`, instantiations) and comma sequences (`(0, f)` is `f`).
pub fn unparen(e: &Expr) -> &Expr {
    match e {
        Expr::Paren(p) => unparen(&p.expr),
        Expr::TsAs(a) => unparen(&a.expr),
        Expr::TsNonNull(a) => unparen(&a.expr),
        Expr::TsSatisfies(a) => unparen(&a.expr),
        Expr::TsTypeAssertion(a) => unparen(&a.expr),
        Expr::TsConstAssertion(a) => unparen(&a.expr),
        Expr::TsInstantiation(a) => unparen(&a.expr),
        Expr::Seq(s) => s.exprs.last().map_or(e, |l| unparen(l)),
        _ => e,
    }
}

/// Static name of a member property: `a.b`, `a["b"]`, ``a[`b`]``.
pub fn member_name(p: &MemberProp) -> Option<Cow<'_, str>> {
    match p {
        MemberProp::Ident(i) => Some(Cow::Borrowed(&i.sym)),
        MemberProp::Computed(c) => match unparen(&c.expr) {
            Expr::Lit(Lit::Str(s)) => Some(s.value.to_string_lossy()),
            Expr::Tpl(t) if t.exprs.is_empty() => {
                t.quasis.first().and_then(|q| q.cooked.as_ref()).map(|c| c.to_string_lossy())
            }
            _ => None,
        },
        MemberProp::PrivateName(_) => None,
    }
}
