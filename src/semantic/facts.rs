//! Per-call facts, computed once for every [`CallSite`] after the call sites and
//! their children are known: the argv as far as it can be read, the shell in
//! effect, the program and subcommand, the stdio slots, whether the options are
//! Node's own, and how a callback uses its parameters. Rules read these; none of
//! them resolves an argv, a `shell` option or a program name on its own.

use swc_common::Spanned;
use swc_ecma_ast::{AssignOp, Expr, ExprOrSpread, Lit, Pat, Prop, PropName, PropOrSpread};

use super::resolve::{member_name, unparen};
pub use super::site::{Argv, CallFacts, ExplicitShell, Shell, ShellFamily, ShellOpt, Slot, shell_family};
use super::values::PropValue;
use super::{Api, CallSite, Decl, Opt, Part, Semantic, Shape, Tri};
use crate::models::Layout;

/// Works out the facts of `site`.
pub fn of<'a>(sem: &Semantic<'a>, site: &CallSite<'a>) -> CallFacts<'a> {
    // `Bun.spawn([file, ...args])`, `process.execve(file, [argv0, ...args])`: the
    // first element is not an argument.
    let skip = usize::from(matches!(site.layout, Layout::ArgvFirst | Layout::Argv0));
    let argv = match site.args {
        None => Argv::Absent,
        Some(a) => match array_elements(sem, a) {
            Some(elems) if elems.iter().take(skip).all(|e| e.spread.is_none()) => {
                Argv::Elements(elems.into_iter().skip(skip).collect())
            }
            _ => Argv::Opaque(a),
        },
    };
    let shell_option = shell_option(sem, site);
    let shell = if site.api.is_shell_string() {
        Shell::Api
    } else {
        match shell_option {
            ShellOpt::On(span) => Shell::Option(span),
            // `spawn("sh", ["-c", script], options)` with options cplint cannot read
            // still runs a shell.
            ShellOpt::Unknown => explicit_shell(sem, site, &argv).map_or(Shell::Unknown, Shell::Program),
            ShellOpt::Absent | ShellOpt::Off => match explicit_shell(sem, site, &argv) {
                Some(e) => Shell::Program(e),
                None => Shell::None,
            },
        }
    };
    let program = program_name(sem, site);
    let subcommand = subcommand(sem, site, &argv);
    let command = super::commands::of(sem, site, &argv, shell_option);
    CallFacts {
        command,
        stdio: stdio(sem, site),
        node_options: same_options_as_node(site),
        callback_reads_error: site.callback.and_then(|cb| sem.param_read(cb, 0)),
        argv,
        shell_option,
        shell,
        program,
        subcommand,
    }
}

/// Elements of an array literal, directly or through a binding whose value is that
/// literal and that is never changed afterwards.
pub(crate) fn array_elements<'a>(sem: &Semantic<'a>, e: &'a Expr) -> Option<Vec<&'a ExprOrSpread>> {
    match unparen(e) {
        Expr::Array(a) => Some(a.elems.iter().flatten().collect()),
        Expr::Ident(i) => match sem.binding_value(i) {
            Some((v, []))
                if sem
                    .bindings
                    .get(i)
                    .is_some_and(|b| b.member_assigns.is_empty() && b.pushes.is_empty() && !b.mutated) =>
            {
                array_elements(sem, v)
            }
            _ => None,
        },
        _ => None,
    }
}

fn shell_option<'a>(sem: &Semantic<'a>, site: &CallSite<'a>) -> ShellOpt {
    let Some(opts) = site.options else {
        return if site.spread { ShellOpt::Unknown } else { ShellOpt::Absent };
    };
    let props = sem.props_of(opts);
    if matches!(props, super::Props::Unknown) {
        // `{ ...opts, shell: true }`: a `shell` written after every spread wins.
        return shell_after_spreads(sem, opts).unwrap_or(ShellOpt::Unknown);
    }
    let Some(entry) = props.get("shell") else {
        return ShellOpt::Absent;
    };
    match entry.value.map(|v| sem.prop_truthiness(v)) {
        Some(Tri::False) => ShellOpt::Off,
        _ => ShellOpt::On(entry.span),
    }
}

/// The `shell` of an object literal whose spreads cplint cannot read, when a
/// `shell: value` is written after the last spread (so it wins over them).
fn shell_after_spreads<'a>(sem: &Semantic<'a>, opts: &'a Expr) -> Option<ShellOpt> {
    let Expr::Object(o) = unparen(opts) else { return None };
    for p in o.props.iter().rev() {
        let PropOrSpread::Prop(p) = p else { return None };
        let (key, value, span) = match &**p {
            Prop::KeyValue(kv) => match &kv.key {
                PropName::Ident(i) => (i.sym.as_str(), PropValue::Expr(&kv.value), kv.key.span()),
                PropName::Str(s) => (s.value.as_str().unwrap_or(""), PropValue::Expr(&kv.value), kv.key.span()),
                _ => return None,
            },
            Prop::Shorthand(i) => (i.sym.as_str(), PropValue::Ident(i), i.span),
            _ => return None,
        };
        if key == "shell" {
            return Some(match sem.prop_truthiness(value) {
                Tri::False => ShellOpt::Off,
                _ => ShellOpt::On(span),
            });
        }
    }
    None
}

/// Whether `flag` makes the next argument of the interpreter `base` a program:
/// `node -e`/`-p`, `python -c` (after other one-letter switches: `-Sc`), `perl -e`/`-E`
/// (`-ne`, `-lpe`), `ruby -e` (`-ne`), `php -r`, `osascript -e`.
fn is_eval_flag(base: &str, flag: &str) -> bool {
    let bundle = |switches: &str, last: &[char]| {
        flag.len() >= 2
            && flag.starts_with('-')
            && !flag.starts_with("--")
            && flag.ends_with(last)
            && flag[1..flag.len() - 1].chars().all(|c| switches.contains(c))
    };
    match base {
        "node" | "nodejs" => matches!(flag, "-e" | "--eval" | "-p" | "--print" | "-pe"),
        "perl" => bundle("nplaswtTWXU0", &['e', 'E']),
        "ruby" => bundle("nplaswWvdU", &['e']),
        "php" => flag == "-r",
        "osascript" => flag == "-e",
        _ => bundle("bBdEiIOqsSuv", &['c']),
    }
}

/// Interpreter options that take the next argument as their value.
fn interpreter_value_opt(flag: &str) -> bool {
    matches!(flag, "-r" | "--require" | "--import" | "--loader" | "--experimental-loader" | "-C" | "-W" | "-X" | "-I")
}

/// The interpreter's eval flags and their scripts: every flag seen before the first
/// argument that is not an option (a script file, or `-m module` for Python), which
/// would make the rest arguments of that script.
fn interpreter_scripts<'a>(
    sem: &Semantic<'a>,
    base: &str,
    elems: &[&'a ExprOrSpread],
) -> Option<(usize, String, Vec<&'a ExprOrSpread>)> {
    let mut first: Option<(usize, String)> = None;
    let mut script = Vec::new();
    let mut i = 0;
    while i < elems.len() {
        let el = elems[i];
        if el.spread.is_some() {
            break;
        }
        let Some(text) = sem.shape(&el.expr).as_literal() else { break };
        if is_eval_flag(base, &text) {
            if let Some(s) = elems.get(i + 1) {
                script.push(*s);
            }
            first.get_or_insert((i, text));
            i += 2;
            continue;
        }
        if !text.starts_with('-') || text == "-" || text == "--" || text == "-m" {
            break;
        }
        i += if interpreter_value_opt(&text) { 2 } else { 1 };
    }
    let (at, flag) = first?;
    Some((at, flag, script))
}

fn is_script_flag(family: ShellFamily, flag: &str) -> bool {
    match family {
        ShellFamily::Posix => {
            flag.len() >= 2
                && flag.starts_with('-')
                && !flag.starts_with("--")
                && flag[1..].chars().all(|c| c.is_ascii_alphabetic())
                && flag.contains('c')
        }
        ShellFamily::Cmd => matches!(flag.to_ascii_lowercase().as_str(), "/c" | "/k"),
        ShellFamily::PowerShell => matches!(
            flag.to_ascii_lowercase().as_str(),
            "-command" | "-c" | "/command" | "/c" | "-encodedcommand" | "-enc" | "-ec" | "-e"
        ),
        // Interpreters are matched by `is_eval_flag`, which needs the program.
        ShellFamily::Interpreter => false,
    }
}

fn explicit_shell<'a>(sem: &Semantic<'a>, site: &CallSite<'a>, argv: &Argv<'a>) -> Option<ExplicitShell<'a>> {
    if !site.api.is_file_args() {
        return None;
    }
    let cmd = site.command?;
    let program = match sem.shape(cmd).as_literal() {
        Some(p) => p,
        None if is_exec_path(sem, cmd) => "node".to_string(),
        None => return chosen_shell(sem, cmd, argv),
    };
    let family = shell_family(program.trim())?;
    let elems = argv.elements()?;
    if family == ShellFamily::Interpreter {
        let base = program.trim().rsplit(['/', '\\']).next().unwrap_or(&program).to_ascii_lowercase();
        let base = base.strip_suffix(".exe").unwrap_or(&base);
        let base = if base.starts_with("python") || base == "py" { "python" } else { base };
        let (flag_at, flag, script) = interpreter_scripts(sem, base, elems)?;
        return Some(ExplicitShell { family, program, flag, flag_at, script, argc: elems.len(), chosen: false });
    }
    let mut flag_at = None;
    for (i, el) in elems.iter().enumerate() {
        if el.spread.is_some() {
            return None;
        }
        let Some(text) = sem.shape(&el.expr).as_literal() else {
            continue;
        };
        if is_script_flag(family, &text) {
            flag_at = Some((i, text));
            break;
        }
    }
    let (at, flag) = flag_at?;
    let script: Vec<&'a ExprOrSpread> = match family {
        ShellFamily::Posix => elems.get(at + 1).copied().into_iter().collect(),
        _ => elems[at + 1..].to_vec(),
    };
    Some(ExplicitShell {
        family,
        program: program.to_string(),
        flag,
        flag_at: at,
        script,
        argc: elems.len(),
        chosen: false,
    })
}

/// A program picked among shells at run time (`win ? "cmd.exe" : "/bin/sh"`, a
/// variable set in each branch, `getShell()`), with a flag that is a script flag of
/// those shells (`win ? "/c" : "-c"`): the element after the flag is a script
/// whichever shell runs. Interpreters are not followed through a choice.
fn chosen_shell<'a>(sem: &Semantic<'a>, cmd: &'a Expr, argv: &Argv<'a>) -> Option<ExplicitShell<'a>> {
    // An empty program makes `spawn` throw: it runs nothing.
    let programs: Vec<String> = sem.literal_values(cmd)?.into_iter().filter(|p| !p.is_empty()).collect();
    if programs.is_empty() {
        return None;
    }
    let mut families = Vec::new();
    for p in &programs {
        let f = shell_family(p.trim())?;
        if f == ShellFamily::Interpreter {
            return None;
        }
        families.push(f);
    }
    let elems = argv.elements()?;
    for (i, el) in elems.iter().enumerate() {
        if el.spread.is_some() {
            return None;
        }
        let Some(flags) = sem.literal_values(&el.expr) else { continue };
        if flags.is_empty() || !flags.iter().all(|f| families.iter().any(|fam| is_script_flag(*fam, f))) {
            continue;
        }
        let at = programs.iter().position(|p| shell_family(p.trim()) == Some(ShellFamily::Posix)).unwrap_or(0);
        let flag = flags.iter().find(|f| is_script_flag(families[at], f)).unwrap_or(&flags[0]).clone();
        return Some(ExplicitShell {
            family: families[at],
            program: programs[at].clone(),
            flag,
            flag_at: i,
            // The one element after the flag is the script for every family.
            script: elems.get(i + 1).copied().into_iter().collect(),
            argc: elems.len(),
            chosen: true,
        });
    }
    None
}

/// Wrapper modules whose options are `child_process`'s own.
fn same_options_as_node(site: &CallSite<'_>) -> bool {
    site.wrapper.is_none_or(crate::models::passes_node_options)
}

/// `process.execPath`.
fn is_exec_path(sem: &Semantic<'_>, e: &Expr) -> bool {
    if let Expr::Member(m) = unparen(e)
        && let (Expr::Ident(o), Some(p)) = (unparen(&m.obj), member_name(&m.prop))
        && o.sym == *"process"
        && sem.is_unresolved(o.ctxt)
        && p == "execPath"
    {
        return true;
    }
    false
}

/// The program a call runs, when its text is known.
fn program_name<'a>(sem: &Semantic<'a>, site: &CallSite<'a>) -> Option<String> {
    let cmd = site.command?;
    if is_exec_path(sem, cmd) {
        return Some("node".into());
    }
    // A variable assigned several commands (`cmd = a` in one branch, `cmd = b` in
    // another): a name only when every assignment agrees on it.
    if let Expr::Ident(i) = unparen(cmd)
        && let Some(b) = sem.bindings.get(i)
        && let Decl::Var { init, .. } = &b.decl
    {
        let plain: Vec<&Expr> = b.assigns.iter().filter(|(op, _)| *op == AssignOp::Assign).map(|(_, e)| *e).collect();
        if !plain.is_empty() {
            let mut names = Vec::new();
            let candidates = init.iter().copied().filter(|e| sem.shape(e).as_literal().as_deref() != Some(""));
            for e in candidates.chain(plain) {
                names.push(first_program(site, &sem.shape(e)));
            }
            let first = names.first().cloned().flatten();
            return if names.iter().all(|n| *n == first) { first } else { None };
        }
    }
    first_program(site, &sem.shape(cmd))
}

fn first_program(site: &CallSite<'_>, shape: &Shape) -> Option<String> {
    let Some(Part::Lit(first)) = shape.parts.first() else {
        return None;
    };
    let word = if site.api.is_shell_string() || site.api == Api::ExecaCommand {
        first.split_whitespace().next()?.to_string()
    } else {
        if shape.parts.len() > 1 {
            return None;
        }
        first.trim().to_string()
    };
    // Shell syntax rather than a program (`for f in ...`, `VAR=1 cmd`, `(cd x && ...)`).
    if SHELL_WORDS.contains(&word.as_str())
        || word.contains(['=', '(', '$', '`', '{'])
        || word.starts_with([';', '|', '&'])
    {
        return None;
    }
    let base = word.rsplit(['/', '\\']).next().unwrap_or(&word);
    let lower = base.to_ascii_lowercase();
    let cut = if lower.ends_with(".exe") || lower.ends_with(".cmd") { base.len() - 4 } else { base.len() };
    let base = base[..cut].to_string();
    (!base.is_empty()).then_some(base)
}

const SHELL_WORDS: &[&str] =
    &["for", "if", "while", "until", "case", "do", "then", "export", "set", "exec", "eval", "!", "[", "[["];

/// The first constant word after the program that does not start with `-`: the
/// second word of a constant shell command's leading text, or the first such argv
/// element.
fn subcommand<'a>(sem: &Semantic<'a>, site: &CallSite<'a>, argv: &Argv<'a>) -> Option<String> {
    let plain = |w: &str| !w.is_empty() && !w.starts_with('-') && !w.contains(['$', '`', '|', '&', ';', '>', '<']);
    if site.api.is_shell_string() || site.api == Api::ExecaCommand {
        let Some(Part::Lit(first)) = sem.shape(site.command?).parts.first().cloned() else {
            return None;
        };
        let mut words = first.split_whitespace();
        words.next()?;
        // Only when the word is complete (followed by more text, or the whole command).
        let word = words.next()?;
        return plain(word).then(|| word.to_string());
    }
    for el in argv.elements()? {
        if el.spread.is_some() {
            return None;
        }
        let text = sem.shape(&el.expr).as_literal()?;
        if text.starts_with('-') {
            continue;
        }
        return plain(&text).then(|| text.to_string());
    }
    None
}

fn slot_of<'a>(sem: &Semantic<'a>, e: Option<&'a Expr>) -> Slot {
    let Some(e) = e else { return Slot::Pipe };
    match unparen(e) {
        Expr::Lit(Lit::Null(_)) => Slot::Pipe,
        Expr::Ident(i) if sem.is_unresolved(i.ctxt) && i.sym == *"undefined" => Slot::Pipe,
        other => match sem.shape(other).as_literal().as_deref() {
            Some("pipe" | "overlapped") => Slot::Pipe,
            Some("inherit" | "0" | "1" | "2") => Slot::Inherit,
            Some(_) => Slot::Other,
            None => match other {
                Expr::Member(m)
                    if matches!(unparen(&m.obj), Expr::Ident(o) if o.sym == *"process" && sem.is_unresolved(o.ctxt))
                        && matches!(member_name(&m.prop).as_deref(), Some("stdin" | "stdout" | "stderr")) =>
                {
                    Slot::Inherit
                }
                Expr::Lit(Lit::Num(_)) | Expr::Member(_) => Slot::Other,
                _ => Slot::Unknown,
            },
        },
    }
}

/// The stdin/stdout/stderr setup of a call, or `None` when the options cannot be read.
fn stdio<'a>(sem: &Semantic<'a>, site: &CallSite<'a>) -> Option<[Slot; 3]> {
    let default = if site.api == Api::Fork {
        // fork inherits the parent's stdio unless `silent` is set.
        match sem.option_truthiness(site, "silent")? {
            Tri::True => [Slot::Pipe; 3],
            Tri::False => [Slot::Inherit; 3],
            Tri::Unknown => [Slot::Unknown; 3],
        }
    } else {
        [Slot::Pipe; 3]
    };
    let entry = match sem.option(site, "stdio") {
        Opt::Unknown => return None,
        Opt::Absent => return Some(default),
        Opt::Present(e) => e,
    };
    let Some(PropValue::Expr(v)) = entry.value else {
        return Some([Slot::Unknown; 3]);
    };
    match unparen(v) {
        Expr::Array(a) => {
            let mut out = [Slot::Pipe; 3];
            for (i, slot) in out.iter_mut().enumerate() {
                *slot = match a.elems.get(i) {
                    Some(Some(el)) if el.spread.is_some() => Slot::Unknown,
                    Some(Some(el)) => slot_of(sem, Some(&el.expr)),
                    _ => Slot::Pipe,
                };
            }
            Some(out)
        }
        other => {
            let s = slot_of(sem, Some(other));
            Some([s; 3])
        }
    }
}

impl<'a> Semantic<'a> {
    /// Whether the function `f` (written here) reads its parameter `index`: `None`
    /// when `f` is not a function expression, `Some(false)` when the parameter is
    /// missing or never used.
    pub fn param_read(&self, f: &'a Expr, index: usize) -> Option<bool> {
        let params: Vec<&Pat> = match unparen(f) {
            Expr::Fn(func) => func.function.params.iter().map(|p| &p.pat).collect(),
            Expr::Arrow(a) => a.params.iter().collect(),
            _ => return None,
        };
        match params.get(index) {
            None => Some(false),
            Some(Pat::Ident(b)) => Some(self.bindings.get(&b.id).is_some_and(|x| x.escapes > 0)),
            Some(Pat::Assign(a)) => match &*a.left {
                Pat::Ident(b) => Some(self.bindings.get(&b.id).is_some_and(|x| x.escapes > 0)),
                _ => Some(true),
            },
            Some(_) => Some(true),
        }
    }
}
