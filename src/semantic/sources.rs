//! Named sources: where a value that is not a constant comes from, through the
//! bindings of the libraries that hand it to the program (never by spelling).
//!
//! - **HTTP request data**: the request parameter of the handlers registered on an
//!   app whose receiver resolves to a web framework (`express()`,
//!   `express.Router()`, `connect()`, `polka()`, `new Koa()`, `new Router()` of
//!   `koa-router`/`@koa/router`, `fastify()` and the instance its plugins receive,
//!   `Hapi.server()`), with `get`/`post`/`put`/`delete`/`patch`/`all`/`use`/...,
//!   `app.route(path).get(..)`, fastify's `.route({ handler })` and hapi's
//!   `server.route({ handler })`; handlers written inline, by name, in arrays of
//!   middleware or wrapped in one call (`asyncHandler(fn)`). `http(s).createServer`
//!   handlers and `server.on("request", ..)`; Next.js API routes by path
//!   ([`crate::files::route_file`]): the default export under `pages/api/`, the
//!   `GET`/`POST`/... exports of `app/**/route.js`. Express error middleware
//!   `(err, req, res, next)` gets the request second. Everything read from the
//!   request is request data: properties, method calls (`req.get("x")`,
//!   `await request.json()`, `searchParams.get("q")`), `new URL(req.url, base)`
//!   and `url.parse(req.url, true)`.
//! - **Fallback** for handlers registered where cplint cannot see (a controller
//!   exported from another file, a router handed in as a parameter): an exported
//!   function or class method whose parameters are `(req|request, res|response|reply|h, ..)`
//!   or `(err, req, res, next)`, an exported `(ctx, next)` (koa), an exported
//!   `(event, context)` (AWS Lambda), and a function passed to `x.get("/path", ..)`
//!   (a route method with a literal path starting with `/`) whose first parameter
//!   is `req`, `request` or `ctx`. A parameter annotated with a framework's request
//!   type (`req: Request` imported from `express`, `ctx: Koa.Context`,
//!   `FastifyRequest`, `http.IncomingMessage`, `NextRequest`) is request data in
//!   any function.
//! - **Command-line arguments** parsed by a library ([`models::ArgvParser`]):
//!   `yargs(..).argv`/`.parse()`/`.parseSync()` and the argv its `.command(..)`
//!   handlers receive, `yargs-parser`, `minimist`, `subarg`, `get-them-args`,
//!   `meow` (`cli.input`, `cli.flags`), `optimist`, `args` (`.parse()`),
//!   commander (`program.opts()`, `program.args`, `.action((arg, opts) => ..)`),
//!   argparse (`parser.parse_args()`).
//! - **Environment**: `shelljs`' `env`.
//! - **GitHub Actions**: `@actions/core`'s `getInput`/`getMultilineInput`
//!   (`getBooleanInput` is a boolean), `@actions/github`'s `context.payload`.
//! - **stdin**: `fs.readFileSync(0)` and `("/dev/stdin")`, `process.stdin.read()`
//!   and its `data` callbacks, a `readline` interface over `process.stdin`
//!   (`question` answers, `line` callbacks).
//!
//! Handler parameters are found in one walk of the file, the first time a value
//! asks ([`Semantic::sources`]); values are then read through their bindings.

use rustc_hash::FxHashMap as HashMap;
use swc_common::Span;
use swc_ecma_ast::*;

use super::Semantic;
use super::ast::{self, VisitRef};
use super::bindings::{Decl, ImportName, PathStep};
use super::resolve::Sym;
use super::syntax::{member_name, unparen};
use crate::files::RouteFile;
use crate::models::{self, ArgvParser, ModKind, Web};

/// Where a value comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Request,
    /// Command-line arguments, parsed by the named library.
    Argv(&'static str),
    /// The environment, read through the named library.
    Env(&'static str),
    ActionsInput,
    ActionsPayload,
    Stdin,
}

/// Every parameter of the function.
const ALL: usize = usize::MAX;
const MAX_DEPTH: u32 = 32;

/// The parameters of the file's functions that receive source data.
#[derive(Debug, Default)]
pub struct Sources {
    params: HashMap<usize, Vec<(usize, Source)>>,
    /// Parameters that hold an app (a fastify plugin's instance).
    app_params: HashMap<Id, Web>,
    /// Some parameter receives HTTP request data.
    pub has_request: bool,
}

impl Sources {
    /// What parameter `index` of function `func` receives.
    pub fn param(&self, func: usize, index: usize) -> Option<Source> {
        self.params.get(&func)?.iter().find(|(i, _)| *i == index || *i == ALL).map(|(_, s)| *s)
    }

    fn add(&mut self, func: usize, index: usize, s: Source) {
        if s == Source::Request {
            self.has_request = true;
        }
        let v = self.params.entry(func).or_default();
        if !v.iter().any(|(i, _)| *i == index) {
            v.push((index, s));
        }
    }
}

/// A value of a modelled library, as far as sources care.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Val {
    Module(ModKind),
    /// An app, router or server of a web framework.
    App(Web),
    /// A command-line parser being configured.
    Builder(ArgvParser),
    /// Data from a source.
    Data(Source),
    /// A number or boolean from a source (`getBooleanInput`).
    Scalar,
    GetInput,
    GetBooleanInput,
    GithubContext,
    ReadFileSync,
    CreateInterface,
    /// `url.parse`, `URL`, `URLSearchParams`: request data in, request data out.
    ParseUrl,
    /// `process.stdin`, or a `readline` interface reading it.
    Stdin,
    /// A form parser's instance (`formidable()`, `new multiparty.Form()`,
    /// `busboy({ headers: req.headers })`).
    Form,
}

/// Methods that register handlers on an app (or a parser, a stream).
const REGISTERING: &[&str] = &[
    "get",
    "post",
    "put",
    "delete",
    "del",
    "patch",
    "all",
    "use",
    "head",
    "options",
    "route",
    "register",
    "addHook",
    "on",
    "once",
    "addListener",
    "action",
    "command",
    "question",
    "param",
    "parse",
];

/// Route methods whose first argument is a path.
const ROUTE_VERBS: &[&str] = &["get", "post", "put", "delete", "del", "patch", "all", "use", "head", "options"];

/// Methods of an app that return the app (or a route of it): chains.
const CHAINING: &[&str] =
    &["get", "post", "put", "delete", "del", "patch", "all", "use", "head", "options", "route", "register", "prefix"];

fn member_val(base: Val, prop: &str) -> Option<Val> {
    if prop == "default" && matches!(base, Val::Module(_)) {
        return Some(base);
    }
    Some(match base {
        Val::Data(s) => Val::Data(s),
        Val::Module(ModKind::ArgvParser(p)) | Val::Builder(p) if !p.is_function() => {
            if p.parsed_property(prop) {
                Val::Data(Source::Argv(p.name()))
            } else {
                Val::Builder(p)
            }
        }
        Val::Module(ModKind::ArgvParser(ArgvParser::Meow)) => return None,
        Val::Module(ModKind::ArgvParser(p)) => Val::Module(ModKind::ArgvParser(p)),
        Val::Module(ModKind::ActionsCore) => match prop {
            "getInput" | "getMultilineInput" => Val::GetInput,
            "getBooleanInput" => Val::GetBooleanInput,
            _ => return None,
        },
        Val::Module(ModKind::ActionsGithub) if prop == "context" => Val::GithubContext,
        Val::GithubContext if prop == "payload" => Val::Data(Source::ActionsPayload),
        Val::Module(ModKind::Fs) if prop == "readFileSync" => Val::ReadFileSync,
        Val::Module(ModKind::Readline) => match prop {
            "createInterface" => Val::CreateInterface,
            "promises" => base,
            _ => return None,
        },
        Val::Module(ModKind::Wrapper(models::Wrapper::ShellJs)) if prop == "env" => Val::Data(Source::Env("shelljs")),
        Val::Module(ModKind::Web(w)) => Val::Module(ModKind::Web(w)),
        // `formidable.IncomingForm`, `multiparty.Form`.
        Val::Module(ModKind::FormParser) => base,
        Val::Module(ModKind::Http) if matches!(prop, "createServer" | "createSecureServer" | "Server") => {
            Val::Module(ModKind::Web(Web::Http))
        }
        Val::Module(ModKind::Url) if matches!(prop, "parse" | "URL" | "URLSearchParams") => Val::ParseUrl,
        _ => return None,
    })
}

/// `fs.readFileSync(0)`, `("/dev/stdin")`, `(process.stdin.fd)`.
fn reads_stdin(sem: &Semantic<'_>, arg: Option<&ExprOrSpread>) -> bool {
    let Some(a) = arg.filter(|a| a.spread.is_none()) else { return false };
    match unparen(&a.expr) {
        Expr::Lit(Lit::Num(n)) => n.value == 0.0,
        Expr::Lit(Lit::Str(s)) => s.value == *"/dev/stdin",
        Expr::Member(m) => member_name(&m.prop).as_deref() == Some("fd") && is_process_stdin(sem, &m.obj),
        _ => false,
    }
}

fn is_process_stdin(sem: &Semantic<'_>, e: &Expr) -> bool {
    matches!(unparen(e), Expr::Member(m)
        if matches!(unparen(&m.obj), Expr::Ident(o) if o.sym == *"process" && sem.is_unresolved(o.ctxt))
            && member_name(&m.prop).as_deref() == Some("stdin"))
}

impl<'a> Semantic<'a> {
    /// The parameters that receive source data. `None` while they are being
    /// found (a value folded during that walk sees no handler parameters).
    pub fn sources(&self) -> Option<&Sources> {
        if let Some(s) = self.sources.get() {
            return Some(s);
        }
        if self.sources_busy.replace(true) {
            return None;
        }
        let s = collect(self);
        self.sources_busy.set(false);
        let _ = self.sources.set(s);
        self.sources.get()
    }

    /// What `e` is as a whole: data from a named source (`req.query`,
    /// `program.opts()`, `core.getInput("x")`), a library value, or `None`.
    pub fn source_value(&self, e: &'a Expr) -> Option<Val> {
        match self.sources() {
            Some(s) => self.val_at(e, 0, s),
            None => self.val_at(e, 0, &Sources::default()),
        }
    }

    /// [`Semantic::source_value`] of a call.
    pub fn source_value_of_call(&self, e: &'a Expr, c: &'a CallExpr) -> Option<Val> {
        match self.sources() {
            Some(s) => self.call_val(e, c, 0, s),
            None => self.call_val(e, c, 0, &Sources::default()),
        }
    }

    fn val_at(&self, e: &'a Expr, d: u32, srcs: &Sources) -> Option<Val> {
        if d > MAX_DEPTH {
            return None;
        }
        let d = d + 1;
        match unparen(e) {
            Expr::Ident(i) => self.ident_val(i, d, srcs),
            Expr::Member(m) => {
                if is_process_stdin(self, e) {
                    return Some(Val::Stdin);
                }
                let base = self.val_at(&m.obj, d, srcs)?;
                match member_name(&m.prop) {
                    Some(p) => member_val(base, &p),
                    // `req.query[key]`: any property of request data is request data.
                    None => matches!(base, Val::Data(_)).then_some(base),
                }
            }
            // `req.query?.ref`, `req?.body?.cmd`: as without `?.`.
            Expr::OptChain(o) => match &*o.base {
                swc_ecma_ast::OptChainBase::Member(m) => {
                    let base = self.val_at(&m.obj, d, srcs)?;
                    match member_name(&m.prop) {
                        Some(p) => member_val(base, &p),
                        None => matches!(base, Val::Data(_)).then_some(base),
                    }
                }
                swc_ecma_ast::OptChainBase::Call(_) => None,
            },
            Expr::Call(c) => self.call_val(e, c, d, srcs),
            Expr::New(n) => {
                let args = n.args.as_deref().unwrap_or(&[]);
                match unparen(&n.callee) {
                    // `new URL(req.url, base)`, `new URLSearchParams(req.url.split("?")[1])`.
                    Expr::Ident(g) if self.is_unresolved(g.ctxt) && matches!(&*g.sym, "URL" | "URLSearchParams") => {
                        self.url_arg(args, d, srcs)
                    }
                    callee => match self.val_at(callee, d, srcs)? {
                        Val::Module(ModKind::Web(w)) | Val::App(w) => Some(Val::App(w)),
                        Val::Module(ModKind::ArgvParser(p)) | Val::Builder(p) => Some(Val::Builder(p)),
                        Val::ParseUrl => self.url_arg(args, d, srcs),
                        // `new formidable.IncomingForm()`, `new multiparty.Form()`, `new Busboy(..)`.
                        Val::Module(ModKind::FormParser) => Some(Val::Form),
                        _ => None,
                    },
                }
            }
            Expr::Await(a) => self.val_at(&a.arg, d, srcs),
            // `req.query.x || "default"`: the source's whenever it is set.
            Expr::Bin(b) if matches!(b.op, BinaryOp::LogicalOr | BinaryOp::NullishCoalescing) => {
                match self.val_at(&b.left, d, srcs) {
                    Some(v @ Val::Data(_)) => Some(v),
                    _ => match self.val_at(&b.right, d, srcs)? {
                        v @ Val::Data(_) => Some(v),
                        _ => None,
                    },
                }
            }
            _ => None,
        }
    }

    /// The first argument of a URL parser, when it is source data.
    fn url_arg(&self, args: &'a [ExprOrSpread], d: u32, srcs: &Sources) -> Option<Val> {
        let a = args.first().filter(|a| a.spread.is_none())?;
        match self.val_at(&a.expr, d, srcs)? {
            v @ Val::Data(_) => Some(v),
            _ => None,
        }
    }

    fn ident_val(&self, i: &'a Ident, d: u32, srcs: &Sources) -> Option<Val> {
        if self.is_unresolved(i.ctxt) {
            return None;
        }
        let b = self.bindings.get(i)?;
        match &b.decl {
            Decl::Import { module, name, .. } => {
                let v = Val::Module(models::lookup(module)?);
                match name {
                    ImportName::Default | ImportName::Namespace => Some(v),
                    ImportName::Named(n) => member_val(v, n),
                }
            }
            Decl::Var { .. } => {
                let (value, path) = self.binding_value(i)?;
                let mut v = self.val_at(value, d, srcs)?;
                for step in path {
                    v = match (step, v) {
                        (PathStep::Prop(p), _) => member_val(v, p)?,
                        (_, Val::Data(s)) => Val::Data(s),
                        _ => return None,
                    };
                }
                Some(v)
            }
            Decl::Param { func, index, .. } if b.assigns.is_empty() && !b.opaque_writes => {
                if let Some(w) = srcs.app_params.get(&i.to_id()) {
                    return Some(Val::App(*w));
                }
                srcs.param(*func, *index).map(Val::Data)
            }
            Decl::LoopOf { iterable } if b.assigns.is_empty() && !b.opaque_writes => {
                match self.val_at(iterable, d, srcs)? {
                    Val::Data(s) => Some(Val::Data(s)),
                    // `for await (const line of rl)`
                    Val::Stdin => Some(Val::Data(Source::Stdin)),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    fn call_val(&self, e: &'a Expr, c: &'a CallExpr, d: u32, srcs: &Sources) -> Option<Val> {
        let Callee::Expr(callee) = &c.callee else {
            // `import("yargs")`
            return match self.sym_of(e) {
                Sym::Module(kind, _) => Some(Val::Module(kind)),
                _ => None,
            };
        };
        match unparen(callee) {
            Expr::Member(m) => {
                let name = member_name(&m.prop)?;
                // `tslib_1.__importDefault(require("yargs"))`
                if name.starts_with('_')
                    && let Sym::Module(kind, _) = self.sym_of(e)
                {
                    return Some(Val::Module(kind));
                }
                let base = self.val_at(&m.obj, d, srcs)?;
                self.method_val(base, &name, c, d, srcs)
            }
            Expr::Ident(_) => {
                // `require("yargs")`, `_interopRequireDefault(require("yargs"))`
                if let Sym::Module(kind, _) = self.sym_of(e) {
                    return Some(Val::Module(kind));
                }
                let f = self.val_at(callee, d, srcs)?;
                self.call_of(f, c, d, srcs)
            }
            other => {
                let f = self.val_at(other, d, srcs)?;
                self.call_of(f, c, d, srcs)
            }
        }
    }

    /// What calling a library value returns.
    fn call_of(&self, f: Val, c: &'a CallExpr, d: u32, srcs: &Sources) -> Option<Val> {
        match f {
            Val::Module(ModKind::ArgvParser(p)) | Val::Builder(p) => {
                Some(if p.is_function() { Val::Data(Source::Argv(p.name())) } else { Val::Builder(p) })
            }
            Val::Module(ModKind::Web(w)) => Some(Val::App(w)),
            Val::GetInput => Some(Val::Data(Source::ActionsInput)),
            Val::GetBooleanInput => Some(Val::Scalar),
            Val::ReadFileSync => reads_stdin(self, c.args.first()).then_some(Val::Data(Source::Stdin)),
            Val::CreateInterface => {
                // `readline.createInterface({ input: process.stdin })`
                let a = c.args.first().filter(|a| a.spread.is_none())?;
                let Expr::Object(o) = unparen(&a.expr) else { return None };
                is_process_stdin(self, self.object_prop(o, "input")?).then_some(Val::Stdin)
            }
            Val::ParseUrl => self.url_arg(&c.args, d, srcs),
            // `formidable(opts)`, `busboy({ headers })`, `formidable.formidable()`.
            Val::Module(ModKind::FormParser) => Some(Val::Form),
            _ => None,
        }
    }

    /// Whether the first argument is the HTTP request (or data of it).
    fn request_arg(&self, args: &'a [ExprOrSpread], d: u32, srcs: &Sources) -> bool {
        args.first()
            .filter(|a| a.spread.is_none())
            .is_some_and(|a| matches!(self.val_at(&a.expr, d, srcs), Some(Val::Data(Source::Request))))
    }

    /// What `base.name(..)` returns.
    fn method_val(&self, base: Val, name: &str, c: &'a CallExpr, d: u32, srcs: &Sources) -> Option<Val> {
        match base {
            // `req.get("x")`, `await request.json()`, `url.searchParams.get("q")`.
            Val::Data(s) => Some(Val::Data(s)),
            Val::Module(ModKind::ArgvParser(p)) | Val::Builder(p) => {
                if p.is_function() || p.parses(name) {
                    Some(Val::Data(Source::Argv(p.name())))
                } else {
                    Some(Val::Builder(p))
                }
            }
            Val::App(w) => CHAINING.contains(&name).then_some(Val::App(w)),
            // `express.Router()`, `Hapi.server()`, `fastify.fastify()`.
            Val::Module(ModKind::Web(w)) => Some(Val::App(w)),
            Val::Stdin => matches!(name, "question" | "read").then_some(Val::Data(Source::Stdin)),
            // `const [fields, files] = await form.parse(req)` (formidable 3).
            Val::Form if name == "parse" => self.request_arg(&c.args, d, srcs).then_some(Val::Data(Source::Request)),
            Val::Module(_) | Val::GithubContext => {
                let f = member_val(base, name)?;
                self.call_of(f, c, d, srcs)
            }
            _ => None,
        }
    }
}

/// The function an argument denotes, written inline or a binding of one: its
/// index in the function table and its parameters.
fn function_of<'a>(sem: &Semantic<'a>, by_span: &HashMap<Span, usize>, e: &'a Expr) -> Option<(usize, Vec<&'a Pat>)> {
    let fn_params = |f: &'a Function| (f.span, f.params.iter().map(|p| &p.pat).collect::<Vec<_>>());
    let arrow_params = |a: &'a ArrowExpr| (a.span, a.params.iter().collect::<Vec<_>>());
    let (span, params) = match unparen(e) {
        Expr::Fn(f) => fn_params(&f.function),
        Expr::Arrow(a) => arrow_params(a),
        Expr::Ident(i) => match &sem.bindings.get(i)?.decl {
            Decl::Function { node, .. } => fn_params(node),
            Decl::Var { init: Some(init), path, .. } if path.is_empty() => match unparen(init) {
                Expr::Fn(f) => fn_params(&f.function),
                Expr::Arrow(a) => arrow_params(a),
                _ => return None,
            },
            _ => return None,
        },
        _ => return None,
    };
    Some((*by_span.get(&span)?, params))
}

/// The first parameter's binding of a function written inline.
fn first_param(e: &Expr) -> Option<Id> {
    let p = match unparen(e) {
        Expr::Fn(f) => &f.function.params.first()?.pat,
        Expr::Arrow(a) => a.params.first()?,
        _ => return None,
    };
    match p {
        Pat::Ident(b) => Some(b.id.to_id()),
        _ => None,
    }
}

fn ident_name(p: &Pat) -> Option<&str> {
    match p {
        Pat::Ident(b) => Some(&b.id.sym),
        Pat::Assign(a) => ident_name(&a.left),
        _ => None,
    }
}

fn str_arg(args: &[ExprOrSpread], i: usize) -> Option<String> {
    match args.get(i).map(|a| unparen(&a.expr)) {
        Some(Expr::Lit(Lit::Str(s))) => Some(s.value.to_string_lossy().into_owned()),
        _ => None,
    }
}

/// `"/users/:id"`, `` `/api/${v}` ``, `["/a", "/b"]`: a route path.
fn is_route_path(e: &Expr) -> bool {
    match unparen(e) {
        Expr::Lit(Lit::Str(s)) => s.value.to_string_lossy().starts_with('/'),
        Expr::Tpl(t) => t.quasis.first().is_some_and(|q| q.raw.starts_with('/')),
        Expr::Array(a) => !a.elems.is_empty() && a.elems.iter().flatten().all(|e| is_route_path(&e.expr)),
        _ => false,
    }
}

/// Whether a request parameter is named as handlers name it, at `index`.
fn request_named(params: &[&Pat], with_ctx: bool) -> Option<usize> {
    let names: Vec<Option<&str>> = params.iter().map(|p| ident_name(p)).collect();
    let is_req = |n: Option<&str>| matches!(n, Some("req" | "request")) || (with_ctx && n == Some("ctx"));
    let is_res = |n: Option<&str>| matches!(n, Some("res" | "response" | "reply" | "h"));
    match names.as_slice() {
        [Some("err" | "error"), r, s, Some("next")] if is_req(*r) && is_res(*s) => Some(1),
        [r, ..] if with_ctx && is_req(*r) => Some(0),
        [r, s, ..] if is_req(*r) && is_res(*s) => Some(0),
        _ => None,
    }
}

/// Types whose value is the HTTP request: (module, exported type names).
const REQUEST_TYPES: &[(&str, &[&str])] = &[
    ("express", &["Request"]),
    ("express-serve-static-core", &["Request"]),
    ("koa", &["Context", "ParameterizedContext", "DefaultContext", "Request"]),
    ("@koa/router", &["RouterContext"]),
    ("koa-router", &["RouterContext", "IRouterContext"]),
    ("fastify", &["FastifyRequest"]),
    ("@hapi/hapi", &["Request"]),
    ("hapi", &["Request"]),
    ("http", &["IncomingMessage"]),
    ("node:http", &["IncomingMessage"]),
    ("next", &["NextApiRequest"]),
    ("next/server", &["NextRequest"]),
];

fn is_request_type(module: &str, name: &str) -> bool {
    REQUEST_TYPES.iter().any(|(m, names)| *m == module && names.contains(&name))
}

/// A parameter annotated with a request type imported from its framework:
/// `req: Request` (`import { Request } from "express"`), `ctx: Koa.Context`,
/// `request: FastifyRequest<..>`, `req: http.IncomingMessage`.
fn has_request_type(sem: &Semantic<'_>, p: &Pat) -> bool {
    let ann = match p {
        Pat::Ident(b) => b.type_ann.as_deref(),
        Pat::Object(o) => o.type_ann.as_deref(),
        Pat::Assign(a) => return has_request_type(sem, &a.left),
        _ => None,
    };
    let Some(TsType::TsTypeRef(r)) = ann.map(|a| &*a.type_ann) else { return false };
    let import_of = |i: &Ident| match sem.bindings.get(i).map(|b| &b.decl) {
        Some(Decl::Import { module, name, .. }) => Some((module.clone(), name.clone())),
        _ => None,
    };
    match &r.type_name {
        TsEntityName::Ident(i) => {
            matches!(import_of(i), Some((m, ImportName::Named(n))) if is_request_type(&m, &n))
        }
        TsEntityName::TsQualifiedName(q) => match &q.left {
            TsEntityName::Ident(i) => matches!(import_of(i),
                Some((m, ImportName::Default | ImportName::Namespace)) if is_request_type(&m, &q.right.sym)),
            _ => false,
        },
    }
}

struct Walker<'s, 'a> {
    sem: &'s Semantic<'a>,
    srcs: Sources,
    by_span: HashMap<Span, usize>,
}

fn collect(sem: &Semantic<'_>) -> Sources {
    let by_span: HashMap<Span, usize> = sem.bindings.funcs.iter().enumerate().map(|(i, f)| (f.span, i)).collect();
    let mut w = Walker { sem, srcs: Sources::default(), by_span };
    match sem.route_file {
        RouteFile::None => {}
        RouteFile::PagesApi => {
            for (name, f) in super::export_list::exported_functions(sem) {
                if name.is_none() {
                    w.srcs.add(f, 0, Source::Request);
                }
            }
        }
        RouteFile::AppRoute => {
            for (name, f) in super::export_list::exported_functions(sem) {
                if matches!(name.as_deref(), Some("GET" | "POST" | "PUT" | "PATCH" | "DELETE" | "HEAD" | "OPTIONS")) {
                    // `(request, { params })`: the path's parameters too.
                    w.srcs.add(f, 0, Source::Request);
                    w.srcs.add(f, 1, Source::Request);
                }
            }
        }
    }
    ast::walk_program(&mut w, sem.program);
    w.srcs
}

impl<'a> Walker<'_, 'a> {
    /// The functions an argument of a route registration hands over: inline, by
    /// name, in an array, in a route object (`{ handler }`, `{ options: { handler } }`),
    /// or wrapped in one call (`asyncHandler(fn)`).
    fn handlers_in(&self, e: &'a Expr, depth: u32, out: &mut Vec<(usize, Vec<&'a Pat>)>) {
        if depth > 3 {
            return;
        }
        if let Some(f) = function_of(self.sem, &self.by_span, e) {
            out.push(f);
            return;
        }
        match unparen(e) {
            Expr::Array(a) => {
                for el in a.elems.iter().flatten() {
                    self.handlers_in(&el.expr, depth + 1, out);
                }
            }
            Expr::Object(o) => {
                for p in &o.props {
                    let PropOrSpread::Prop(p) = p else { continue };
                    match &**p {
                        Prop::KeyValue(kv) => {
                            let key = match &kv.key {
                                PropName::Ident(i) => i.sym.as_str().to_owned(),
                                PropName::Str(s) => s.value.to_string_lossy().into_owned(),
                                _ => continue,
                            };
                            if matches!(
                                key.as_str(),
                                "handler" | "preHandler" | "onRequest" | "preValidation" | "options" | "config"
                            ) {
                                self.handlers_in(&kv.value, depth + 1, out);
                            }
                        }
                        Prop::Method(m) if matches!(&m.key, PropName::Ident(i) if i.sym == *"handler") => {
                            if let Some(&f) = self.by_span.get(&m.function.span) {
                                out.push((f, m.function.params.iter().map(|p| &p.pat).collect()));
                            }
                        }
                        _ => {}
                    }
                }
            }
            Expr::Call(c) => {
                for a in c.args.iter().filter(|a| a.spread.is_none()) {
                    if let Some(f) = function_of(self.sem, &self.by_span, &a.expr) {
                        out.push(f);
                    }
                }
            }
            _ => {}
        }
    }

    fn handlers(&self, args: &'a [ExprOrSpread]) -> Vec<(usize, Vec<&'a Pat>)> {
        let mut out = Vec::new();
        for a in args.iter().filter(|a| a.spread.is_none()) {
            self.handlers_in(&a.expr, 0, &mut out);
        }
        out
    }

    fn add_requests(&mut self, w: Web, args: &'a [ExprOrSpread]) {
        for (f, params) in self.handlers(args) {
            let index = if w == Web::Express && params.len() >= 4 { 1 } else { 0 };
            self.srcs.add(f, index, Source::Request);
        }
    }

    fn registration(&mut self, n: &'a CallExpr) {
        let Callee::Expr(callee) = &n.callee else { return };
        if n.args.is_empty() {
            return;
        }
        if matches!(self.sem.sym_of(callee), Sym::CreateServer) {
            self.add_requests(Web::Http, &n.args);
            return;
        }
        let Expr::Member(m) = unparen(callee) else { return };
        let Some(method) = member_name(&m.prop) else { return };
        let method = &*method;
        let iterating = matches!(method, "forEach" | "map" | "flatMap" | "filter" | "some" | "every" | "find");
        if !REGISTERING.contains(&method) && !iterating {
            return;
        }
        let recv = self.sem.val_at(&m.obj, 0, &self.srcs);
        if iterating {
            // `req.files.forEach((f) => ..)`: each element is the request's.
            if let Some(Val::Data(src)) = recv {
                for (f, _) in self.handlers(&n.args[..1.min(n.args.len())]) {
                    self.srcs.add(f, 0, src);
                }
            }
            return;
        }
        match recv {
            Some(Val::App(w)) => self.app_call(w, method, n),
            Some(Val::Builder(ArgvParser::Commander)) if method == "action" => {
                for (f, _) in self.handlers(&n.args) {
                    self.srcs.add(f, ALL, Source::Argv("commander"));
                }
            }
            Some(Val::Builder(ArgvParser::Yargs) | Val::Module(ModKind::ArgvParser(ArgvParser::Yargs)))
                if method == "command" =>
            {
                // `.command(cmd, desc, builder, handler)`, `.command({ handler })`: the
                // handler is the last function (a builder may come before it).
                let mut fs = self.handlers(&n.args);
                if let Some((f, _)) = fs.pop() {
                    self.srcs.add(f, 0, Source::Argv("yargs"));
                }
            }
            Some(Val::Stdin) => {
                let event = str_arg(&n.args, 0);
                let takes = match method {
                    "on" | "once" | "addListener" => matches!(event.as_deref(), Some("line" | "data")),
                    "question" => true,
                    _ => false,
                };
                if takes {
                    for (f, _) in self.handlers(&n.args) {
                        self.srcs.add(f, 0, Source::Stdin);
                    }
                }
            }
            // `form.parse(req, (err, fields, files) => ..)`; `bb.on("file", (name, stream,
            // info) => ..)`, `form.on("field", (name, value) => ..)`.
            Some(Val::Form) => {
                if method == "parse" && self.sem.request_arg(&n.args, 0, &self.srcs) {
                    for (f, _) in self.handlers(&n.args[1..]) {
                        self.srcs.add(f, 1, Source::Request);
                        self.srcs.add(f, 2, Source::Request);
                    }
                } else if matches!(method, "on" | "once")
                    && matches!(str_arg(&n.args, 0).as_deref(), Some("file" | "field" | "fileBegin"))
                {
                    for (f, _) in self.handlers(&n.args[1..]) {
                        self.srcs.add(f, ALL, Source::Request);
                    }
                }
            }
            // `req.on("data", chunk => ..)`: the body.
            Some(Val::Data(Source::Request))
                if matches!(method, "on" | "once") && str_arg(&n.args, 0).as_deref() == Some("data") =>
            {
                for (f, _) in self.handlers(&n.args) {
                    self.srcs.add(f, 0, Source::Request);
                }
            }
            Some(_) => {}
            None => self.route_shaped(method, n),
        }
    }

    fn app_call(&mut self, w: Web, method: &str, n: &'a CallExpr) {
        match (w, method) {
            (Web::Fastify, "register") => {
                // `fastify.register(async (instance, opts) => { instance.get(..) })`.
                for a in n.args.iter().filter(|a| a.spread.is_none()) {
                    if let Some(id) = first_param(&a.expr) {
                        self.srcs.app_params.insert(id, Web::Fastify);
                    }
                }
            }
            (Web::Fastify, "addHook") => self.add_requests(w, &n.args),
            (_, "on" | "once" | "addListener") => {
                if str_arg(&n.args, 0).as_deref() == Some("request") {
                    self.add_requests(w, &n.args[1..]);
                }
            }
            (_, "register" | "addHook" | "action" | "command" | "question") => {}
            // `app.param("id", (req, res, next, id) => ..)`: the value is the request's too.
            (Web::Express, "param") => {
                for (f, _) in self.handlers(&n.args) {
                    self.srcs.add(f, 0, Source::Request);
                    self.srcs.add(f, 3, Source::Request);
                }
            }
            (_, "param") => {}
            _ => self.add_requests(w, &n.args),
        }
    }

    /// `router.get("/path", (req, res) => ..)` on a receiver cplint cannot resolve
    /// (a router handed in as a parameter, an app from another file).
    fn route_shaped(&mut self, method: &str, n: &'a CallExpr) {
        if !ROUTE_VERBS.contains(&method) || !n.args.first().is_some_and(|a| is_route_path(&a.expr)) {
            return;
        }
        for a in n.args.iter().skip(1).filter(|a| a.spread.is_none()) {
            let mut fs = Vec::new();
            self.handlers_in(&a.expr, 0, &mut fs);
            for (f, params) in fs {
                if let Some(index) = request_named(&params, true) {
                    self.srcs.add(f, index, Source::Request);
                }
            }
        }
    }

    /// The fallback for handlers registered out of sight: an exported function (or
    /// a class method) shaped `(req, res, ..)`, or an exported `(event, context)`.
    ///
    /// Any function whose parameter is annotated with a framework's request type
    /// is a handler too, exported or not.
    fn fallback(&mut self, span: Span, params: Vec<&'a Pat>, method: bool) {
        let Some(&f) = self.by_span.get(&span) else { return };
        for (i, p) in params.iter().enumerate() {
            if has_request_type(self.sem, p) {
                self.srcs.add(f, i, Source::Request);
            }
        }
        if !(method || self.sem.bindings.func_exported(f)) {
            return;
        }
        if let Some(index) = request_named(&params, false) {
            self.srcs.add(f, index, Source::Request);
            return;
        }
        let names: Vec<Option<&str>> = params.iter().map(|p| ident_name(p)).collect();
        match names.as_slice() {
            // Koa middleware and controllers.
            [Some("ctx"), Some("next")] => self.srcs.add(f, 0, Source::Request),
            // AWS Lambda behind an HTTP API.
            [Some("event"), Some("context"), ..] if !method => self.srcs.add(f, 0, Source::Request),
            _ => {}
        }
    }
}

impl<'a> VisitRef<'a> for Walker<'_, 'a> {
    fn visit_call_expr(&mut self, n: &'a CallExpr) {
        self.registration(n);
        ast::walk_call_expr(self, n);
    }

    fn visit_fn_decl(&mut self, n: &'a FnDecl) {
        self.fallback(n.function.span, n.function.params.iter().map(|p| &p.pat).collect(), false);
        ast::walk_fn_decl(self, n);
    }

    fn visit_fn_expr(&mut self, n: &'a FnExpr) {
        self.fallback(n.function.span, n.function.params.iter().map(|p| &p.pat).collect(), false);
        ast::walk_fn_expr(self, n);
    }

    fn visit_arrow_expr(&mut self, n: &'a ArrowExpr) {
        self.fallback(n.span, n.params.iter().collect(), false);
        ast::walk_arrow_expr(self, n);
    }

    fn visit_class_method(&mut self, n: &'a ClassMethod) {
        self.fallback(n.function.span, n.function.params.iter().map(|p| &p.pat).collect(), true);
        ast::walk_class_method(self, n);
    }

    fn visit_method_prop(&mut self, n: &'a MethodProp) {
        self.fallback(n.function.span, n.function.params.iter().map(|p| &p.pat).collect(), false);
        ast::walk_method_prop(self, n);
    }
}
