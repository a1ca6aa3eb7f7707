//! The rewrite of a shell command into a program and an argument array (SPEC §3).
//!
//! Rules call [`rewrite`] with the call site they report. The result is one of:
//! - an edit (`Safe` when the command is constant, `Unsafe` when interpolated values
//!   would have been split or interpreted by the shell and now arrive as one
//!   argument each);
//! - display-only advice when the command uses shell features an argument array
//!   cannot express (pipes, redirects, globs, ...), or when cplint cannot edit the
//!   code safely (the command is built elsewhere, options are not written inline);
//! - `None` when there is nothing specific to say.
//!
//! Edits are kept small: the callee name, the command argument and the `shell`
//! option. Callbacks, options and `await` are left as written.

use swc_common::{Span, Spanned};
use swc_ecma_ast::*;

pub mod options;
pub mod shell_words;

use crate::emit::{Edit, Fix, Safety};
use crate::models::ModKind;
use crate::semantic::bindings::{Binding, Decl, ImportName, PathStep};
use crate::semantic::facts::{ExplicitShell, ShellFamily};
use crate::semantic::resolve::{Sym, unparen};
use crate::semantic::values::PropValue;
use crate::semantic::{Api, CallSite, Props, Semantic, range};
use shell_words::{Dialect, Piece, Seg, Split, Word};

/// Which finding the rewrite is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `exec`/`execSync`/promisified `exec`: becomes `execFile`/`execFileSync`.
    ShellString,
    /// `spawn`/`execFile` with a truthy `shell` option: the option goes.
    ShellOption,
    /// `spawn("ls -la")` without a shell (spawn-command-string).
    CommandLine,
}

/// The fix for the call at `site`; see the module docs.
pub fn rewrite<'a>(sem: &Semantic<'a>, site: &CallSite<'a>, kind: Kind) -> Option<Fix> {
    if let Some(w) = site.wrapper {
        return wrapper_advice(w, site, kind);
    }
    if site.spread || site.is_new {
        return None;
    }
    let cmd = site.command?;
    let mut segs = Vec::new();
    if !segments(sem, cmd, &mut segs) {
        return held_elsewhere(sem, site, cmd, kind).or_else(|| Some(whole_value(sem, cmd, kind)));
    }
    // The shell that read the command, as the options say.
    let dialect = match dialect(sem, site, kind) {
        Ok(d) => d,
        Err(why) => return Some(display_only(why)),
    };
    // With `shell`, Node joins the program and its arguments with spaces: the shell
    // read the arguments too.
    if kind == Kind::ShellOption
        && let Some(a) = site.args
        && let Err(why) = argv_segments(sem, site, a, &mut segs)
    {
        return Some(display_only(why));
    }
    // `exec("cd DIR && cmd …")`: `cmd` with the `cwd` option.
    let split = if kind == Kind::ShellString {
        shell_words::split_with_cd(&segs, dialect)
    } else {
        shell_words::split_for(&segs, dialect)
    };
    let split = match split {
        Ok(s) => s,
        Err(b) => return Some(display_only(b.advice().to_string())),
    };
    if let Some(why) = runs_a_shell(&split) {
        return Some(display_only(why));
    }
    match build(sem, site, cmd, kind, &split) {
        Ok(fix) => Some(fix),
        Err(why) => Some(display_only(format!("{why}; then {}", suggestion(sem, site, kind, &split)))),
    }
}

/// Why an argument array would not remove the shell: the command's program is a
/// shell itself (`cmd.exe /c echo %x%`, `bash -c "..."`, `pwsh -Command`) or an
/// interpreter given code to evaluate (`node -e`, `python -c`). `execFile` would run
/// it with the same script, so the edit would keep the injection it claims to
/// remove (found by the fuzz harness's re-lint check).
fn runs_a_shell(split: &Split) -> Option<String> {
    let lit = |w: &Word| match w.as_slice() {
        [Piece::Lit(p)] => Some(p.clone()),
        _ => None,
    };
    let program = lit(split.words.first()?)?;
    let family = crate::semantic::facts::shell_family(&program)?;
    let evaluates = |flags: &[&str]| split.words.iter().skip(1).filter_map(lit).any(|w| flags.contains(&w.as_str()));
    let shell = match family {
        ShellFamily::Posix | ShellFamily::Cmd | ShellFamily::PowerShell => true,
        ShellFamily::Interpreter => evaluates(&["-e", "-p", "-c", "-r", "-E", "--eval", "--print"]),
    };
    shell.then(|| {
        format!(
            "the command runs `{program}`, which reads its arguments as a script: `execFile` would hand it the same script; run the program that script runs with `execFile(file, [args])` by hand"
        )
    })
}

/// What the `shell` option holds, when cplint can tell.
enum ShellValue {
    Absent,
    /// `true`, `false` or another non-string value.
    Flag,
    Named(String),
}

fn shell_value<'a>(sem: &Semantic<'a>, e: &'a Expr, depth: u32) -> Option<ShellValue> {
    match unparen(e) {
        Expr::Lit(Lit::Bool(_)) => Some(ShellValue::Flag),
        Expr::Lit(Lit::Num(_)) => Some(ShellValue::Flag),
        Expr::Lit(Lit::Null(_)) => Some(ShellValue::Absent),
        Expr::Lit(Lit::Str(s)) => Some(ShellValue::Named(s.value.to_string_lossy().into_owned())),
        Expr::Ident(i) if sem.is_unresolved(i.ctxt) && i.sym == *"undefined" => Some(ShellValue::Absent),
        Expr::Ident(i) if depth < 8 => match sem.binding_value(i) {
            Some((v, [])) => shell_value(sem, v, depth + 1),
            _ => None,
        },
        _ => None,
    }
}

/// A shell cplint can read commands for, by its name (`/bin/bash`).
fn dialect_of(name: &str) -> Result<Dialect, String> {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    match base {
        "sh" | "dash" => Ok(Dialect::Sh),
        "bash" => Ok(Dialect::Bash),
        _ => Err(format!(
            "the command runs in `{name}`, which reads it differently from `sh`: pass the program and an argument array to `execFile` without `shell` by hand"
        )),
    }
}

/// The shell that read the command of `site`, from its options. An error when the
/// options may set a shell cplint does not model (a parameter, an unknown spread, a
/// name such as `cmd.exe`): an edit would keep the shell or change how it reads.
fn dialect<'a>(sem: &Semantic<'a>, site: &CallSite<'a>, kind: Kind) -> Result<Dialect, String> {
    if kind == Kind::CommandLine {
        return Ok(Dialect::Sh);
    }
    let unknown = || {
        format!(
            "the options may set `shell` (cplint cannot read them here), and `{}` would honour it: pass the program and an argument array, and make sure no `shell` reaches the call",
            if site.api.is_shell_string() { "execFile" } else { site.api.name() }
        )
    };
    let Some(o) = site.options else { return Ok(Dialect::Sh) };
    let Props::Known(props) = sem.props_of(o) else { return Err(unknown()) };
    let Some(entry) = props.iter().rev().find(|p| p.key == "shell") else { return Ok(Dialect::Sh) };
    let value = match entry.value {
        Some(PropValue::Expr(e)) => shell_value(sem, e, 0),
        Some(PropValue::Ident(i)) => match sem.binding_value(i) {
            Some((v, [])) => shell_value(sem, v, 1),
            _ => None,
        },
        None => None,
    };
    match value {
        // `exec` runs `/bin/sh` unless `shell` names another; a truthy flag is `/bin/sh` too.
        Some(ShellValue::Absent | ShellValue::Flag) => Ok(Dialect::Sh),
        Some(ShellValue::Named(n)) => dialect_of(&n),
        None => Err(unknown()),
    }
}

/// The argument array of a call with `shell`, as the shell read it: each element
/// after a space.
fn argv_segments<'a>(sem: &Semantic<'a>, site: &CallSite<'a>, a: &'a Expr, out: &mut Vec<Seg>) -> Result<(), String> {
    let Expr::Array(arr) = unparen(a) else { return Err("write the argument array in the call".into()) };
    if !within(arr.span, site.span) {
        return Err("write the argument array in the call".into());
    }
    for el in &arr.elems {
        let Some(el) = el else { return Err("write the arguments without holes".into()) };
        out.push(Seg::Lit(" ".into()));
        if el.spread.is_some() {
            let text = sem.text(el.expr.span());
            out.push(if spread_is_plain(sem, &el.expr) {
                Seg::Many { text: text.to_string(), spread: Some(format!("...{text}")) }
            } else {
                Seg::Blocked
            });
        } else if is_stringy(&el.expr) || is_concat(&el.expr) {
            if !segments(sem, &el.expr, out) {
                out.push(value_seg(sem, &el.expr));
            }
        } else {
            out.push(value_seg(sem, &el.expr));
        }
    }
    Ok(())
}

/// `...rest` where every element whose text is known is one plain word.
fn spread_is_plain<'a>(sem: &Semantic<'a>, e: &'a Expr) -> bool {
    let Expr::Ident(i) = unparen(e) else { return true };
    let Some(b) = sem.binding(i) else { return true };
    let elems: Vec<&Expr> = match sem.binding_value(i) {
        Some((v, [])) => match unparen(v) {
            Expr::Array(a) => a.elems.iter().flatten().map(|el| &*el.expr).collect(),
            _ => Vec::new(),
        },
        _ => Vec::new(),
    };
    elems.into_iter().chain(b.pushes.iter().copied()).all(|x| match sem.shape(x).as_literal() {
        Some(t) => shell_words::plain_word(&t),
        None => true,
    })
}

fn within(inner: Span, outer: Span) -> bool {
    let (a, b) = range(inner);
    let (ca, cb) = range(outer);
    a >= ca && b <= cb
}

fn display_only(title: String) -> Fix {
    Fix { safety: Safety::DisplayOnly, title, edits: Vec::new() }
}

/// The API the rewritten call uses.
fn target_api(site: &CallSite<'_>, kind: Kind) -> Api {
    match (kind, site.api) {
        (Kind::ShellString, Api::ExecSync) => Api::ExecFileSync,
        (Kind::ShellString, _) => Api::ExecFile,
        (_, api) => api,
    }
}

/// Third-party APIs are not edited; the advice names the argument-array form.
fn wrapper_advice(wrapper: &str, site: &CallSite<'_>, kind: Kind) -> Option<Fix> {
    let title = match (site.api, kind) {
        // ssh and its kin hand the string to the remote user's shell: no local
        // argument array reaches the other host.
        (Api::ShellString, _) if crate::models::runs_remotely(wrapper) => format!(
            "{wrapper} hands the string to the remote user's shell: quote each value with `quote([value])` from `shell-quote`"
        ),
        (Api::ShellString, _) if site.layout == crate::models::Layout::ShellOrArgv => format!(
            "give the `{wrapper}` package an array of the program and its arguments, `{wrapper}([file, ...args], callback)`, which runs no shell"
        ),
        (Api::ShellString, _) => format!(
            "{wrapper} runs the string through a shell: call `execFile(file, [args])` from `node:child_process` instead"
        ),
        // execa's `$` tag: each interpolation is one argument once `shell` is gone.
        (Api::ExecaCommand, _) if site.layout == crate::models::Layout::Template => {
            format!("remove the `shell` option of {wrapper}'s `$`: each interpolation is then one argument")
        }
        (Api::ExecaCommand, _) => {
            format!("use `execa(file, [args])` instead of `execaCommand` from {wrapper}, without the `shell` option")
        }
        (Api::Exec | Api::ExecSync, _) => {
            format!("use `execFile`/`execFileSync` from {wrapper} with the program and an argument array")
        }
        (_, Kind::ShellOption) => format!("remove the `shell` option and pass each argument in the array ({wrapper})"),
        _ => return None,
    };
    Some(display_only(title))
}

/// The command is one value from elsewhere: nothing in the call to split.
fn whole_value<'a>(sem: &Semantic<'a>, cmd: &'a Expr, kind: Kind) -> Fix {
    let what = sem.snippet(cmd.span(), 40);
    let api = if kind == Kind::ShellString { "execFile(file, args)" } else { "spawn(file, args)" };
    let title = match unparen(cmd) {
        Expr::Ident(_) => format!(
            "the command line arrives whole in `{what}`: build the program and an argument array where `{what}` is made (or have callers pass them), then call `{api}`"
        ),
        _ => format!(
            "the command line comes whole from `{what}`: make it produce the program and an argument array, then call `{api}`"
        ),
    };
    display_only(title)
}

/// `spawn("sh", ["-c", script])` with a script written in the call: run the
/// script's program directly.
pub fn rewrite_explicit_shell<'a>(sem: &Semantic<'a>, site: &CallSite<'a>, shell: &ExplicitShell<'a>) -> Option<Fix> {
    if site.wrapper.is_some() || site.spread {
        return None;
    }
    let (prog, args) = (site.command?, site.args?);
    let script = &shell.script.first()?.expr;
    // Only `sh -c script` with nothing else: options before `-c` change how the
    // script runs (`-e`, `-l`, `-o ...`), words after it become `$0`, `$1`.
    if shell.flag_at != 0 || shell.argc != 2 {
        return Some(display_only(format!(
            "`{}` gets more than `-c` and the script: run the program directly with `execFile(file, [args])` by hand",
            shell.program
        )));
    }
    let dialect = match dialect_of(shell.program.trim()) {
        Ok(d) => d,
        Err(why) => return Some(display_only(why)),
    };
    // The script must be written in the call: one held in a variable was built
    // elsewhere, and its expressions would run later or in another scope.
    if !matches!(unparen(args), Expr::Array(_)) || !within(args.span(), site.span) {
        return Some(display_only(
            "the shell script is built away from the call: build the program and an argument array there and call `execFile(file, args)`".into(),
        ));
    }
    let mut segs = Vec::new();
    if !segments(sem, script, &mut segs) {
        return Some(whole_value(sem, script, Kind::ShellOption));
    }
    let split = match shell_words::split_for(&segs, dialect) {
        Ok(s) => s,
        Err(b) => return Some(display_only(b.advice().to_string())),
    };
    if let Some(why) = runs_a_shell(&split) {
        return Some(display_only(why));
    }
    let q = file_quote(sem);
    let (file, words) = render(&split, q);
    let (s, _) = range(prog.span());
    let (_, e) = range(args.span());
    let program = match split.words.first().map(|w| w.as_slice()) {
        Some([Piece::Lit(p)]) => format!("`{p}`"),
        _ => "the program".into(),
    };
    // A `cd` that fails makes the shell skip the command (exit status 1 or 2, its
    // message on stderr); `execFile` with a missing `cwd` fails with `ENOENT`.
    let safety = if split.has_values || split.cd.is_some() { Safety::Unsafe } else { Safety::Safe };
    let mut title = format!("run {program} directly instead of through `sh -c`");
    if safety == Safety::Unsafe {
        title.push_str("; interpolated values now arrive as one literal argument");
    }
    Some(Fix { safety, title, edits: vec![Edit::new(s, e, format!("{file}, [{}]", words.join(", ")))] })
}

/// A command stored in a `const` elsewhere: advice with the call to write.
fn held_elsewhere<'a>(sem: &Semantic<'a>, site: &CallSite<'a>, cmd: &'a Expr, kind: Kind) -> Option<Fix> {
    let Expr::Ident(i) = unparen(cmd) else { return None };
    let (init, []) = sem.binding_value(i)? else { return None };
    let mut segs = Vec::new();
    if !segments(sem, init, &mut segs) {
        return None;
    }
    match shell_words::split(&segs) {
        Ok(split) => Some(display_only(format!(
            "build the argument array where `{}` is built: {}",
            i.sym,
            suggestion(sem, site, kind, &split)
        ))),
        Err(b) => Some(display_only(b.advice().to_string())),
    }
}

/// `execFile("convert", [file, "x.png"], ...)`, for advice text.
fn suggestion<'a>(sem: &Semantic<'a>, site: &CallSite<'a>, kind: Kind, split: &Split) -> String {
    let q = file_quote(sem);
    let (file, mut args) = render(split, q);
    match site.args.map(|a| (a, unparen(a))) {
        // With `shell` the arguments were split with the command.
        Some(_) if kind == Kind::ShellOption => {}
        Some((_, Expr::Array(arr))) => args.extend(arr.elems.iter().flatten().map(|e| sem.snippet(e.span(), 30))),
        Some((a, _)) => args.push(format!("...{}", sem.snippet(a.span(), 30))),
        None => {}
    }
    let mut rest = String::new();
    for e in [site.options, site.callback].into_iter().flatten() {
        rest.push_str(", ");
        rest.push_str(&sem.snippet(e.span(), 30));
    }
    format!("`{}({file}, [{}]{rest})`", target_api(site, kind).name(), args.join(", "))
}

/// Collects the command as literal text and interpolated expressions. False when
/// the command is not written in the call as a string, template or concatenation.
fn segments<'a>(sem: &Semantic<'a>, e: &'a Expr, out: &mut Vec<Seg>) -> bool {
    match unparen(e) {
        Expr::Lit(Lit::Str(s)) => {
            out.push(Seg::Lit(s.value.to_string_lossy().into_owned()));
            true
        }
        Expr::Tpl(t) => {
            for (i, q) in t.quasis.iter().enumerate() {
                let Some(cooked) = &q.cooked else { return false };
                out.push(Seg::Lit(cooked.to_string_lossy().into_owned()));
                // A nested string or template is command text too.
                if let Some(x) = t.exprs.get(i)
                    && !((is_stringy(x) || is_concat(x)) && segments(sem, x, out))
                {
                    out.push(value_seg(sem, x));
                }
            }
            true
        }
        // `[prog, "a", x].join(" ")`: the elements joined with spaces.
        Expr::Call(c) if is_space_join(c) => {
            let Callee::Expr(callee) = &c.callee else { return false };
            let Expr::Member(m) = unparen(callee) else { return false };
            let Expr::Array(arr) = unparen(&m.obj) else { return false };
            for (i, el) in arr.elems.iter().enumerate() {
                let Some(el) = el.as_ref().filter(|el| el.spread.is_none()) else { return false };
                if i > 0 {
                    out.push(Seg::Lit(" ".into()));
                }
                if is_stringy(&el.expr) {
                    if !segments(sem, &el.expr, out) {
                        return false;
                    }
                } else {
                    out.push(value_seg(sem, &el.expr));
                }
            }
            true
        }
        Expr::Bin(b) if b.op == BinaryOp::Add => {
            let mut ops = Vec::new();
            operands(e, &mut ops);
            // Until the first string operand, `+` may be arithmetic: keep that prefix
            // together as one value.
            let Some(k) = ops.iter().position(|o| is_stringy(o)) else { return false };
            if k >= 1 {
                let (lo, _) = range(ops[0].span());
                let (_, hi) = range(ops[k - 1].span());
                let text = sem.src.get(lo..hi).unwrap_or("");
                out.push(if k >= 2 { Seg::Expr(format!("({text})")) } else { value_seg(sem, ops[0]) });
            }
            for o in &ops[k..] {
                if is_stringy(o) {
                    if !segments(sem, o, out) {
                        return false;
                    }
                } else {
                    out.push(value_seg(sem, o));
                }
            }
            true
        }
        _ => false,
    }
}

/// `xs.map(cb)` whose callback returns text of its own around the element (a
/// template, a string literal, a concatenation): what the shell read of each
/// element is not the element.
fn map_adds_text(e: &Expr) -> bool {
    let Expr::Call(c) = unparen(e) else { return false };
    let Callee::Expr(callee) = &c.callee else { return false };
    let Expr::Member(m) = unparen(callee) else { return false };
    if !matches!(&m.prop, MemberProp::Ident(p) if matches!(&*p.sym, "map" | "flatMap")) {
        return false;
    }
    let Some(f) = c.args.first() else { return false };
    match unparen(&f.expr) {
        Expr::Arrow(a) => match &*a.body {
            ArrowFunctionBody::Expr(e) => adds_text(e),
            // A callback with statements is not read: it may add anything.
            ArrowFunctionBody::FunctionBody(_) => true,
        },
        // `function (x) { .. }`, `xs.map(quote)`, `xs.map(String)`: not read.
        _ => true,
    }
}

fn adds_text(e: &Expr) -> bool {
    match unparen(e) {
        Expr::Tpl(_) | Expr::Lit(Lit::Str(_)) => true,
        Expr::Bin(b) => b.op == BinaryOp::Add,
        Expr::Cond(c) => adds_text(&c.cons) || adds_text(&c.alt),
        _ => false,
    }
}

/// `x.join(" ")`.
fn is_space_join(c: &CallExpr) -> bool {
    let Callee::Expr(callee) = &c.callee else { return false };
    let Expr::Member(m) = unparen(callee) else { return false };
    matches!(&m.prop, MemberProp::Ident(p) if p.sym == *"join")
        && matches!(c.args.as_slice(), [a] if a.spread.is_none()
            && matches!(unparen(&a.expr), Expr::Lit(Lit::Str(s)) if s.value == *" "))
}

/// An interpolated value: a constant (its text is command text), a choice between
/// constants, or a value, marked when it likely holds several words.
fn value_seg<'a>(sem: &Semantic<'a>, e: &'a Expr) -> Seg {
    let text = expr_text(sem, e);
    // `list.join(" ")`: the elements were the words.
    if let Expr::Call(c) = unparen(e)
        && let Callee::Expr(callee) = &c.callee
        && let Expr::Member(m) = unparen(callee)
        && matches!(&m.prop, MemberProp::Ident(p) if p.sym == *"join")
    {
        // `files.map((f) => `"${f}"`).join(" ")`: the quotes the callback adds were
        // the shell's to remove; spread or not, each element would keep them.
        if map_adds_text(&m.obj) {
            return Seg::Blocked;
        }
        let spread = is_space_join(c).then(|| format!("...{}", sem.text(m.obj.span())));
        return Seg::Many { text, spread };
    }
    let mut alts = Vec::new();
    alternatives(sem, e, 0, &mut alts);
    let lits: Vec<String> = alts.iter().filter_map(|a| a.clone()).collect();
    match (alts.len(), lits.as_slice()) {
        // A constant: the shell read its text as part of the command line.
        (1, [t]) if shell_words::plain_word(t) => return Seg::Const(text),
        (1, [t]) => {
            let Expr::Ident(i) = unparen(e) else { return Seg::Lit(t.clone()) };
            // `const MODE = "-l -a"`: plain words with single spaces stay a
            // reference, `...MODE.split(" ")`.
            let words: Vec<&str> = t.split(' ').collect();
            if words.iter().all(|w| shell_words::plain_word(w)) {
                return Seg::ConstWords { text, spread: format!("...{}.split(\" \")", i.sym), value: t.clone() };
            }
            // Any other text goes into the call in place of the name; the name's
            // last use would be gone (an unused `const` fails `noUnusedLocals`).
            return match sem.binding(i) {
                Some(b) if sem.use_count(b) > 1 => Seg::Lit(t.clone()),
                _ => Seg::Blocked,
            };
        }
        (_, []) => {}
        _ => return Seg::Choice { text, alts: lits },
    }
    // A value whose text is known in part (`-o ${x}` held in a variable): that text
    // was command text too, and cannot be moved here.
    let shape = sem.shape(e);
    if shape.parts.iter().any(|p| matches!(p, crate::semantic::Part::Lit(l) if !shell_words::plain_chars(l))) {
        return Seg::Blocked;
    }
    let name = match unparen(e) {
        Expr::Ident(i) => Some(i.sym.as_str().to_owned()),
        Expr::Member(m) => match &m.prop {
            MemberProp::Ident(p) => Some(p.sym.as_str().to_owned()),
            _ => None,
        },
        _ => None,
    };
    let many = name.is_some_and(|n| {
        let n = n.to_ascii_lowercase();
        ["args", "argv", "flags", "options", "opts", "params", "parameters", "arguments", "switches"]
            .iter()
            .any(|s| n.ends_with(s))
            || matches!(n.as_str(), "cmd" | "command" | "cmdline" | "commandline" | "script" | "extra" | "rest")
    });
    if many { Seg::Many { text, spread: None } } else { Seg::Expr(text) }
}

/// The values `e` may take: `Some(text)` for a constant, `None` for anything else
/// (an input, or a constant whose text cplint does not compute). A value that is
/// `a || b`, `a ?? b`, `c ? a : b` (directly or through a `const`) may be either side.
fn alternatives<'a>(sem: &Semantic<'a>, e: &'a Expr, depth: u32, out: &mut Vec<Option<String>>) {
    if depth > 8 {
        out.push(None);
        return;
    }
    match unparen(e) {
        Expr::Cond(c) => {
            alternatives(sem, &c.cons, depth + 1, out);
            alternatives(sem, &c.alt, depth + 1, out);
        }
        Expr::Bin(b) if matches!(b.op, BinaryOp::LogicalOr | BinaryOp::NullishCoalescing) => {
            alternatives(sem, &b.left, depth + 1, out);
            alternatives(sem, &b.right, depth + 1, out);
        }
        // `flag && "--x"`: `"--x"`, or whatever falsy `flag` is ("", false, 0).
        Expr::Bin(b) if b.op == BinaryOp::LogicalAnd => {
            out.push(Some(String::new()));
            alternatives(sem, &b.right, depth + 1, out);
        }
        Expr::Ident(i) if !sem.is_unresolved(i.ctxt) => match sem.binding_value(i) {
            Some((v, [])) if matches!(unparen(v), Expr::Cond(_) | Expr::Bin(_) | Expr::Ident(_)) => {
                alternatives(sem, v, depth + 1, out)
            }
            _ => out.push(sem.shape(e).as_literal()),
        },
        _ => out.push(sem.shape(e).as_literal()),
    }
}

fn operands<'a>(e: &'a Expr, out: &mut Vec<&'a Expr>) {
    match e {
        Expr::Bin(b) if b.op == BinaryOp::Add => {
            operands(&b.left, out);
            out.push(&b.right);
        }
        Expr::Paren(p) if matches!(&*p.expr, Expr::Bin(b) if b.op == BinaryOp::Add) && out.is_empty() => {
            operands(&p.expr, out)
        }
        _ => out.push(e),
    }
}

fn is_stringy(e: &Expr) -> bool {
    matches!(unparen(e), Expr::Lit(Lit::Str(_)) | Expr::Tpl(_))
}

/// `a + b + ...` with a string or template among the operands.
fn is_concat(e: &Expr) -> bool {
    let mut ops = Vec::new();
    operands(unparen(e), &mut ops);
    ops.len() > 1 && ops.iter().any(|o| is_stringy(o))
}

fn expr_text(sem: &Semantic<'_>, e: &Expr) -> String {
    let text = sem.text(e.span());
    paren_if_needed(e, text)
}

/// An expression used as an array element: a comma expression needs parentheses.
fn paren_if_needed(e: &Expr, text: &str) -> String {
    if matches!(e, Expr::Seq(_)) { format!("({text})") } else { text.to_string() }
}

/// [`preferred_quote`] of the file, counted once per file (not at every call site).
pub(crate) fn file_quote(sem: &Semantic<'_>) -> char {
    let q = sem.once_per_file(("quote", 0), || Some(preferred_quote(sem.src).to_string()));
    q.and_then(|q| q.chars().next()).unwrap_or('"')
}

/// The quote character the file uses most for strings.
pub fn preferred_quote(src: &str) -> char {
    let singles = src.bytes().filter(|&b| b == b'\'').count();
    let doubles = src.bytes().filter(|&b| b == b'"').count();
    if singles > doubles { '\'' } else { '"' }
}

/// A JavaScript string literal for `s`.
pub fn quote(s: &str, q: char) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push(q);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == q => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c == '\u{2028}' || c == '\u{2029}' => {
                out.push_str(&format!("\\u{:04x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push(q);
    out
}

fn render_word(w: &[Piece], q: char) -> String {
    match w {
        [] => quote("", q),
        [Piece::Lit(s)] => quote(s, q),
        [Piece::Expr(t)] | [Piece::Spread(t)] => t.clone(),
        pieces => {
            let mut out = String::from("`");
            for p in pieces {
                match p {
                    Piece::Lit(s) => {
                        for c in s.chars() {
                            match c {
                                '\\' => out.push_str("\\\\"),
                                '`' => out.push_str("\\`"),
                                '$' => out.push_str("\\$"),
                                // A raw CR (or CRLF) in a template reads as LF.
                                '\r' => out.push_str("\\r"),
                                '\n' => out.push_str("\\n"),
                                '\t' => out.push_str("\\t"),
                                c if (c as u32) < 0x20 || c == '\u{2028}' || c == '\u{2029}' || c == '\u{7f}' => {
                                    out.push_str(&format!("\\u{{{:04x}}}", c as u32))
                                }
                                c => out.push(c),
                            }
                        }
                    }
                    Piece::Expr(t) | Piece::Spread(t) => {
                        out.push_str("${");
                        out.push_str(t);
                        out.push('}');
                    }
                }
            }
            out.push('`');
            out
        }
    }
}

/// The program and the argument texts.
fn render(split: &Split, q: char) -> (String, Vec<String>) {
    let mut words = split.words.iter().map(|w| render_word(w, q));
    let file = words.next().unwrap_or_default();
    (file, words.collect())
}

fn build<'a>(sem: &Semantic<'a>, site: &CallSite<'a>, cmd: &'a Expr, kind: Kind, split: &Split) -> Result<Fix, String> {
    let q = file_quote(sem);
    let (file, mut args) = render(split, q);
    let mut edits = Vec::new();
    // A `cd` that fails makes the shell skip the command (exit status 1 or 2, its
    // message on stderr); `execFile` with a missing `cwd` fails with `ENOENT`.
    let safety = if split.has_values || split.cd.is_some() { Safety::Unsafe } else { Safety::Safe };
    let (cs, ce) = range(cmd.span());

    // The `shell` option: gone from the rewritten call (`execFile` would honour it).
    // Options cplint cannot read were refused before (`dialect`).
    match site.options.map(|o| (o, sem.props_of(o))) {
        Some((o, Props::Known(props))) if props.iter().any(|p| p.key == "shell") => {
            let Expr::Object(obj) = unparen(o) else {
                return Err("remove the `shell` option where the options are built".into());
            };
            edits.push(remove_shell(sem, site, o, obj).ok_or_else(|| "remove the `shell` option".to_string())?);
        }
        Some((_, Props::Unknown)) => return Err("remove the `shell` option where the options are built".into()),
        _ if kind == Kind::ShellOption => return Err("remove the `shell` option".into()),
        _ => {}
    }

    // A program named by a path may be a file whose name has a space
    // (`./my script.sh`): only a bare program name is split.
    if kind == Kind::CommandLine
        && split.words.first().is_some_and(|w| w.iter().any(|p| matches!(p, Piece::Lit(l) if l.contains(['/', '\\']))))
    {
        return Err(
            "the program is a path, which may be one file name with spaces in it: if it is a command line, split it by hand".into(),
        );
    }

    // The callback's types are `exec`'s (`ExecException`): `execFile` hands it an
    // `ExecFileException`, which TypeScript does not accept there.
    if target_api(site, kind) == Api::ExecFile && site.api != Api::ExecFile && callback_typed_for_exec(sem, site) {
        return Err("the callback is typed for `exec` (`ExecException`): type its error as `ExecFileException`".into());
    }

    // The command, with any argv the call already has (with `shell` it was split
    // with the command).
    let mut end = ce;
    if let Some(a) = site.args {
        let (_, ae) = range(a.span());
        end = ae;
        match unparen(a) {
            _ if kind == Kind::ShellOption => {}
            Expr::Array(arr) => {
                for el in arr.elems.iter() {
                    let Some(el) = el else { return Err("write the arguments without holes".into()) };
                    args.push(sem.text(el.span()).to_string());
                }
            }
            _ if kind == Kind::CommandLine => args.push(format!("...{}", sem.text(a.span()))),
            _ => return Err("write the argument array in the call".into()),
        }
    }
    // For spawn-command-string the original call fails (`ENOENT`); the rewrite runs
    // the program the string names. For a constant command that is what was meant.
    edits.push(Edit::new(cs, end, format!("{file}, [{}]", args.join(", "))));

    // `cd DIR && …`: the directory becomes the `cwd` option. A `cwd` already set
    // would be where `cd` starts from, and a `shell` option is being removed from
    // the same object: both are left to the author.
    if let Some(dir) = &split.cd {
        match sem.option(site, "cwd") {
            crate::semantic::Opt::Absent => {}
            crate::semantic::Opt::Present(_) => {
                return Err("the options set `cwd` too: join it with the `cd` directory (`path.join`)".into());
            }
            crate::semantic::Opt::Unknown => return Err("the options may set `cwd`".into()),
        }
        if matches!(site.options.map(|o| sem.props_of(o)), Some(Props::Known(p)) if p.iter().any(|p| p.key == "shell"))
        {
            return Err("remove the `shell` option and pass the `cd` directory as `cwd`".into());
        }
        let more = options::set_option(sem, site, "cwd", &render_word(dir, q))?;
        edits.extend(more);
    }

    let api = target_api(site, kind);
    if api != site.api {
        let (_, more) = callee_edits(sem, site, api)?;
        edits.extend(more);
    }
    edits.sort_by_key(|e| (e.start, e.end));
    if edits.windows(2).any(|w| w[0].end > w[1].start) {
        return Err("edit the call by hand".into());
    }
    let program = match split.words.first().map(|w| w.as_slice()) {
        Some([Piece::Lit(p)]) => format!("`{p}`"),
        _ => "the program".into(),
    };
    let title = match kind {
        Kind::ShellString => format!("run {program} with `{}` and an argument array (no shell)", api.name()),
        Kind::ShellOption => format!("drop the `shell` option and pass {program}'s arguments as an array"),
        Kind::CommandLine => format!("split the command line into {program} and an argument array"),
    };
    let title = match &split.cd {
        Some(dir) => format!(
            "{title}, in `cwd: {}` instead of `cd` (a missing directory now fails with `ENOENT` instead of the shell's `cd` error)",
            render_word(dir, q)
        ),
        None => title,
    };
    let title = if safety == Safety::Unsafe && kind == Kind::CommandLine {
        format!("{title}; each interpolated value becomes one whole argument")
    } else if safety == Safety::Unsafe && split.unquoted_value {
        format!("{title}; interpolated values are no longer split on spaces or expanded by a shell")
    } else if safety == Safety::Unsafe {
        format!("{title}; interpolated values now arrive as one literal argument")
    } else {
        title
    };
    Ok(Fix { safety, title, edits })
}

/// Whether types written for `exec` may meet the rewritten call: the file names
/// `ExecException` and the call has a callback. `execFile` hands its callback an
/// `ExecFileException` (its `code` may be a string), which TypeScript does not accept
/// where an `ExecException` is expected — in the callback's own annotations or in a
/// function the callback passes its error to.
fn callback_typed_for_exec(sem: &Semantic<'_>, site: &CallSite<'_>) -> bool {
    site.callback.is_some() && sem.src.contains("ExecException")
}

/// Removes `shell` from an options object written in the call; the whole argument
/// when nothing else is left.
fn remove_shell<'a>(sem: &Semantic<'a>, site: &CallSite<'a>, arg: &'a Expr, obj: &'a ObjectLit) -> Option<Edit> {
    let in_call = |s: Span| {
        let (a, b) = range(s);
        let (ca, cb) = range(site.span);
        a >= ca && b <= cb
    };
    if !in_call(obj.span) {
        return None;
    }
    let mut found = None;
    for p in &obj.props {
        let PropOrSpread::Prop(prop) = p else { continue };
        let key = match &**prop {
            Prop::KeyValue(kv) => prop_name(&kv.key),
            Prop::Shorthand(i) => Some(i.sym.as_str().to_owned()),
            _ => None,
        };
        if key.as_deref() == Some("shell") {
            if found.is_some() {
                return None;
            }
            found = Some(prop.span());
        }
    }
    let span = found?;
    if obj.props.len() == 1 {
        let (s, e) = range(arg.span());
        return remove_list_item(sem.src, s, e);
    }
    let (s, e) = range(span);
    remove_list_item(sem.src, s, e)
}

fn prop_name(k: &PropName) -> Option<String> {
    match k {
        PropName::Ident(i) => Some(i.sym.as_str().to_owned()),
        PropName::Str(s) => Some(s.value.to_string_lossy().into_owned()),
        _ => None,
    }
}

/// Deletes a list item (`a, b, c`) and the comma that separates it.
fn remove_list_item(src: &str, start: usize, end: usize) -> Option<Edit> {
    let bytes = src.as_bytes();
    let mut j = end;
    while j < bytes.len() && matches!(bytes[j], b' ' | b'\t') {
        j += 1;
    }
    if bytes.get(j) == Some(&b',') {
        let mut k = j + 1;
        while k < bytes.len() && matches!(bytes[k], b' ' | b'\t' | b'\n' | b'\r') {
            k += 1;
        }
        // A trailing comma before the closing bracket: remove back to the previous item.
        if !matches!(bytes.get(k), Some(b')' | b'}' | b']')) {
            return Some(Edit::new(start, k, ""));
        }
    }
    let mut i = start;
    while i > 0 && matches!(bytes[i - 1], b' ' | b'\t' | b'\n' | b'\r') {
        i -= 1;
    }
    if i > 0 && bytes[i - 1] == b',' {
        return Some(Edit::new(i - 1, end, ""));
    }
    None
}

/// Edits that make the callee call `api` instead, and the name it is called by.
fn callee_edits<'a>(sem: &Semantic<'a>, site: &CallSite<'a>, api: Api) -> Result<(String, Vec<Edit>), String> {
    let callee = site.callee.ok_or("call `execFile` instead")?;
    match unparen(callee) {
        Expr::Member(m) => match &m.prop {
            MemberProp::Ident(p) if !site.promisified => {
                let (s, e) = range(p.span);
                Ok((api.name().into(), vec![Edit::new(s, e, api.name())]))
            }
            _ => Err(format!("call `{}` instead", api.name())),
        },
        Expr::Ident(i) => {
            let b = sem.binding(i).ok_or("import `execFile`")?;
            let (name, mut edits) = if site.promisified {
                promisified(sem, b, api)?
            } else {
                let sole = uses(sem, b) == 1;
                provide(sem, b, site.api, api, sole)?
            };
            if name != *i.sym {
                let (s, e) = range(i.span);
                edits.push(Edit::new(s, e, name.clone()));
            }
            Ok((name, edits))
        }
        _ => Err(format!("call `{}` instead", api.name())),
    }
}

fn uses(sem: &Semantic<'_>, b: &Binding<'_>) -> usize {
    sem.use_count(b)
}

/// A name no binding in the file uses.
fn name_free(sem: &Semantic<'_>, name: &str) -> bool {
    sem.bindings_named(name) == 0
}

/// An existing top-level binding of child_process's `api` (promisified or not).
fn existing(sem: &Semantic<'_>, api: Api, promisified: bool) -> Option<String> {
    // The same answer at every call site of the file: worked out once.
    sem.once_per_file(("existing", (api as u64) << 1 | u64::from(promisified)), || existing_in(sem, api, promisified))
}

fn existing_in(sem: &Semantic<'_>, api: Api, promisified: bool) -> Option<String> {
    let mut names: Vec<&str> = sem
        .all_bindings()
        .filter(|b| {
            let ok = match &b.decl {
                Decl::Import { module, name: ImportName::Named(n), .. } if !promisified => {
                    n == api.name() && matches!(module.as_str(), "child_process" | "node:child_process")
                }
                Decl::Var { init: Some(init), path, .. } if path.is_empty() => {
                    matches!(sem.sym_of(init), Sym::Api(r) if r.api == api && r.promisified == promisified && r.wrapper.is_none())
                        && b.assigns.is_empty()
                }
                Decl::Var { init: Some(init), path, .. } if !promisified => {
                    matches!(path.as_slice(), [PathStep::Prop(p)] if p == api.name())
                        && matches!(sem.sym_of(init), Sym::Module(ModKind::ChildProcess { promisified: false }, _))
                        && b.assigns.is_empty()
                }
                _ => false,
            };
            ok && sem.declaration_of(b.span).is_some_and(|d| d.top)
        })
        .map(|b| b.name())
        .collect();
    names.sort_unstable();
    // Only a name nothing else in the file declares: it resolves to this binding
    // wherever the rewritten call is.
    names.into_iter().find(|n| sem.bindings_named(n) == 1).map(str::to_string)
}

/// Makes `new` available next to the declaration of `b` (which holds `old`).
/// `sole`: the use being rewritten is the only use of `b`, so `b` can be renamed.
fn provide(sem: &Semantic<'_>, b: &Binding<'_>, old: Api, new: Api, sole: bool) -> Result<(String, Vec<Edit>), String> {
    let advice = || format!("import `{}` from `node:child_process` and call it", new.name());
    if let Some(name) = existing(sem, new, false) {
        // `b` loses its only use: remove it (an unused import fails `noUnusedLocals`).
        let edits = if sole { remove_declaration(sem, b).into_iter().collect() } else { Vec::new() };
        return Ok((name, edits));
    }
    let name = new.name().to_string();
    if !name_free(sem, &name) {
        return Err(advice());
    }
    let d = sem.declaration_of(b.span).ok_or_else(advice)?;
    match &b.decl {
        Decl::Import { name: ImportName::Named(n), .. } if n == old.name() => {}
        Decl::Var { path, .. } if matches!(path.as_slice(), [PathStep::Prop(p)] if p == old.name()) => {}
        Decl::Var { init: Some(init), path, .. } if path.is_empty() => {
            // `const exec = require("child_process").exec`
            let Expr::Member(m) = unparen(init) else { return Err(advice()) };
            let MemberProp::Ident(p) = &m.prop else { return Err(advice()) };
            if sole {
                let (s, e) = range(b.span);
                let (ps, pe) = range(p.span);
                return Ok((name.clone(), vec![Edit::new(s, e, name.clone()), Edit::new(ps, pe, name)]));
            }
            let obj = sem.text(m.obj.span());
            let stmt = format!("{} {name} = {obj}.{name};", d.kind);
            return Ok((name.clone(), vec![insert_after_statement(sem.src, d.span, &stmt)]));
        }
        _ => return Err(advice()),
    }
    let (s, e) = d.item.ok_or_else(advice)?;
    if sole {
        Ok((name.clone(), vec![Edit::new(s, e, name)]))
    } else {
        Ok((name.clone(), vec![Edit::new(e, e, format!(", {name}"))]))
    }
}

/// `const execAsync = promisify(exec)`: finds or declares a promisified `execFile`.
fn promisified(sem: &Semantic<'_>, b: &Binding<'_>, api: Api) -> Result<(String, Vec<Edit>), String> {
    let advice = || format!("declare `const execFileAsync = promisify({})` and call it", api.name());
    if let Some(name) = existing(sem, api, true) {
        // The last use of `execAsync`: its declaration goes, and `exec` with it when
        // that was its only use.
        let mut edits = Vec::new();
        if uses(sem, b) == 1
            && let Some(e) = remove_declaration(sem, b)
        {
            edits.push(e);
            // `promisify` and `exec` go too when this declaration was their only use.
            if let Decl::Var { init: Some(init), .. } = &b.decl
                && let Expr::Call(call) = unparen(init)
                && let Callee::Expr(callee) = &call.callee
            {
                for x in std::iter::once(&**callee).chain(call.args.iter().map(|a| &*a.expr)) {
                    if let Expr::Ident(x) = unparen(x)
                        && let Some(xb) = sem.binding(x)
                        && uses(sem, xb) == 1
                    {
                        edits.extend(remove_declaration(sem, xb));
                    }
                }
            }
        }
        return Ok((name, edits));
    }
    let Decl::Var { init: Some(init), path, kind } = &b.decl else { return Err(advice()) };
    if !path.is_empty() {
        return Err(advice());
    }
    let Expr::Call(call) = unparen(init) else { return Err(advice()) };
    let Callee::Expr(promisify) = &call.callee else { return Err(advice()) };
    let [arg] = call.args.as_slice() else { return Err(advice()) };
    if arg.spread.is_some() {
        return Err(advice());
    }
    let new_name = derive_name(b.name());
    if !name_free(sem, &new_name) {
        return Err(advice());
    }
    let sole = uses(sem, b) == 1;
    let d = sem.declaration_of(b.span).ok_or_else(advice)?;
    // The function handed to promisify, as `execFile`.
    let (inner, mut edits) = match unparen(&arg.expr) {
        Expr::Member(m) => match &m.prop {
            MemberProp::Ident(p) if sole => {
                let (s, e) = range(p.span);
                (String::new(), vec![Edit::new(s, e, api.name())])
            }
            MemberProp::Ident(_) => (format!("{}.{}", sem.text(m.obj.span()), api.name()), Vec::new()),
            _ => return Err(advice()),
        },
        Expr::Ident(x) => {
            let xb = sem.binding(x).ok_or_else(advice)?;
            let x_sole = sole && uses(sem, xb) == 1;
            let (name, mut edits) = provide(sem, xb, Api::Exec, api, x_sole)?;
            if sole {
                if name != *x.sym {
                    let (s, e) = range(x.span);
                    edits.push(Edit::new(s, e, name));
                }
                (String::new(), edits)
            } else {
                (name, edits)
            }
        }
        _ => return Err(advice()),
    };
    if sole {
        let (s, e) = range(b.span);
        edits.push(Edit::new(s, e, new_name.clone()));
    } else {
        let stmt = format!("{} {new_name} = {}({inner});", var_kind(*kind), sem.text(promisify.span()));
        edits.push(insert_after_statement(sem.src, d.span, &stmt));
    }
    Ok((new_name, edits))
}

/// Removes the declaration of `b`: its import specifier or destructuring property
/// (with its comma), or the whole statement when it declares nothing else.
fn remove_declaration(sem: &Semantic<'_>, b: &Binding<'_>) -> Option<Edit> {
    let d = sem.declaration_of(b.span)?;
    if !d.top {
        return None;
    }
    let (ds, de) = range(d.span);
    let src = sem.src;
    let (is, ie) = match d.item {
        Some(item) => {
            if let Some(e) = remove_list_item(src, item.0, item.1) {
                return Some(e);
            }
            item
        }
        // `const x = init;`: the name and its initialiser are the whole declaration.
        // Only an initialiser without side effects: `cp.exec`, `cp.exec.bind(cp)`,
        // `promisify(exec)`, `require("child_process").exec`.
        None => match &b.decl {
            Decl::Var { init: Some(init), path, .. } if path.is_empty() && no_side_effects(init) => {
                (range(b.span).0, range(init.span()).1)
            }
            _ => return None,
        },
    };
    // The item alone in the statement: `import { exec } from "..."`,
    // `const { exec } = require("...")`, `const execAsync = promisify(exec)`.
    let before = src.get(ds..is)?.trim();
    let after = src.get(ie..de)?.trim();
    let alone = match d.item {
        Some(_) => {
            matches!(before, "import {" | "import type {" | "const {" | "let {" | "var {")
                && after.starts_with('}')
                && !after.contains(',')
        }
        None => matches!(before, "const" | "let" | "var") && matches!(after, "" | ";"),
    };
    if !alone {
        return None;
    }
    remove_statement(src, ds, de)
}

fn no_side_effects(e: &Expr) -> bool {
    match unparen(e) {
        Expr::Ident(_) | Expr::Lit(_) => true,
        Expr::Member(m) => no_side_effects(&m.obj) && !matches!(m.prop, MemberProp::Computed(_)),
        Expr::Call(c) => {
            let Callee::Expr(callee) = &c.callee else { return false };
            let name = match unparen(callee) {
                Expr::Ident(i) => i.sym.as_str().to_owned(),
                Expr::Member(m) if no_side_effects(&m.obj) => match &m.prop {
                    MemberProp::Ident(p) => p.sym.as_str().to_owned(),
                    _ => return false,
                },
                _ => return false,
            };
            matches!(name.as_str(), "require" | "promisify" | "bind")
                && c.args.iter().all(|a| a.spread.is_none() && no_side_effects(&a.expr))
        }
        _ => false,
    }
}

/// Deletes the statement at `start..end` with its line, when nothing else is on it.
fn remove_statement(src: &str, start: usize, mut end: usize) -> Option<Edit> {
    if src.as_bytes().get(end) == Some(&b';') {
        end += 1;
    }
    let line_start = src[..start].rfind('\n').map_or(0, |i| i + 1);
    if !src[line_start..start].trim().is_empty() {
        return None;
    }
    let rest = &src[end..];
    let line_end = rest.find('\n').map_or(src.len(), |i| end + i + 1);
    if !src[end..line_end].trim().is_empty() {
        return None;
    }
    Some(Edit::new(line_start, line_end, ""))
}

fn var_kind(k: VarDeclKind) -> &'static str {
    match k {
        VarDeclKind::Var => "var",
        VarDeclKind::Let => "let",
        VarDeclKind::Const => "const",
    }
}

/// `execAsync` → `execFileAsync`, `run` → `runFile`... keeps the author's naming.
fn derive_name(old: &str) -> String {
    if let Some(i) = old.find("exec") {
        format!("{}execFile{}", &old[..i], &old[i + 4..])
    } else if let Some(i) = old.find("Exec") {
        format!("{}ExecFile{}", &old[..i], &old[i + 4..])
    } else {
        "execFileAsync".into()
    }
}

/// Inserts a statement on its own line after the statement at `span`, with the
/// same indentation and line ending.
fn insert_after_statement(src: &str, span: Span, stmt: &str) -> Edit {
    let (s, e) = range(span);
    let line_start = src[..s.min(src.len())].rfind('\n').map_or(0, |i| i + 1);
    let indent: String = src[line_start..s.min(src.len())].chars().take_while(|c| *c == ' ' || *c == '\t').collect();
    let nl = if src.contains("\r\n") { "\r\n" } else { "\n" };
    // After the statement's semicolon, when it has one.
    let mut end = e;
    if src.as_bytes().get(end) == Some(&b';') {
        end += 1;
    }
    Edit::new(end, end, format!("{nl}{indent}{stmt}"))
}
