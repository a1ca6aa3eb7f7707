//! Guards: checks that reject a value unless it cannot carry shell syntax.
//!
//! A guard is an `if` whose consequent always leaves (`return`, `throw`, `continue`,
//! `break`, `process.exit(..)`) and whose condition is true whenever the value is
//! not a plain token, or an `if` whose condition is true only for plain tokens
//! (the value is guarded inside its consequent):
//!
//! - an allow-list: an anchored regex test without the `m` flag
//!   (`/^[\w.-]+$/.test(x)`, `!/^[a-z0-9]+$/i.test(x)`), `Number.isInteger(x)`,
//!   `typeof x === "number"`, membership in a constant list or object
//!   (`ALLOWED.includes(x)`, `ALLOWED.indexOf(x) !== -1`, `TABLE[x]`,
//!   `TABLE.hasOwnProperty(x)`, `x in TABLE`), equality with constants, `net.isIP(x)`,
//!   `validator.isInt(x)` (and the other `validator` checks whose matches are plain),
//!   `ip.isV4Format(x)`, or a same-file function that returns one of these;
//! - a deny-list: a regex that finds any shell metacharacter (`/[;&|$`<>\n]/`, or a
//!   negated class of plain characters, `/[^\w.-]/`).
//!
//! The guard holds for uses after the `if` in the same statement list (at any depth,
//! callbacks included), or inside the consequent of a positive check, and only while
//! the value is not reassigned after the check. A test whose result is ignored
//! (`/^\d+$/.test(x);`, an `if` that only logs) guards nothing.
//!
//! The guards of a file are collected on the first question, in one walk.

use rustc_hash::FxHashMap as HashMap;
use swc_common::{BytePos, Span, Spanned};
use swc_ecma_ast::*;
use swc_ecma_visit::{Visit, VisitWith};

use super::Semantic;
use super::bindings::{Decl, ImportName, PathStep, regex_is_plain_token};
use super::syntax::unparen;

/// A checked value: a binding and a chain of static properties (`opts.port`).
pub type Subject = (Id, String);

#[derive(Debug, Clone, Copy)]
struct Range {
    /// Where the check starts (an assignment after it voids the guard).
    check: BytePos,
    lo: BytePos,
    hi: BytePos,
}

#[derive(Debug, Default)]
pub struct Guards {
    by_subject: HashMap<Subject, Vec<Range>>,
    /// Where a value cannot start with `-` (for `argument-injection`): checked
    /// with `startsWith`, its first character or an anchored regex, the same way.
    no_dash: HashMap<Subject, Vec<Range>>,
}

/// The characters a deny-list must find before a value is shell-safe: command
/// separators, pipes, substitutions and redirections.
pub const SHELL_METAS: &[char] = &[';', '&', '|', '$', '`', '<', '>', '\n'];

/// `validator` checks whose accepted strings hold no shell syntax.
const VALIDATOR_PLAIN: &[&str] = &[
    "isAlpha",
    "isAlphanumeric",
    "isBase32",
    "isBIC",
    "isBoolean",
    "isDecimal",
    "isFloat",
    "isFQDN",
    "isHexadecimal",
    "isInt",
    "isIP",
    "isIPRange",
    "isISO31661Alpha2",
    "isMACAddress",
    "isMD5",
    "isMongoId",
    "isNumeric",
    "isOctal",
    "isPort",
    "isSemVer",
    "isUUID",
    "isHash",
    "isJWT",
    "isLocale",
];

impl Guards {
    pub fn collect(sem: &Semantic<'_>, program: &Program) -> Guards {
        let mut c = Collector { sem, out: Guards::default() };
        program.visit_with(&mut c);
        c.out
    }
}

impl<'a> Semantic<'a> {
    fn guards(&self) -> &Guards {
        self.guards.get_or_init(|| Guards::collect(self, self.program))
    }

    /// A use of `e` at `at` is dominated by a guard that rejects every value with
    /// shell syntax, and the value was not reassigned since.
    pub fn is_guarded(&self, e: &Expr, at: Span) -> bool {
        // Plain names are asked through `is_guarded_ident`.
        if matches!(unparen(e), Expr::Ident(_)) {
            return false;
        }
        subject_of(self, e).is_some_and(|s| self.is_guarded_subject(&s, at))
    }

    /// [`Semantic::is_guarded`] for a name.
    pub fn is_guarded_ident(&self, i: &Ident, at: Span) -> bool {
        !self.is_unresolved(i.ctxt) && self.is_guarded_subject(&(i.to_id(), String::new()), at)
    }

    /// A use of `e` (a name or a property path) where a check on the same path
    /// (`if (!ref.startsWith("refs/")) return`, `if (x[0] === "-") throw`, inside
    /// `if (url.startsWith("git@"))`) leaves only values that do not start with `-`.
    pub fn cannot_start_with_dash(&self, e: &Expr) -> bool {
        let at = e.span();
        subject_of(self, e).is_some_and(|s| self.in_guarded_range(&self.guards().no_dash, &s, at))
    }

    fn is_guarded_subject(&self, subject: &Subject, at: Span) -> bool {
        self.in_guarded_range(&self.guards().by_subject, subject, at)
    }

    fn in_guarded_range(&self, map: &HashMap<Subject, Vec<Range>>, subject: &Subject, at: Span) -> bool {
        let Some(ranges) = map.get(subject) else {
            return false;
        };
        let Some(b) = self.bindings.by_id(&subject.0) else {
            return false;
        };
        if b.opaque_writes || (!subject.1.is_empty() && (b.mutated || !b.member_assigns.is_empty())) {
            return false;
        }
        ranges
            .iter()
            .any(|r| at.lo >= r.lo && at.hi <= r.hi && !b.assigns.iter().any(|(_, rhs)| rhs.span().lo > r.check))
    }
}

struct Collector<'s, 'a> {
    sem: &'s Semantic<'a>,
    out: Guards,
}

/// What a guard establishes about its subjects.
#[derive(Clone, Copy)]
enum Kind {
    /// No shell syntax ([`Guards::by_subject`]).
    Plain,
    /// Does not start with `-` ([`Guards::no_dash`]).
    NoDash,
}

impl Collector<'_, '_> {
    fn add(&mut self, kind: Kind, subjects: Vec<Subject>, check: BytePos, lo: BytePos, hi: BytePos) {
        if lo >= hi {
            return;
        }
        let map = match kind {
            Kind::Plain => &mut self.out.by_subject,
            Kind::NoDash => &mut self.out.no_dash,
        };
        for s in subjects {
            map.entry(s).or_default().push(Range { check, lo, hi });
        }
    }

    /// The `if` statements of one statement list; `end` is where the list ends.
    fn list<'x>(&mut self, stmts: impl Iterator<Item = &'x Stmt>, end: BytePos) {
        for s in stmts {
            let Stmt::If(i) = s else { continue };
            for kind in [Kind::Plain, Kind::NoDash] {
                let (rejects, accepts): (Test, Test) = match kind {
                    Kind::Plain => (rejects_unless_plain, accepts_only_plain),
                    Kind::NoDash => (true_if_dash, true_only_if_no_dash),
                };
                let check = i.span.lo;
                if leaves(&i.cons) {
                    let rejected = rejects(self.sem, &i.test, 0);
                    if let Some(alt) = &i.alt {
                        self.add(kind, rejected.clone(), check, alt.span().lo, alt.span().hi);
                    }
                    self.add(kind, rejected, check, i.span.hi, end);
                }
                let accepted = accepts(self.sem, &i.test, 0);
                if accepted.is_empty() {
                    continue;
                }
                self.add(kind, accepted.clone(), check, i.cons.span().lo, i.cons.span().hi);
                if i.alt.as_deref().is_some_and(leaves) {
                    self.add(kind, accepted, check, i.span.hi, end);
                }
            }
        }
    }
}

type Test = fn(&Semantic<'_>, &Expr, u32) -> Vec<Subject>;

/// A string constant, inline or held in a `const`.
fn const_str(sem: &Semantic<'_>, e: &Expr) -> Option<String> {
    match unparen(e) {
        Expr::Lit(Lit::Str(s)) => s.value.as_str().map(str::to_owned),
        Expr::Tpl(t) if t.exprs.is_empty() => {
            t.quasis.first().and_then(|q| q.cooked.as_ref()?.as_str().map(str::to_owned))
        }
        Expr::Ident(i) if is_const(sem, i) => match sem.binding_value(i) {
            Some((v, [])) => const_str(sem, v),
            _ => None,
        },
        _ => None,
    }
}

/// `x.startsWith(prefix)`: the subject and the prefix.
fn starts_with(sem: &Semantic<'_>, e: &Expr) -> Option<(Subject, String)> {
    let Expr::Call(c) = unparen(e) else { return None };
    let Callee::Expr(callee) = &c.callee else { return None };
    let Expr::Member(m) = unparen(callee) else { return None };
    if !matches!(&m.prop, MemberProp::Ident(p) if p.sym == *"startsWith") || c.args.len() != 1 {
        return None;
    }
    Some((subject_of(sem, &m.obj)?, const_str(sem, one_arg(c)?)?))
}

/// `x[0] === "-"`, `x.charAt(0) === "-"`, `x.indexOf("-") === 0` (either side): the
/// subject, compared with `===`/`==` or `!==`/`!=` as `b.op` says.
fn first_char_is_dash(sem: &Semantic<'_>, b: &BinExpr) -> Option<Subject> {
    let (l, r) = (unparen(&b.left), unparen(&b.right));
    for (x, k) in [(l, r), (r, l)] {
        let first_char = match x {
            Expr::Member(m) => match &m.prop {
                MemberProp::Computed(p) if is_zero(&p.expr) => Some(&m.obj),
                _ => None,
            },
            Expr::Call(c) => match &c.callee {
                Callee::Expr(callee) => match unparen(callee) {
                    Expr::Member(m)
                        if matches!(&m.prop, MemberProp::Ident(p) if p.sym == *"charAt")
                            && one_arg(c).is_some_and(is_zero) =>
                    {
                        Some(&m.obj)
                    }
                    Expr::Member(m)
                        if matches!(&m.prop, MemberProp::Ident(p) if p.sym == *"indexOf")
                            && one_arg(c).and_then(|a| const_str(sem, a)).as_deref() == Some("-")
                            && is_zero(k) =>
                    {
                        return subject_of(sem, &m.obj);
                    }
                    _ => None,
                },
                _ => None,
            },
            _ => None,
        };
        if let Some(obj) = first_char
            && const_str(sem, k).as_deref() == Some("-")
        {
            return subject_of(sem, obj);
        }
    }
    None
}

/// Subjects for which `test` is true whenever the value starts with `-`:
/// `if (test) throw` leaves values that do not.
fn true_if_dash(sem: &Semantic<'_>, test: &Expr, d: u32) -> Vec<Subject> {
    if d > 8 {
        return Vec::new();
    }
    match unparen(test) {
        Expr::Bin(b) => match b.op {
            BinaryOp::LogicalOr => {
                let mut v = true_if_dash(sem, &b.left, d + 1);
                v.extend(true_if_dash(sem, &b.right, d + 1));
                v
            }
            BinaryOp::LogicalAnd => {
                let l = true_if_dash(sem, &b.left, d + 1);
                let r = true_if_dash(sem, &b.right, d + 1);
                l.into_iter().filter(|s| r.contains(s)).collect()
            }
            BinaryOp::EqEqEq | BinaryOp::EqEq => first_char_is_dash(sem, b).into_iter().collect(),
            _ => Vec::new(),
        },
        Expr::Unary(u) if u.op == UnaryOp::Bang => true_only_if_no_dash(sem, &u.arg, d + 1),
        Expr::Call(c) => {
            if let Some((x, prefix)) = starts_with(sem, test) {
                return if prefix == "-" { vec![x] } else { Vec::new() };
            }
            // `/^-/.test(x)`.
            match (&c.callee, one_arg(c)) {
                (Callee::Expr(callee), Some(arg)) => match unparen(callee) {
                    Expr::Member(m)
                        if matches!(&m.prop, MemberProp::Ident(p) if p.sym == *"test")
                            && regex_of(sem, &m.obj).is_some_and(|(exp, _)| exp == "^-") =>
                    {
                        subject_of(sem, arg).into_iter().collect()
                    }
                    _ => Vec::new(),
                },
                _ => Vec::new(),
            }
        }
        _ => Vec::new(),
    }
}

/// Subjects for which `test` is true only when the value does not start with `-`.
fn true_only_if_no_dash(sem: &Semantic<'_>, test: &Expr, d: u32) -> Vec<Subject> {
    if d > 8 {
        return Vec::new();
    }
    match unparen(test) {
        Expr::Bin(b) => match b.op {
            BinaryOp::LogicalAnd => {
                let mut v = true_only_if_no_dash(sem, &b.left, d + 1);
                v.extend(true_only_if_no_dash(sem, &b.right, d + 1));
                v
            }
            BinaryOp::LogicalOr => {
                let l = true_only_if_no_dash(sem, &b.left, d + 1);
                let r = true_only_if_no_dash(sem, &b.right, d + 1);
                l.into_iter().filter(|s| r.contains(s)).collect()
            }
            BinaryOp::NotEqEq | BinaryOp::NotEq => first_char_is_dash(sem, b).into_iter().collect(),
            _ => Vec::new(),
        },
        Expr::Unary(u) if u.op == UnaryOp::Bang => true_if_dash(sem, &u.arg, d + 1),
        // `x.startsWith("git@")`, `x.startsWith("refs/")`.
        Expr::Call(_) => match starts_with(sem, test) {
            Some((x, prefix)) if !prefix.is_empty() && !prefix.starts_with('-') => vec![x],
            _ => Vec::new(),
        },
        _ => Vec::new(),
    }
}

impl Visit for Collector<'_, '_> {
    fn visit_stmts(&mut self, stmts: &[Stmt]) {
        if let Some(last) = stmts.last() {
            self.list(stmts.iter(), last.span().hi);
        }
        stmts.visit_children_with(self);
    }

    fn visit_module_items(&mut self, items: &[ModuleItem]) {
        if let Some(last) = items.last() {
            let stmts = items.iter().filter_map(|i| match i {
                ModuleItem::Stmt(s) => Some(s),
                ModuleItem::ModuleDecl(_) => None,
            });
            self.list(stmts, last.span().hi);
        }
        items.visit_children_with(self);
    }
}

/// The statement always leaves the enclosing function or loop.
fn leaves(s: &Stmt) -> bool {
    match s {
        Stmt::Throw(_) | Stmt::Return(_) | Stmt::Break(_) | Stmt::Continue(_) => true,
        Stmt::Block(b) => b.stmts.last().is_some_and(leaves),
        Stmt::If(i) => leaves(&i.cons) && i.alt.as_deref().is_some_and(leaves),
        Stmt::Expr(e) => match unparen(&e.expr) {
            // `process.exit(1)`.
            Expr::Call(c) => matches!(&c.callee, Callee::Expr(callee) if matches!(unparen(callee),
                Expr::Member(m) if matches!(&m.prop, MemberProp::Ident(p) if p.sym == *"exit")
                    && matches!(unparen(&m.obj), Expr::Ident(o) if o.sym == *"process"))),
            _ => false,
        },
        _ => false,
    }
}

/// The binding and static property path of a checked value: `x`, `opts.port`,
/// `String(x)`, `Number(x)`, `+x`.
pub fn subject_of(sem: &Semantic<'_>, e: &Expr) -> Option<Subject> {
    match unparen(e) {
        Expr::Ident(i) if !sem.is_unresolved(i.ctxt) => Some((i.to_id(), String::new())),
        Expr::Member(m) => {
            let MemberProp::Ident(p) = &m.prop else {
                return None;
            };
            let (id, mut path) = subject_of_member_root(sem, &m.obj)?;
            path.push('.');
            path.push_str(&p.sym);
            Some((id, path))
        }
        Expr::Unary(u) if u.op == UnaryOp::Plus => subject_of(sem, &u.arg),
        Expr::Call(c) => {
            let Callee::Expr(callee) = &c.callee else {
                return None;
            };
            match unparen(callee) {
                Expr::Ident(f) if sem.is_unresolved(f.ctxt) && matches!(&*f.sym, "String" | "Number") => {
                    subject_of(sem, &c.args.first().filter(|a| a.spread.is_none())?.expr)
                }
                _ => None,
            }
        }
        _ => None,
    }
}

fn subject_of_member_root(sem: &Semantic<'_>, e: &Expr) -> Option<Subject> {
    match unparen(e) {
        Expr::Ident(i) if !sem.is_unresolved(i.ctxt) => Some((i.to_id(), String::new())),
        Expr::Member(_) => subject_of(sem, e),
        _ => None,
    }
}

fn one_arg(c: &CallExpr) -> Option<&Expr> {
    let a = c.args.first()?;
    (a.spread.is_none()).then_some(&*a.expr)
}

/// Subjects for which `test` is true whenever the value could carry shell syntax:
/// `if (test) return` leaves them plain.
fn rejects_unless_plain(sem: &Semantic<'_>, test: &Expr, d: u32) -> Vec<Subject> {
    if d > 8 {
        return Vec::new();
    }
    match unparen(test) {
        Expr::Bin(b) => match b.op {
            BinaryOp::LogicalOr => {
                let mut v = rejects_unless_plain(sem, &b.left, d + 1);
                v.extend(rejects_unless_plain(sem, &b.right, d + 1));
                v
            }
            BinaryOp::LogicalAnd => {
                let l = rejects_unless_plain(sem, &b.left, d + 1);
                let r = rejects_unless_plain(sem, &b.right, d + 1);
                l.into_iter().filter(|s| r.contains(s)).collect()
            }
            BinaryOp::NotEqEq | BinaryOp::NotEq => equality_subject(sem, b).into_iter().collect(),
            BinaryOp::EqEqEq | BinaryOp::EqEq => {
                // `LIST.indexOf(x) === -1`, `net.isIP(x) === 0`, `typeof x !== ..` negated.
                index_absent(sem, b).into_iter().chain(is_zero_of(sem, b, d)).collect()
            }
            BinaryOp::Lt => index_lt_zero(sem, b).into_iter().collect(),
            _ => Vec::new(),
        },
        Expr::Unary(u) if u.op == UnaryOp::Bang => accepts_only_plain(sem, &u.arg, d + 1),
        Expr::Call(c) => {
            // `isNaN(x)`, `Number.isNaN(Number(x))`.
            if is_global_fn(sem, c, "isNaN") || is_member_fn(sem, c, "Number", "isNaN") {
                return one_arg(c).and_then(|a| subject_of(sem, a)).into_iter().collect();
            }
            deny_list_match(sem, c).into_iter().collect()
        }
        Expr::Ident(i) => match sem.binding_value(i) {
            Some((v, [])) if is_const(sem, i) => rejects_unless_plain(sem, v, d + 1),
            _ => Vec::new(),
        },
        _ => Vec::new(),
    }
}

/// Subjects for which `test` is true only when the value is plain.
fn accepts_only_plain(sem: &Semantic<'_>, test: &Expr, d: u32) -> Vec<Subject> {
    if d > 8 {
        return Vec::new();
    }
    match unparen(test) {
        Expr::Bin(b) => match b.op {
            BinaryOp::LogicalAnd => {
                let mut v = accepts_only_plain(sem, &b.left, d + 1);
                v.extend(accepts_only_plain(sem, &b.right, d + 1));
                v
            }
            BinaryOp::LogicalOr => {
                let l = accepts_only_plain(sem, &b.left, d + 1);
                let r = accepts_only_plain(sem, &b.right, d + 1);
                l.into_iter().filter(|s| r.contains(s)).collect()
            }
            BinaryOp::EqEqEq | BinaryOp::EqEq => equality_subject(sem, b).into_iter().collect(),
            BinaryOp::NotEqEq | BinaryOp::NotEq => {
                index_absent(sem, b).into_iter().chain(is_zero_of(sem, b, d)).collect()
            }
            BinaryOp::Gt | BinaryOp::GtEq => index_found(sem, b).into_iter().collect(),
            BinaryOp::In => match (unparen(&b.left), unparen(&b.right)) {
                (x, Expr::Ident(t)) if constant_table(sem, t) => subject_of(sem, x).into_iter().collect(),
                _ => Vec::new(),
            },
            _ => Vec::new(),
        },
        Expr::Unary(u) if u.op == UnaryOp::Bang => rejects_unless_plain(sem, &u.arg, d + 1),
        Expr::Call(c) => allow_call(sem, c, d).into_iter().collect(),
        // `TABLE[x]`: truthy only for the table's keys (and `Object.prototype`'s names).
        Expr::Member(m) => match (unparen(&m.obj), &m.prop) {
            (Expr::Ident(t), MemberProp::Computed(k)) if constant_table(sem, t) => {
                subject_of(sem, &k.expr).into_iter().collect()
            }
            _ => Vec::new(),
        },
        Expr::Ident(i) => match sem.binding_value(i) {
            Some((v, [])) if is_const(sem, i) => accepts_only_plain(sem, v, d + 1),
            _ => Vec::new(),
        },
        _ => Vec::new(),
    }
}

fn is_const(sem: &Semantic<'_>, i: &Ident) -> bool {
    sem.bindings.get(i).is_some_and(|b| {
        matches!(b.decl, Decl::Var { kind: VarDeclKind::Const, .. }) && b.assigns.is_empty() && !b.opaque_writes
    })
}

fn is_literal(e: &Expr) -> bool {
    match unparen(e) {
        Expr::Lit(Lit::Str(_) | Lit::Num(_) | Lit::Bool(_) | Lit::Null(_)) => true,
        Expr::Tpl(t) => t.exprs.is_empty(),
        _ => false,
    }
}

/// `x === "tcp"` / `"tcp" === x` (and `typeof x === "number"`).
fn equality_subject(sem: &Semantic<'_>, b: &BinExpr) -> Option<Subject> {
    let (l, r) = (unparen(&b.left), unparen(&b.right));
    for (x, k) in [(l, r), (r, l)] {
        if let Expr::Unary(u) = x
            && u.op == UnaryOp::TypeOf
        {
            return match k {
                Expr::Lit(Lit::Str(t)) if matches!(t.value.as_str(), Some("number" | "boolean" | "bigint")) => {
                    subject_of(sem, &u.arg)
                }
                _ => None,
            };
        }
    }
    for (x, k) in [(l, r), (r, l)] {
        if is_literal(k) && !is_literal(x) {
            return subject_of(sem, x);
        }
    }
    None
}

fn is_neg_one(e: &Expr) -> bool {
    matches!(unparen(e), Expr::Unary(u) if u.op == UnaryOp::Minus
        && matches!(unparen(&u.arg), Expr::Lit(Lit::Num(n)) if n.value == 1.0))
}

fn is_zero(e: &Expr) -> bool {
    matches!(unparen(e), Expr::Lit(Lit::Num(n)) if n.value == 0.0)
}

/// `LIST.indexOf(x)` of a constant list: the subject `x`.
fn index_of_subject(sem: &Semantic<'_>, e: &Expr) -> Option<Subject> {
    let Expr::Call(c) = unparen(e) else { return None };
    let Callee::Expr(callee) = &c.callee else { return None };
    let Expr::Member(m) = unparen(callee) else { return None };
    if !matches!(&m.prop, MemberProp::Ident(p) if p.sym == *"indexOf") || !constant_list(sem, &m.obj) {
        return None;
    }
    subject_of(sem, one_arg(c)?)
}

/// `LIST.indexOf(x) === -1`.
fn index_absent(sem: &Semantic<'_>, b: &BinExpr) -> Option<Subject> {
    if is_neg_one(&b.right) {
        return index_of_subject(sem, &b.left);
    }
    if is_neg_one(&b.left) {
        return index_of_subject(sem, &b.right);
    }
    None
}

/// `LIST.indexOf(x) < 0`.
fn index_lt_zero(sem: &Semantic<'_>, b: &BinExpr) -> Option<Subject> {
    if is_zero(&b.right) { index_of_subject(sem, &b.left) } else { None }
}

/// `LIST.indexOf(x) > -1`, `LIST.indexOf(x) >= 0`.
fn index_found(sem: &Semantic<'_>, b: &BinExpr) -> Option<Subject> {
    let ok = match b.op {
        BinaryOp::Gt => is_neg_one(&b.right),
        BinaryOp::GtEq => is_zero(&b.right),
        _ => false,
    };
    if ok { index_of_subject(sem, &b.left) } else { None }
}

/// `net.isIP(x) === 0`: the check of `net.isIP(x)` negated.
fn is_zero_of(sem: &Semantic<'_>, b: &BinExpr, d: u32) -> Vec<Subject> {
    let call = if is_zero(&b.right) {
        &b.left
    } else if is_zero(&b.left) {
        &b.right
    } else {
        return Vec::new();
    };
    match unparen(call) {
        Expr::Call(c) => allow_call(sem, c, d).into_iter().collect(),
        _ => Vec::new(),
    }
}

/// An array literal of literals, inline or held in a `const` that is never changed.
fn constant_list(sem: &Semantic<'_>, e: &Expr) -> bool {
    let arr = match unparen(e) {
        Expr::Array(a) => a,
        Expr::Ident(i) => {
            let Some(b) = sem.bindings.get(i) else { return false };
            if !b.pushes.is_empty() || b.mutated || !is_const(sem, i) {
                return false;
            }
            match sem.binding_value(i) {
                Some((v, [])) => match unparen(v) {
                    Expr::Array(a) => a,
                    // `Object.keys(TABLE)`
                    v => return object_keys_of_table(sem, v),
                },
                _ => return false,
            }
        }
        e => return object_keys_of_table(sem, e),
    };
    arr.elems.iter().all(|el| el.as_ref().is_some_and(|el| el.spread.is_none() && is_literal(&el.expr)))
}

fn object_keys_of_table(sem: &Semantic<'_>, e: &Expr) -> bool {
    let Expr::Call(c) = unparen(e) else { return false };
    if !is_member_fn(sem, c, "Object", "keys") {
        return false;
    }
    matches!(one_arg(c).map(unparen), Some(Expr::Ident(t)) if constant_table(sem, t))
}

/// A `const` object literal with static keys that nothing adds to.
fn constant_table(sem: &Semantic<'_>, t: &Ident) -> bool {
    let Some(b) = sem.bindings.get(t) else { return false };
    if b.mutated || !b.member_assigns.is_empty() || !b.pushes.is_empty() || !is_const(sem, t) {
        return false;
    }
    let Some((Expr::Object(o), [])) = sem.binding_value(t).map(|(v, p)| (unparen(v), p)) else {
        return false;
    };
    o.props.iter().all(|p| match p {
        PropOrSpread::Prop(p) => match &**p {
            Prop::KeyValue(kv) => !matches!(kv.key, PropName::Computed(_)),
            Prop::Shorthand(_) => true,
            _ => false,
        },
        PropOrSpread::Spread(_) => false,
    })
}

fn is_global_fn(sem: &Semantic<'_>, c: &CallExpr, name: &str) -> bool {
    matches!(&c.callee, Callee::Expr(e) if matches!(unparen(e), Expr::Ident(i) if sem.is_unresolved(i.ctxt) && i.sym == *name))
}

fn is_member_fn(sem: &Semantic<'_>, c: &CallExpr, obj: &str, name: &str) -> bool {
    let Callee::Expr(e) = &c.callee else { return false };
    let Expr::Member(m) = unparen(e) else { return false };
    matches!(unparen(&m.obj), Expr::Ident(o) if sem.is_unresolved(o.ctxt) && o.sym == *obj)
        && matches!(&m.prop, MemberProp::Ident(p) if p.sym == *name)
}

/// The module a binding comes from and the member it names: `import net from "net"`
/// → (`net`, None); `const { isIP } = require("net")` → (`net`, `isIP`).
fn module_of(sem: &Semantic<'_>, i: &Ident) -> Option<(String, Option<String>)> {
    let b = sem.bindings.get(i)?;
    match &b.decl {
        Decl::Import { module, name, .. } => Some((
            module.clone(),
            match name {
                ImportName::Named(n) => Some(n.clone()),
                _ => None,
            },
        )),
        Decl::Var { init: Some(init), path, .. } if b.assigns.is_empty() => {
            let Expr::Call(c) = unparen(init) else { return None };
            let module = require_specifier(sem, c)?;
            match path.as_slice() {
                [] => Some((module, None)),
                [PathStep::Prop(p)] => Some((module, Some(p.clone()))),
                _ => None,
            }
        }
        _ => None,
    }
}

fn library_check_is_plain(module: &str, name: &str) -> bool {
    let module = module.strip_prefix("node:").unwrap_or(module);
    match module {
        "net" => matches!(name, "isIP" | "isIPv4" | "isIPv6"),
        "ip" => matches!(name, "isV4Format" | "isV6Format"),
        "validator" => VALIDATOR_PLAIN.contains(&name),
        m => m.strip_prefix("validator/lib/").is_some_and(|n| name == "default" && VALIDATOR_PLAIN.contains(&n)),
    }
}

/// A call true only for plain values: an allow-list regex test, `Number.isInteger`,
/// a constant list's `includes`, a library validator, or a same-file predicate.
fn allow_call(sem: &Semantic<'_>, c: &CallExpr, d: u32) -> Option<Subject> {
    let Callee::Expr(callee) = &c.callee else { return None };
    match unparen(callee) {
        Expr::Member(m) => {
            let method = match &m.prop {
                MemberProp::Ident(p) => p.sym.as_str().to_owned(),
                _ => return None,
            };
            let arg = one_arg(c);
            match (&*method, unparen(&m.obj)) {
                ("test" | "exec", re) => {
                    let (pat, flags) = regex_of(sem, re)?;
                    (!flags.contains('m') && regex_is_plain_token(&pat)).then_some(())?;
                    subject_of(sem, arg?)
                }
                ("match", x) => {
                    let (pat, flags) = regex_of(sem, arg?)?;
                    (!flags.contains('m') && regex_is_plain_token(&pat)).then_some(())?;
                    subject_of(sem, x)
                }
                ("isInteger" | "isSafeInteger" | "isFinite", Expr::Ident(o))
                    if sem.is_unresolved(o.ctxt) && o.sym == *"Number" =>
                {
                    subject_of(sem, arg?)
                }
                ("includes", list) if constant_list(sem, list) => subject_of(sem, arg?),
                ("hasOwnProperty", Expr::Ident(t)) if constant_table(sem, t) => subject_of(sem, arg?),
                ("hasOwn", Expr::Ident(o)) if sem.is_unresolved(o.ctxt) && o.sym == *"Object" => {
                    let [t, x] = c.args.as_slice() else { return None };
                    match unparen(&t.expr) {
                        Expr::Ident(t) if constant_table(sem, t) => subject_of(sem, &x.expr),
                        _ => None,
                    }
                }
                (name, Expr::Ident(o)) => {
                    let (module, member) = module_of(sem, o)?;
                    (member.is_none() && library_check_is_plain(&module, name)).then_some(())?;
                    subject_of(sem, arg?)
                }
                // `validator.default.isIP(x)` in compiled output.
                (name, Expr::Member(inner)) => {
                    let Expr::Ident(o) = unparen(&inner.obj) else { return None };
                    if !matches!(&inner.prop, MemberProp::Ident(p) if p.sym == *"default") {
                        return None;
                    }
                    let (module, None) = module_of(sem, o)? else { return None };
                    library_check_is_plain(&module, name).then_some(())?;
                    subject_of(sem, arg?)
                }
                _ => None,
            }
        }
        Expr::Ident(f) if sem.is_unresolved(f.ctxt) => match &*f.sym {
            "isFinite" => subject_of(sem, one_arg(c)?),
            _ => None,
        },
        Expr::Ident(f) => {
            if let Some((module, member)) = module_of(sem, f) {
                let name = member.unwrap_or_else(|| "default".into());
                return if library_check_is_plain(&module, &name) { subject_of(sem, one_arg(c)?) } else { None };
            }
            local_predicate(sem, f, c, d)
        }
        _ => None,
    }
}

/// `function isValidPort(p) { return /^\d+$/.test(p) }` called as `isValidPort(x)`.
fn local_predicate(sem: &Semantic<'_>, f: &Ident, c: &CallExpr, d: u32) -> Option<Subject> {
    let b = sem.bindings.get(f)?;
    if !b.assigns.is_empty() || b.opaque_writes {
        return None;
    }
    let (params, body): (Vec<&Pat>, Option<&Expr>) = match &b.decl {
        Decl::Function { node, .. } => {
            (node.params.iter().map(|p| &p.pat).collect(), single_return(&node.body.as_ref()?.stmts))
        }
        Decl::Var { init: Some(init), path, .. } if path.is_empty() => match unparen(init) {
            Expr::Arrow(a) => (
                a.params.iter().collect(),
                match &*a.body {
                    ArrowFunctionBody::Expr(e) => Some(&**e),
                    ArrowFunctionBody::FunctionBody(bl) => single_return(&bl.stmts),
                },
            ),
            Expr::Fn(fe) => {
                (fe.function.params.iter().map(|p| &p.pat).collect(), single_return(&fe.function.body.as_ref()?.stmts))
            }
            _ => return None,
        },
        _ => return None,
    };
    let body = body?;
    let checked = accepts_only_plain(sem, body, d + 2);
    for s in checked {
        if !s.1.is_empty() {
            continue;
        }
        let Some(index) = params.iter().position(|p| matches!(p, Pat::Ident(b) if b.id.to_id() == s.0)) else {
            continue;
        };
        let a = c.args.get(index)?;
        if c.args.iter().take(index + 1).any(|a| a.spread.is_some()) {
            return None;
        }
        return subject_of(sem, &a.expr);
    }
    None
}

fn single_return(stmts: &[Stmt]) -> Option<&Expr> {
    match stmts {
        [Stmt::Return(r)] => r.arg.as_deref(),
        _ => None,
    }
}

/// A regex literal, inline or held in a `const`.
fn regex_of(sem: &Semantic<'_>, e: &Expr) -> Option<(String, String)> {
    match unparen(e) {
        Expr::Lit(Lit::Regex(r)) => Some((r.exp.to_string(), r.flags.to_string())),
        Expr::Ident(i) if is_const(sem, i) => match sem.binding_value(i) {
            Some((v, [])) => match unparen(v) {
                Expr::Lit(Lit::Regex(r)) => Some((r.exp.to_string(), r.flags.to_string())),
                _ => None,
            },
            _ => None,
        },
        _ => None,
    }
}

/// `/[;&|$`<>\n]/.test(x)` or `/[^\w.-]/.test(x)` (also `x.match(..)`, `x.search(..)`):
/// true whenever the value holds a shell metacharacter.
fn deny_list_match(sem: &Semantic<'_>, c: &CallExpr) -> Option<Subject> {
    let Callee::Expr(callee) = &c.callee else { return None };
    let Expr::Member(m) = unparen(callee) else { return None };
    let MemberProp::Ident(p) = &m.prop else { return None };
    let (re, x) = match &*p.sym {
        "test" | "exec" => (&*m.obj, one_arg(c)?),
        "match" => (one_arg(c)?, &*m.obj),
        _ => return None,
    };
    let (pat, _) = regex_of(sem, re)?;
    regex_finds_shell_syntax(&pat).then_some(())?;
    subject_of(sem, x)
}

/// The regex matches somewhere in every string that holds shell syntax: one
/// character class (a repeat allowed) that lists every metacharacter of
/// [`SHELL_METAS`], or a negated class of plain characters.
pub fn regex_finds_shell_syntax(pattern: &str) -> bool {
    let body = pattern.strip_suffix('+').or_else(|| pattern.strip_suffix('*')).unwrap_or(pattern);
    let Some(inner) = body.strip_prefix('[').and_then(|b| b.strip_suffix(']')) else {
        return false;
    };
    if let Some(allowed) = inner.strip_prefix('^') {
        return super::bindings::regex_matches_are_plain(&format!("[{allowed}]"));
    }
    missing_metas(inner).is_empty()
}

/// The metacharacters of [`SHELL_METAS`] a character class body does not list.
pub fn missing_metas(class: &str) -> Vec<char> {
    let mut listed = Vec::new();
    let mut chars = class.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('n') => listed.push('\n'),
                Some('s') => listed.extend(['\n', ' ', '\t']),
                Some(other) => listed.push(other),
                None => {}
            },
            c => listed.push(c),
        }
    }
    SHELL_METAS.iter().copied().filter(|m| !listed.contains(m)).collect()
}

/// `require("m")`: the specifier `m`.
fn require_specifier(sem: &Semantic<'_>, c: &CallExpr) -> Option<String> {
    let Callee::Expr(callee) = &c.callee else { return None };
    let Expr::Ident(r) = unparen(callee) else { return None };
    if !(r.sym == *"require" && sem.is_unresolved(r.ctxt)) {
        return None;
    }
    match one_arg(c).map(unparen) {
        Some(Expr::Lit(Lit::Str(s))) => s.value.as_str().map(str::to_string),
        _ => None,
    }
}
