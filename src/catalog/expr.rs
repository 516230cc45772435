//! The condition language of the rule catalog.
//!
//! ```text
//! member.health_insurance in ["nhi", "none"] and member.birthday_age < 75
//! not household.public_assistance
//! any_member(child) and not claimant.civil_servant
//! ```
//!
//! Names are resolved and types checked when the catalog loads, so a typo or a
//! comparison of a number with a word is an error naming the file and line,
//! never a silent `false` at the counter.

use std::fmt;

use super::vars::{Subject, Ty, Var};

#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    Bool(bool),
    Int(i64),
    Str(String),
    Null,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CmpOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    Lit(Literal),
    Var(Var),
    Not(Box<Expr>),
    And(Vec<Expr>),
    Or(Vec<Expr>),
    Cmp(CmpOp, Box<Expr>, Box<Expr>),
    In(Box<Expr>, Vec<Literal>),
    /// A named predicate of the catalog, evaluated for the current member.
    Predicate(usize),
    /// True when the named predicate holds for some member of the household.
    AnyMember(usize),
}

/// A parse or type error at a character offset of the expression text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExprError {
    pub offset: usize,
    pub message: String,
}

impl fmt::Display for ExprError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (at column {})", self.message, self.offset + 1)
    }
}

/// What the parser needs to know about named predicates defined so far.
pub trait PredicateNames {
    fn lookup(&self, name: &str) -> Option<usize>;
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Ident(String),
    Int(i64),
    Str(String),
    Op(&'static str),
}

fn tokenize(src: &str) -> Result<Vec<(usize, Tok)>, ExprError> {
    let mut out = Vec::new();
    let chars: Vec<(usize, char)> = src.char_indices().collect();
    let mut i = 0;
    let err = |offset: usize, m: &str| ExprError {
        offset,
        message: m.to_string(),
    };
    while i < chars.len() {
        let (at, c) = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c.is_ascii_alphabetic() || c == '_' {
            let mut s = String::new();
            while i < chars.len()
                && (chars[i].1.is_ascii_alphanumeric() || matches!(chars[i].1, '_' | '.'))
            {
                s.push(chars[i].1);
                i += 1;
            }
            out.push((at, Tok::Ident(s)));
        } else if c.is_ascii_digit()
            || (c == '-' && chars.get(i + 1).is_some_and(|n| n.1.is_ascii_digit()))
        {
            let mut s = String::from(c);
            i += 1;
            while i < chars.len() && chars[i].1.is_ascii_digit() {
                s.push(chars[i].1);
                i += 1;
            }
            let n = s.parse().map_err(|_| err(at, "number out of range"))?;
            out.push((at, Tok::Int(n)));
        } else if c == '"' || c == '\'' {
            let mut s = String::new();
            i += 1;
            loop {
                match chars.get(i) {
                    None => return Err(err(at, "unterminated string")),
                    Some((_, q)) if *q == c => break,
                    Some((_, ch)) => s.push(*ch),
                }
                i += 1;
            }
            i += 1;
            out.push((at, Tok::Str(s)));
        } else {
            let two: String = chars[i..].iter().take(2).map(|x| x.1).collect();
            let op = ["==", "!=", "<=", ">="].into_iter().find(|o| *o == two);
            if let Some(op) = op {
                out.push((at, Tok::Op(op)));
                i += 2;
            } else {
                let op = ["<", ">", "(", ")", "[", "]", ","]
                    .into_iter()
                    .find(|o| o.starts_with(c));
                match op {
                    Some(op) => out.push((at, Tok::Op(op))),
                    None => return Err(err(at, &format!("unexpected character '{c}'"))),
                }
                i += 1;
            }
        }
    }
    Ok(out)
}

struct Parser<'a, P: PredicateNames> {
    toks: Vec<(usize, Tok)>,
    pos: usize,
    end: usize,
    preds: &'a P,
}

/// Parse and type-check a condition; it must be boolean.
pub fn parse(src: &str, preds: &impl PredicateNames) -> Result<Expr, ExprError> {
    let toks = tokenize(src)?;
    let mut p = Parser {
        toks,
        pos: 0,
        end: src.len(),
        preds,
    };
    let e = p.or()?;
    if let Some((at, t)) = p.toks.get(p.pos) {
        return Err(ExprError {
            offset: *at,
            message: format!("unexpected {}", describe(t)),
        });
    }
    if type_of(&e) != Ty::Bool {
        return Err(ExprError {
            offset: 0,
            message: "a condition must be true or false".into(),
        });
    }
    Ok(e)
}

fn describe(t: &Tok) -> String {
    match t {
        Tok::Ident(s) => format!("'{s}'"),
        Tok::Int(n) => format!("number {n}"),
        Tok::Str(s) => format!("string \"{s}\""),
        Tok::Op(o) => format!("'{o}'"),
    }
}

impl<P: PredicateNames> Parser<'_, P> {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos).map(|t| &t.1)
    }
    fn at(&self) -> usize {
        self.toks.get(self.pos).map_or(self.end, |t| t.0)
    }
    fn err<T>(&self, message: impl Into<String>) -> Result<T, ExprError> {
        Err(ExprError {
            offset: self.at(),
            message: message.into(),
        })
    }
    fn eat_word(&mut self, w: &str) -> bool {
        if matches!(self.peek(), Some(Tok::Ident(s)) if s == w) {
            self.pos += 1;
            true
        } else {
            false
        }
    }
    fn eat_op(&mut self, op: &str) -> bool {
        if matches!(self.peek(), Some(Tok::Op(o)) if *o == op) {
            self.pos += 1;
            true
        } else {
            false
        }
    }
    fn expect_op(&mut self, op: &str) -> Result<(), ExprError> {
        if self.eat_op(op) {
            Ok(())
        } else {
            self.err(format!("expected '{op}'"))
        }
    }

    fn or(&mut self) -> Result<Expr, ExprError> {
        let mut items = vec![self.and()?];
        while self.eat_word("or") {
            items.push(self.and()?);
        }
        self.bools(items, Expr::Or)
    }

    fn and(&mut self) -> Result<Expr, ExprError> {
        let mut items = vec![self.not()?];
        while self.eat_word("and") {
            items.push(self.not()?);
        }
        self.bools(items, Expr::And)
    }

    fn bools(&self, mut items: Vec<Expr>, make: fn(Vec<Expr>) -> Expr) -> Result<Expr, ExprError> {
        if items.len() == 1 {
            return Ok(items.remove(0));
        }
        if items.iter().any(|e| type_of(e) != Ty::Bool) {
            return self.err("'and' and 'or' join true/false conditions");
        }
        Ok(make(items))
    }

    fn not(&mut self) -> Result<Expr, ExprError> {
        if self.eat_word("not") {
            let at = self.at();
            let inner = self.not()?;
            if type_of(&inner) != Ty::Bool {
                return Err(ExprError {
                    offset: at,
                    message: "'not' needs a true/false condition".into(),
                });
            }
            return Ok(Expr::Not(Box::new(inner)));
        }
        self.comparison()
    }

    fn comparison(&mut self) -> Result<Expr, ExprError> {
        let left = self.primary()?;
        let at = self.at();
        if self.eat_word("in") {
            self.expect_op("[")?;
            let mut items = Vec::new();
            if !self.eat_op("]") {
                loop {
                    items.push(self.literal()?);
                    if self.eat_op("]") {
                        break;
                    }
                    self.expect_op(",")?;
                }
            }
            for item in &items {
                check_literal(&left, item, at)?;
            }
            return Ok(Expr::In(Box::new(left), items));
        }
        let op = match self.peek() {
            Some(Tok::Op("==")) => CmpOp::Eq,
            Some(Tok::Op("!=")) => CmpOp::Ne,
            Some(Tok::Op("<")) => CmpOp::Lt,
            Some(Tok::Op("<=")) => CmpOp::Le,
            Some(Tok::Op(">")) => CmpOp::Gt,
            Some(Tok::Op(">=")) => CmpOp::Ge,
            _ => return Ok(left),
        };
        self.pos += 1;
        let right = self.primary()?;
        let (lt, rt) = (type_of(&left), type_of(&right));
        let null =
            matches!(right, Expr::Lit(Literal::Null)) || matches!(left, Expr::Lit(Literal::Null));
        if !null && lt != rt {
            return Err(ExprError {
                offset: at,
                message: format!("cannot compare {lt} with {rt}"),
            });
        }
        if !matches!(op, CmpOp::Eq | CmpOp::Ne) && (lt != Ty::Int || null) {
            return Err(ExprError {
                offset: at,
                message: "'<', '<=', '>', '>=' compare numbers".into(),
            });
        }
        if let Expr::Lit(lit) = &right {
            check_literal(&left, lit, at)?;
        }
        Ok(Expr::Cmp(op, Box::new(left), Box::new(right)))
    }

    fn literal(&mut self) -> Result<Literal, ExprError> {
        match self.primary()? {
            Expr::Lit(l) => Ok(l),
            _ => self.err("a list holds literal values"),
        }
    }

    fn primary(&mut self) -> Result<Expr, ExprError> {
        let at = self.at();
        let Some(tok) = self.peek().cloned() else {
            return self.err("unexpected end of condition");
        };
        self.pos += 1;
        match tok {
            Tok::Int(n) => Ok(Expr::Lit(Literal::Int(n))),
            Tok::Str(s) => Ok(Expr::Lit(Literal::Str(s))),
            Tok::Op("(") => {
                let e = self.or()?;
                self.expect_op(")")?;
                Ok(e)
            }
            Tok::Op(o) => Err(ExprError {
                offset: at,
                message: format!("unexpected '{o}'"),
            }),
            Tok::Ident(word) => match word.as_str() {
                "true" => Ok(Expr::Lit(Literal::Bool(true))),
                "false" => Ok(Expr::Lit(Literal::Bool(false))),
                "null" => Ok(Expr::Lit(Literal::Null)),
                "any_member" => {
                    self.expect_op("(")?;
                    let name_at = self.at();
                    let name = match self.peek().cloned() {
                        Some(Tok::Ident(n)) => n,
                        _ => return self.err("any_member(...) takes the name of a predicate"),
                    };
                    self.pos += 1;
                    self.expect_op(")")?;
                    match self.preds.lookup(&name) {
                        Some(i) => Ok(Expr::AnyMember(i)),
                        None => Err(ExprError {
                            offset: name_at,
                            message: format!("unknown predicate '{name}'"),
                        }),
                    }
                }
                _ => {
                    if let Some(var) = Var::parse(&word) {
                        return Ok(Expr::Var(var));
                    }
                    if let Some(i) = self.preds.lookup(&word) {
                        return Ok(Expr::Predicate(i));
                    }
                    Err(ExprError {
                        offset: at,
                        message: format!("unknown name '{word}'"),
                    })
                }
            },
        }
    }
}

fn check_literal(left: &Expr, lit: &Literal, at: usize) -> Result<(), ExprError> {
    let lt = type_of(left);
    let ok = match lit {
        Literal::Null => true,
        Literal::Bool(_) => lt == Ty::Bool,
        Literal::Int(_) => lt == Ty::Int,
        Literal::Str(_) => lt == Ty::Str,
    };
    if !ok {
        return Err(ExprError {
            offset: at,
            message: format!("a {lt} cannot equal {lit:?}"),
        });
    }
    if let (Expr::Var(v), Literal::Str(s)) = (left, lit) {
        if let Some(allowed) = v.allowed_values() {
            if !allowed.contains(&s.as_str()) {
                return Err(ExprError {
                    offset: at,
                    message: format!(
                        "'{s}' is not a value of {}; expected one of {}",
                        v.name(),
                        allowed.join(", ")
                    ),
                });
            }
        }
    }
    Ok(())
}

/// The static type of an expression. Comparisons, logic and predicates are boolean.
pub fn type_of(e: &Expr) -> Ty {
    match e {
        Expr::Lit(Literal::Int(_)) => Ty::Int,
        Expr::Lit(Literal::Str(_)) => Ty::Str,
        Expr::Lit(_) => Ty::Bool,
        Expr::Var(v) => v.ty(),
        _ => Ty::Bool,
    }
}

/// Whether the expression reads a member's facts (directly or through a predicate).
pub fn reads_member(e: &Expr, predicate_reads_member: &dyn Fn(usize) -> bool) -> bool {
    match e {
        Expr::Var(v) => v.subject() == Subject::Member,
        Expr::Predicate(i) => predicate_reads_member(*i),
        Expr::Not(x) | Expr::In(x, _) => reads_member(x, predicate_reads_member),
        Expr::Cmp(_, a, b) => {
            reads_member(a, predicate_reads_member) || reads_member(b, predicate_reads_member)
        }
        Expr::And(xs) | Expr::Or(xs) => xs.iter().any(|x| reads_member(x, predicate_reads_member)),
        Expr::Lit(_) | Expr::AnyMember(_) => false,
    }
}
