//! Helpers shared by rules (not a rule): program names, stdio, finding shapes.

use swc_common::Spanned;
use swc_ecma_ast::{Expr, Lit};

use crate::emit::{Label, RawFinding};
use crate::semantic::resolve::unparen;
use crate::semantic::values::PropValue;
use crate::semantic::{Api, CallSite, Opt, Part, Semantic, range};

/// A finding at `site` with the callee as the primary label.
pub fn at_call(site: &CallSite<'_>, label: &str, message: String, help: String, note: Option<&str>) -> RawFinding {
    let (start, end) = range(site.span);
    let (cs, ce) = range(site.callee_span);
    RawFinding {
        start,
        end,
        primary: Label { start: cs, end: ce, text: label.to_string() },
        message,
        help: Some(help),
        note: note.map(str::to_string),
        labels: Vec::new(),
        fix: None,
    }
}

pub fn label_at(span: swc_common::Span, text: &str) -> Label {
    let (start, end) = range(span);
    Label { start, end, text: text.to_string() }
}

/// Adds a label on the options argument when it is written in the call.
pub fn label_options(f: &mut RawFinding, site: &CallSite<'_>, text: &str) {
    if let Some(o) = site.options {
        let l = label_at(o.span(), text);
        if l.start >= f.start && l.end <= f.end {
            f.labels.push(l);
        }
    }
}

/// The program a call runs, when its text is known: the first word of a shell
/// command, or the file of `execFile`/`spawn`, without directory and `.exe`.
pub fn program_name<'a>(sem: &Semantic<'a>, site: &CallSite<'a>) -> Option<String> {
    let cmd = site.command?;
    if let Expr::Member(m) = unparen(cmd)
        && let (Expr::Ident(o), Some(p)) = (unparen(&m.obj), crate::semantic::resolve::member_name(&m.prop))
        && o.sym == *"process"
        && sem.is_unresolved(o.ctxt)
        && p == "execPath"
    {
        return Some("node".into());
    }
    // A variable assigned several commands (`cmd = a` in one branch, `cmd = b` in
    // another): a name only when every assignment agrees on it.
    if let Expr::Ident(i) = unparen(cmd)
        && let Some(b) = sem.bindings.get(i)
        && let crate::semantic::Decl::Var { init, .. } = &b.decl
    {
        let plain: Vec<&Expr> =
            b.assigns.iter().filter(|(op, _)| *op == swc_ecma_ast::AssignOp::Assign).map(|(_, e)| *e).collect();
        if !plain.is_empty() {
            let mut names = Vec::new();
            let candidates = init.iter().copied().filter(|e| sem.shape(e).as_literal().as_deref() != Some(""));
            for e in candidates.chain(plain) {
                names.push(first_program(sem, site, &sem.shape(e)));
            }
            let first = names.first().cloned().flatten();
            return if names.iter().all(|n| *n == first) { first } else { None };
        }
    }
    first_program(sem, site, &sem.shape(cmd))
}

fn first_program(_sem: &Semantic<'_>, site: &CallSite<'_>, shape: &crate::semantic::Shape) -> Option<String> {
    let Some(Part::Lit(first)) = shape.parts.first() else {
        return None;
    };
    let word = if site.api.is_shell_string() {
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
    // As written (`Rscript`); rules compare it with `to_ascii_lowercase`.
    let base = word.rsplit(['/', '\\']).next().unwrap_or(&word);
    let lower = base.to_ascii_lowercase();
    let cut = if lower.ends_with(".exe") || lower.ends_with(".cmd") { base.len() - 4 } else { base.len() };
    let base = base[..cut].to_string();
    (!base.is_empty()).then_some(base)
}

const SHELL_WORDS: &[&str] =
    &["for", "if", "while", "until", "case", "do", "then", "export", "set", "exec", "eval", "!", "[", "[["];

/// Commands that finish at once whatever their input (they print, or read a small
/// file): a time limit on them is noise. `missing-timeout` skips them.
pub const QUICK_COMMANDS: &[&str] = &[
    "echo", "printf", "cat", "uname", "which", "where", "whoami", "id", "hostname", "pwd", "date", "true", "false",
    "basename", "dirname", "nproc", "getconf", "arch", "sw_vers", "ver", "type", "command", "test", "tput", "stty",
    "sysctl", "wc", "head", "ls", "cd", "umask", "ulimit", "whereis",
];

/// How one stdio slot is set up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    Pipe,
    Other,
    Unknown,
}

fn slot_of<'a>(sem: &Semantic<'a>, e: Option<&'a Expr>) -> Slot {
    let Some(e) = e else { return Slot::Pipe };
    match unparen(e) {
        Expr::Lit(Lit::Null(_)) => Slot::Pipe,
        Expr::Ident(i) if sem.is_unresolved(i.ctxt) && i.sym == *"undefined" => Slot::Pipe,
        other => match sem.shape(other).as_literal().as_deref() {
            Some("pipe" | "overlapped") => Slot::Pipe,
            Some(_) => Slot::Other,
            None => match other {
                Expr::Lit(Lit::Num(_)) | Expr::Member(_) => Slot::Other,
                _ => Slot::Unknown,
            },
        },
    }
}

/// The stdin/stdout/stderr setup of a call: `[stdin, stdout, stderr]`, or `None`
/// when the options cannot be read.
pub fn stdio<'a>(sem: &Semantic<'a>, site: &CallSite<'a>) -> Option<[Slot; 3]> {
    let default = if site.api == Api::Fork {
        // fork inherits the parent's stdio unless `silent` is set.
        match sem.option_truthiness(site, "silent")? {
            crate::semantic::Tri::True => [Slot::Pipe; 3],
            crate::semantic::Tri::False => [Slot::Other; 3],
            crate::semantic::Tri::Unknown => [Slot::Unknown; 3],
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

/// Splits an identifier into lowercase words: `apiKey` → [api, key], `API_TOKEN` →
/// [api, token].
pub fn words(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let chars: Vec<char> = name.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_alphanumeric() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        let boundary = c.is_uppercase()
            && !cur.is_empty()
            && (chars[i - 1].is_lowercase() || chars.get(i + 1).is_some_and(|n| n.is_lowercase()));
        if boundary {
            out.push(std::mem::take(&mut cur));
        }
        cur.extend(c.to_lowercase());
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// The last name in an expression's text: `config.db.password` → `password`,
/// `process.env["API_TOKEN"]` → `API_TOKEN`, `getToken()` → `getToken`.
pub fn last_name(text: &str) -> String {
    let t = text.trim().trim_end_matches("()");
    let t = t.trim_end_matches([']', '"', '\'', '`']);
    // After the last character that cannot be in a name (which may be several bytes).
    let start = t
        .char_indices()
        .rfind(|&(_, c)| !(c.is_alphanumeric() || c == '_' || c == '$'))
        .map_or(0, |(i, c)| i + c.len_utf8());
    t[start..].to_string()
}

/// Wrapper modules whose options are `child_process`'s own.
pub fn same_options_as_node(site: &CallSite<'_>) -> bool {
    match site.wrapper {
        None => true,
        Some(w) => matches!(
            w,
            "cross-spawn"
                | "mz/child_process"
                | "child-process-promise"
                | "child-process-async"
                | "promisify-child-process"
        ),
    }
}

/// `spawn`/`fork` children that stay in this file: Node's options, a readable
/// argument list, and a child that does not escape (returned, passed on, stored).
pub fn local_children<'s, 'a>(
    sem: &'s Semantic<'a>,
) -> impl Iterator<Item = (&'s CallSite<'a>, &'s crate::semantic::children::ChildUse<'a>)> {
    sem.calls.iter().zip(&sem.children).filter(|(site, use_)| {
        matches!(site.api, Api::Spawn | Api::Fork) && same_options_as_node(site) && !site.spread && !use_.escapes
    })
}
