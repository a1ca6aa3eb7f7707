//! The literal texts an expression can have, as far as the file says: literals,
//! constants, a variable's initial value and every later `=` of it, `+` and
//! templates (their endings), conditionals and `||`. For rules that ask "can this
//! program name end in `.cmd`?" rather than "is it constant?".

use swc_common::Span;
use swc_ecma_ast::{AssignOp, BinaryOp, Expr, Lit};

use super::Semantic;
use super::bindings::Decl;
use super::resolve::unparen;

impl<'a> Semantic<'a> {
    /// Pushes `(text, span)` for every text `e` can have (a handful at most; for
    /// `a + b` and templates only the ending is kept). Returns whether any was found.
    pub fn possible_texts(&self, e: &'a Expr, out: &mut Vec<(String, Span)>) -> bool {
        texts(self, e, 0, out)
    }
}

/// The texts a program expression can have, as far as the file says (at most a
/// handful: literals, constants, `+`, templates, conditionals and `||`).
fn texts<'a>(sem: &Semantic<'a>, e: &'a Expr, depth: u32, out: &mut Vec<(String, Span)>) -> bool {
    if depth > 8 || out.len() > 16 {
        return false;
    }
    match unparen(e) {
        Expr::Lit(Lit::Str(s)) => {
            out.push((s.value.to_string_lossy().into_owned(), s.span));
            true
        }
        Expr::Tpl(t) if t.exprs.is_empty() => {
            let text = t
                .quasis
                .iter()
                .map(|q| q.cooked.as_ref().map_or_else(|| q.raw.to_string(), |c| c.to_string_lossy().into_owned()))
                .collect();
            out.push((text, t.span));
            true
        }
        Expr::Cond(c) => {
            let a = texts(sem, &c.cons, depth + 1, out);
            let b = texts(sem, &c.alt, depth + 1, out);
            a || b
        }
        Expr::Bin(b) if matches!(b.op, BinaryOp::LogicalOr | BinaryOp::NullishCoalescing) => {
            let a = texts(sem, &b.left, depth + 1, out);
            let r = texts(sem, &b.right, depth + 1, out);
            a || r
        }
        Expr::Ident(i) => {
            // The initial value and every plain assignment (`let npm = "npm"; if
            // (win) npm = "npm.cmd"`).
            let values: Vec<&'a Expr> = match sem.binding_value(i) {
                Some((v, [])) => vec![v],
                Some(_) => return false,
                None => match sem.bindings.get(i) {
                    Some(b) if !b.opaque_writes && matches!(&b.decl, Decl::Var { path, .. } if path.is_empty()) => {
                        let Decl::Var { init, .. } = &b.decl else { return false };
                        let mut v: Vec<&'a Expr> = init.iter().copied().collect();
                        for (op, e) in &b.assigns {
                            if *op != AssignOp::Assign {
                                return false;
                            }
                            v.push(e);
                        }
                        v
                    }
                    _ => return false,
                },
            };
            let before = out.len();
            let mut found = false;
            for v in values {
                found |= texts(sem, v, depth + 1, out);
            }
            // The label goes on the use, not the declaration far away.
            for t in &mut out[before..] {
                t.1 = i.span;
            }
            found
        }
        // `"npm" + (win ? ".cmd" : "")`, `` `${tool}.cmd` ``: the endings are what matter.
        Expr::Bin(b) if b.op == BinaryOp::Add => {
            let mut right = Vec::new();
            if texts(sem, &b.right, depth + 1, &mut right) {
                out.extend(right.into_iter().map(|(t, _)| (t, b.span)));
                true
            } else {
                false
            }
        }
        Expr::Tpl(t) => {
            let last = t.quasis.last().map(|q| q.raw.to_string()).unwrap_or_default();
            if last.is_empty() {
                if let Some(ex) = t.exprs.last() {
                    let mut inner = Vec::new();
                    if texts(sem, ex, depth + 1, &mut inner) {
                        out.extend(inner.into_iter().map(|(t2, _)| (t2, t.span)));
                        return true;
                    }
                }
                false
            } else {
                out.push((last, t.span));
                true
            }
        }
        _ => false,
    }
}
