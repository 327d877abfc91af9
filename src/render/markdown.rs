//! Free-text Markdown (CommonMark + tables + strikethrough) → Typst markup.
//!
//! User text never becomes Typst code: text goes through
//! [`escape::markup`], link targets and code through
//! [`escape::string_literal`]. The only code in the output is the fixed set of
//! calls written here: `emph strong strike super sub link raw quote list enum
//! table table.header line`.

use pulldown_cmark::{CodeBlockKind, Event, LinkType, Options, Parser, Tag};

use super::escape;

mod calls;

use calls::{inline_call, language, link_target, linkable, raw_literal, table_opener};

/// Containers nested deeper than this are not wrapped any more: their text is
/// written flat into the enclosing container.
const MAX_DEPTH: usize = 16;

/// Convert a user's Markdown (paragraphs, emphasis, strong, strikethrough,
/// lists (nested, ordered with start), links, inline code, code blocks,
/// headings, block quotes, tables, hard/soft breaks) to Typst markup.
///
/// Headings become bold paragraphs (free text never creates document
/// headings), images are not loaded (their alt text and URL are shown as
/// text), raw HTML is shown literally, links other than `http(s):`, `mailto:`
/// and `tel:` are shown as text. Never panics.
pub fn to_typst(md: &str) -> String {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let mut renderer = Renderer::default();
    for event in Parser::new_ext(md, options) {
        renderer.process(event);
    }
    renderer.finish()
}

/// What to do when a container ends.
enum Close {
    /// Nothing (paragraphs, table rows, flattened containers).
    Nothing,
    /// `]` of a content block.
    Bracket,
    /// `)` of an argument list.
    Paren,
    /// `]` of a link body; an empty body shows the URL.
    Link(String),
    /// Show the URL after an image's alt text or an unlinked link's text.
    Url(String),
    /// A code block: its collected text becomes `#raw(.., block: true)`.
    Raw { lang: String, text: String },
    /// An HTML block: its collected text is shown literally.
    Html(String),
}

impl Close {
    /// The end of a code block with the given info string.
    fn raw(kind: &CodeBlockKind<'_>) -> Self {
        Self::Raw {
            lang: language(kind),
            text: String::new(),
        }
    }
}

/// One open container.
struct Frame {
    close: Close,
    /// The children are call arguments (code mode), not markup.
    code: bool,
    /// Opened only to hold markup inside an argument list; has no end event.
    implicit: bool,
    /// Output length right after the opening; more output means content.
    start: usize,
}

#[derive(Default)]
struct Renderer {
    out: String,
    stack: Vec<Frame>,
    /// The output ends with a call that `(`, `[`, `.field` or `;` would extend.
    after_call: bool,
}

impl Renderer {
    fn process(&mut self, event: Event<'_>) {
        match event {
            Event::Start(tag) => self.start_tag(tag),
            Event::End(_) => self.end_tag(),
            Event::Text(text) | Event::Html(text) | Event::InlineHtml(text) => self.text(&text),
            Event::Code(code) => self.call(&format!("#raw({})", raw_literal(&code))),
            Event::InlineMath(math) => self.text(&format!("${math}$")),
            Event::DisplayMath(math) => self.text(&format!("$${math}$$")),
            Event::FootnoteReference(name) => self.text(&format!("[^{name}]")),
            Event::SoftBreak => self.line_break("\n"),
            Event::HardBreak => self.line_break("\\\n"),
            Event::Rule => {
                self.block();
                self.call("#line(length: 100%)");
            }
            Event::TaskListMarker(done) => self.text(if done { "[x] " } else { "[ ] " }),
        }
    }

    fn start_tag(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Item | Tag::TableCell => self.structural("[", Close::Bracket, false),
            Tag::TableHead => self.structural("table.header(", Close::Paren, true),
            Tag::TableRow => self.structural("", Close::Nothing, true),
            _ if self.collecting() || self.stack.len() >= MAX_DEPTH => self.flat(&tag),
            Tag::Heading { .. } => self.open_block("#strong[", Close::Bracket, false),
            Tag::BlockQuote(_) => self.open_block("#quote(block: true)[", Close::Bracket, false),
            Tag::CodeBlock(kind) => self.open_block("", Close::raw(&kind), false),
            Tag::HtmlBlock => self.open_block("", Close::Html(String::new()), false),
            Tag::List(Some(n)) => self.open_block(&format!("#enum(start: {n}"), Close::Paren, true),
            Tag::List(None) => self.open_block("#list(", Close::Paren, true),
            Tag::Table(aligns) => self.open_block(&table_opener(&aligns), Close::Paren, true),
            Tag::Link {
                link_type,
                dest_url,
                ..
            } => self.link(link_type, &dest_url),
            Tag::Image { dest_url, .. } => self.open_inline("", Close::Url(dest_url.into_string())),
            // Paragraphs, and the block kinds of options that are not enabled.
            _ => match inline_call(&tag) {
                Some(open) => self.open_inline(open, Close::Bracket),
                None => self.open_block("", Close::Nothing, false),
            },
        }
    }

    fn end_tag(&mut self) {
        self.close_implicit();
        if let Some(frame) = self.stack.pop() {
            self.close(frame);
        }
    }

    fn finish(mut self) -> String {
        while let Some(frame) = self.stack.pop() {
            self.close(frame);
        }
        self.out
    }

    /// Show user text literally (or collect it inside code and HTML blocks).
    fn text(&mut self, text: &str) {
        if let Some(Frame {
            close: Close::Raw { text: buf, .. } | Close::Html(buf),
            ..
        }) = self.stack.last_mut()
        {
            buf.push_str(text);
            return;
        }
        self.ensure_markup();
        let escaped = escape::markup(text);
        if self.after_call && escaped.starts_with(['(', '.', ';']) {
            self.out.push('\\');
        }
        self.write(&escaped);
    }

    fn line_break(&mut self, markup: &str) {
        if self.collecting() {
            self.text("\n");
        } else {
            self.ensure_markup();
            self.write(markup);
        }
    }

    /// A container that is only valid directly inside an argument list (list
    /// item, table part); anywhere else it is flattened.
    fn structural(&mut self, open: &str, close: Close, code: bool) {
        self.close_implicit();
        if !self.stack.last().is_some_and(|frame| frame.code) {
            return self.open_block("", Close::Nothing, false);
        }
        if !open.is_empty() {
            self.argument_separator();
        }
        self.push(open, close, code);
    }

    /// A container beyond the nesting limit (or inside a code block): no wrapper.
    fn flat(&mut self, tag: &Tag<'_>) {
        let inline =
            inline_call(tag).is_some() || matches!(tag, Tag::Link { .. } | Tag::Image { .. });
        if inline || self.collecting() {
            self.open_inline("", Close::Nothing)
        } else {
            self.open_block("", Close::Nothing, false)
        }
    }

    fn open_block(&mut self, open: &str, close: Close, code: bool) {
        self.block();
        self.push(open, close, code);
    }

    fn open_inline(&mut self, open: &str, close: Close) {
        self.ensure_markup();
        self.push(open, close, false);
    }

    fn link(&mut self, link_type: LinkType, dest: &str) {
        let url = link_target(link_type, dest);
        if linkable(&url) {
            let open = format!("#link({})[", escape::string_literal(&url));
            self.open_inline(&open, Close::Link(url));
        } else {
            self.open_inline("", Close::Url(url));
        }
    }

    fn close(&mut self, frame: Frame) {
        let empty = self.out.len() == frame.start;
        match frame.close {
            Close::Nothing => {}
            Close::Bracket => self.close_call("]"),
            Close::Paren => self.close_call(")"),
            Close::Link(url) => {
                if empty {
                    self.text(&url);
                }
                self.close_call("]");
            }
            Close::Url(url) if empty => self.text(&url),
            Close::Url(url) if url.is_empty() => {}
            Close::Url(url) => self.text(&format!(" ({url})")),
            Close::Html(text) => self.text(text.trim_end_matches('\n')),
            Close::Raw { lang, text } => self.raw_block(&lang, &text),
        }
    }

    fn raw_block(&mut self, lang: &str, text: &str) {
        let code = raw_literal(text.strip_suffix('\n').unwrap_or(text));
        let lang = if lang.is_empty() {
            String::new()
        } else {
            format!(", lang: {}", escape::string_literal(lang))
        };
        self.call(&format!("#raw({code}, block: true{lang})"));
    }

    /// Start a block: separate it from earlier content of its container.
    fn block(&mut self) {
        self.ensure_markup();
        let start = self.stack.last().map_or(0, |frame| frame.start);
        if self.out.len() > start {
            self.write("\n\n");
        }
    }

    /// Inside an argument list, open a content block for markup.
    fn ensure_markup(&mut self) {
        if self.stack.last().is_some_and(|frame| frame.code) {
            self.argument_separator();
            self.push("[", Close::Bracket, false);
            if let Some(frame) = self.stack.last_mut() {
                frame.implicit = true;
            }
        }
    }

    fn close_implicit(&mut self) {
        while let Some(frame) = self.stack.pop_if(|frame| frame.implicit) {
            self.close(frame);
        }
    }

    fn argument_separator(&mut self) {
        if !self.out.ends_with('(') {
            self.write(", ");
        }
    }

    fn collecting(&self) -> bool {
        matches!(
            self.stack.last(),
            Some(Frame {
                close: Close::Raw { .. } | Close::Html(_),
                ..
            })
        )
    }

    fn push(&mut self, open: &str, close: Close, code: bool) {
        self.write(open);
        self.stack.push(Frame {
            close,
            code,
            implicit: false,
            start: self.out.len(),
        });
    }

    /// Write a complete generated call in markup.
    fn call(&mut self, code: &str) {
        self.ensure_markup();
        self.close_call(code);
    }

    /// Write generated code that ends a call.
    fn close_call(&mut self, code: &str) {
        self.write(code);
        self.after_call = true;
    }

    fn write(&mut self, s: &str) {
        self.out.push_str(s);
        self.after_call &= s.is_empty();
    }
}

#[cfg(test)]
mod tests;
