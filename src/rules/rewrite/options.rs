//! Edits to a call's options object: add a property to the object literal written
//! in the call, or pass a new `{ key: value }` in the options slot when the call
//! has none (before the callback: `exec(cmd, cb)` → `exec(cmd, { … }, cb)`).
//!
//! Options cplint cannot edit in place — a variable (other uses would change too),
//! a parameter, a call, an argument list with a spread, an argument that may be the
//! argument array or the options — give an `Err` with the reason, for advice.

use swc_common::Spanned;
use swc_ecma_ast::*;

use crate::emit::Edit;
use crate::semantic::call_sites::looks_like_array;
use crate::semantic::resolve::unparen;
use crate::semantic::{Api, CallSite, Semantic, range};

/// The options object literal written in the call, when there is one.
pub fn literal<'a>(site: &CallSite<'a>) -> Option<&'a ObjectLit> {
    let Expr::Object(o) = unparen(site.options?) else { return None };
    let ((os, oe), (cs, ce)) = (range(o.span), range(site.span));
    (os >= cs && oe <= ce).then_some(o)
}

/// The `key: value` property written directly in `o` (not a shorthand, a method or
/// a spread), when there is one.
pub fn key_value<'a>(o: &'a ObjectLit, key: &str) -> Option<&'a KeyValueProp> {
    o.props.iter().find_map(|p| match p {
        PropOrSpread::Prop(p) => match &**p {
            Prop::KeyValue(kv) if prop_key(&kv.key).as_deref() == Some(key) => Some(kv),
            _ => None,
        },
        PropOrSpread::Spread(_) => None,
    })
}

/// Whether `o` names `key` other than as a plain `key: value` (`{ key }`, a getter, a
/// computed key cplint cannot read).
fn names_otherwise(o: &ObjectLit, key: &str) -> bool {
    o.props.iter().any(|p| match p {
        PropOrSpread::Prop(p) => match &**p {
            Prop::KeyValue(kv) => prop_key(&kv.key).is_none(),
            Prop::Shorthand(i) => &*i.sym == key,
            Prop::Getter(g) => prop_key(&g.key).is_none_or(|k| k == key),
            Prop::Setter(s) => prop_key(&s.key).is_none_or(|k| k == key),
            Prop::Method(m) => prop_key(&m.key).is_none_or(|k| k == key),
            Prop::Assign(_) => true,
        },
        PropOrSpread::Spread(_) => false,
    })
}

fn prop_key(k: &PropName) -> Option<String> {
    match k {
        PropName::Ident(i) => Some(i.sym.as_str().to_owned()),
        PropName::Str(s) => Some(s.value.to_string_lossy().into_owned()),
        _ => None,
    }
}

/// Edits that make the call's option `key` hold `value` (source text): the value of
/// a `key: …` written in the options literal is replaced, otherwise the property is
/// added to the literal, or a new options object goes in the options slot. The
/// caller has established that the option is absent or may be replaced.
pub fn set_option<'a>(sem: &Semantic<'a>, site: &CallSite<'a>, key: &str, value: &str) -> Result<Vec<Edit>, String> {
    if site.spread || site.is_new {
        return Err("the arguments include a spread".into());
    }
    let prop = format!("{key}: {value}");
    if let Some(opts) = site.options {
        let Some(o) = literal(site) else {
            return Err(format!(
                "the options `{}` are not an object written in the call",
                sem.snippet(opts.span(), 30)
            ));
        };
        if let Some(kv) = key_value(o, key) {
            let (s, e) = range(kv.value.span());
            return Ok(vec![Edit::new(s, e, value)]);
        }
        if names_otherwise(o, key) {
            return Err(format!("the options object may set `{key}` in a way cplint does not edit"));
        }
        return add_property(sem.src, o, &prop).map(|e| vec![e]);
    }
    // No options: a new object goes right after the command (shell-string APIs) or the
    // argument array, before the callback if there is one.
    let before = match site.api {
        Api::Exec | Api::ExecSync | Api::ExecaCommand => site.command,
        _ => match site.args {
            Some(a) if looks_like_array(sem, a) == Some(true) => Some(a),
            Some(a) => {
                return Err(format!(
                    "cplint cannot tell whether `{}` is the argument array or the options",
                    sem.snippet(a.span(), 30)
                ));
            }
            None => site.command,
        },
    };
    let Some(before) = before else { return Err("the call has no command argument".into()) };
    let idx = site
        .arg_list
        .iter()
        .position(|a| std::ptr::eq(&*a.expr, before))
        .ok_or_else(|| "the arguments are not in the usual order".to_string())?;
    match (site.arg_list.get(idx + 1), site.callback) {
        (None, _) => {}
        (Some(next), Some(cb)) if std::ptr::eq(&*next.expr, cb) => {}
        _ => return Err("the arguments are not in the usual order".into()),
    }
    let (_, end) = range(before.span());
    Ok(vec![Edit::new(end, end, format!(", {{ {prop} }}"))])
}

/// Adds `prop` as the last property of `o`, in the object's layout: on its own line
/// with the indentation of the last property when the object spans lines, keeping a
/// trailing comma.
pub fn add_property(src: &str, o: &ObjectLit, prop: &str) -> Result<Edit, String> {
    let (os, oe) = range(o.span);
    let inner = src.get(os + 1..oe.saturating_sub(1)).ok_or("the object's text is out of range")?;
    let span_of = |p: &PropOrSpread| match p {
        PropOrSpread::Spread(s) => (range(s.dot3_token).0, range(s.expr.span()).1),
        PropOrSpread::Prop(p) => range(p.span()),
    };
    let (Some(first), Some(last)) = (o.props.first(), o.props.last()) else {
        if !inner.trim().is_empty() {
            return Err("the options object holds comments".into());
        }
        return Ok(Edit::new(os, oe, format!("{{ {prop} }}")));
    };
    let (first_start, _) = span_of(first);
    let (last_start, last_end) = span_of(last);
    let multiline = src.get(os + 1..first_start).is_some_and(|t| t.contains('\n'));
    let after = src.get(last_end..oe.saturating_sub(1)).unwrap_or("");
    let gap = after.len() - after.trim_start().len();
    let comma = after.trim_start().starts_with(',').then_some(last_end + gap + 1);
    if multiline {
        let line_start = src[..last_start].rfind('\n').map_or(0, |i| i + 1);
        let indent: String = src[line_start..last_start].chars().take_while(|c| *c == ' ' || *c == '\t').collect();
        return Ok(match comma {
            Some(at) => Edit::new(at, at, format!("\n{indent}{prop},")),
            None => Edit::new(last_end, last_end, format!(",\n{indent}{prop}")),
        });
    }
    Ok(match comma {
        Some(at) => Edit::new(at, at, format!(" {prop},")),
        None => Edit::new(last_end, last_end, format!(", {prop}")),
    })
}
