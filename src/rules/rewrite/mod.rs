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

pub mod shell_words;

use crate::emit::{Edit, Fix, Safety};
use crate::models::ModKind;
use crate::semantic::bindings::{Binding, Decl, ImportName, PathStep};
use crate::semantic::resolve::{Sym, unparen};
use crate::semantic::{Api, CallSite, Props, Semantic, range};
use shell_words::{Piece, Seg, Split};

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
    let split = match shell_words::split(&segs) {
        Ok(s) => s,
        Err(b) => return Some(display_only(b.advice().to_string())),
    };
    match build(sem, site, cmd, kind, &split) {
        Ok(fix) => Some(fix),
        Err(why) => Some(display_only(format!("{why}; then {}", suggestion(sem, site, kind, &split)))),
    }
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
        (Api::ShellString, _) => format!(
            "{wrapper} runs the string through a shell: call `execFile(file, [args])` from `node:child_process` instead"
        ),
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
pub fn rewrite_explicit_shell<'a>(sem: &Semantic<'a>, site: &CallSite<'a>, script: &'a Expr) -> Option<Fix> {
    if site.wrapper.is_some() || site.spread {
        return None;
    }
    let (prog, args) = (site.command?, site.args?);
    let mut segs = Vec::new();
    if !segments(sem, script, &mut segs) {
        return Some(whole_value(sem, script, Kind::ShellOption));
    }
    let split = match shell_words::split(&segs) {
        Ok(s) => s,
        Err(b) => return Some(display_only(b.advice().to_string())),
    };
    let q = file_quote(sem);
    let (file, words) = render(&split, q);
    let (s, _) = range(prog.span());
    let (_, e) = range(args.span());
    let program = match split.words.first().map(|w| w.as_slice()) {
        Some([Piece::Lit(p)]) => format!("`{p}`"),
        _ => "the program".into(),
    };
    let safety = if split.has_values { Safety::Unsafe } else { Safety::Safe };
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
                if let Some(x) = t.exprs.get(i) {
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

/// `x.join(" ")`.
fn is_space_join(c: &CallExpr) -> bool {
    let Callee::Expr(callee) = &c.callee else { return false };
    let Expr::Member(m) = unparen(callee) else { return false };
    matches!(&m.prop, MemberProp::Ident(p) if p.sym == *"join")
        && matches!(c.args.as_slice(), [a] if a.spread.is_none()
            && matches!(unparen(&a.expr), Expr::Lit(Lit::Str(s)) if s.value == *" "))
}

/// An interpolated value, marked when it likely holds several words.
fn value_seg(sem: &Semantic<'_>, e: &Expr) -> Seg {
    let text = expr_text(sem, e);
    // `list.join(" ")`: the elements were the words.
    if let Expr::Call(c) = unparen(e)
        && let Callee::Expr(callee) = &c.callee
        && let Expr::Member(m) = unparen(callee)
        && matches!(&m.prop, MemberProp::Ident(p) if p.sym == *"join")
    {
        let spread = is_space_join(c).then(|| format!("...{}", sem.text(m.obj.span())));
        return Seg::Many { text, spread };
    }
    let name = match unparen(e) {
        Expr::Ident(i) => Some(i.sym.to_string()),
        Expr::Member(m) => match &m.prop {
            MemberProp::Ident(p) => Some(p.sym.to_string()),
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

fn expr_text(sem: &Semantic<'_>, e: &Expr) -> String {
    let text = sem.text(e.span());
    paren_if_needed(e, text)
}

/// An expression used as an array element: a comma expression needs parentheses.
fn paren_if_needed(e: &Expr, text: &str) -> String {
    if matches!(e, Expr::Seq(_)) { format!("({text})") } else { text.to_string() }
}

/// [`preferred_quote`] of the file, counted once per file (not at every call site).
fn file_quote(sem: &Semantic<'_>) -> char {
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
    let mut safety = if split.has_values { Safety::Unsafe } else { Safety::Safe };
    let (cs, ce) = range(cmd.span());

    // The `shell` option: gone from the rewritten call (`execFile` would honour it).
    match site.options.map(|o| (o, sem.props_of(o))) {
        Some((o, Props::Known(props))) if props.iter().any(|p| p.key == "shell") => {
            let Expr::Object(obj) = unparen(o) else {
                return Err("remove the `shell` option where the options are built".into());
            };
            edits.push(remove_shell(sem, site, o, obj).ok_or_else(|| "remove the `shell` option".to_string())?);
        }
        Some((_, Props::Unknown)) if kind == Kind::ShellOption => {
            return Err("remove the `shell` option where the options are built".into());
        }
        Some((_, Props::Unknown)) => safety = Safety::Unsafe,
        _ if kind == Kind::ShellOption => return Err("remove the `shell` option".into()),
        _ => {}
    }

    // The command, with any argv the call already has.
    let mut end = ce;
    if let Some(a) = site.args {
        let (_, ae) = range(a.span());
        end = ae;
        match unparen(a) {
            Expr::Array(arr) => {
                for el in arr.elems.iter() {
                    let Some(el) = el else { return Err("write the arguments without holes".into()) };
                    let text = sem.text(el.span()).to_string();
                    if kind == Kind::ShellOption {
                        // The shell used to read these too: a literal must be one plain word.
                        if let Expr::Lit(Lit::Str(s)) = unparen(&el.expr) {
                            let v = s.value.to_string_lossy();
                            match shell_words::split(&[Seg::Lit(v.into_owned())]) {
                                Ok(w) if w.words.len() == 1 => {}
                                _ => return Err(format!("split the argument {text} the way the shell would")),
                            }
                        } else {
                            safety = Safety::Unsafe;
                        }
                    }
                    args.push(text);
                }
            }
            _ if kind == Kind::CommandLine => args.push(format!("...{}", sem.text(a.span()))),
            _ => return Err("write the argument array in the call".into()),
        }
    }
    // For spawn-command-string the original call fails (`ENOENT`); the rewrite runs
    // the program the string names. For a constant command that is what was meant.
    edits.push(Edit::new(cs, end, format!("{file}, [{}]", args.join(", "))));

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
            Prop::Shorthand(i) => Some(i.sym.to_string()),
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
        PropName::Ident(i) => Some(i.sym.to_string()),
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
        .map(|b| b.name.as_str())
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
        let mut edits = Vec::new();
        if sole
            && let Some(d) = sem.declaration_of(b.span)
            && let Some((s, e)) = d.item
        {
            edits.extend(remove_list_item(sem.src, s, e));
        }
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
        return Ok((name, Vec::new()));
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
    let new_name = derive_name(&b.name);
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
