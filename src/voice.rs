//! The voice of the command line: the language its own messages, labels and summaries are in,
//! Dutch or English (the documents' language is [`crate::lang`]'s business; answers are never
//! translated).
//!
//! The voice is chosen once per run ([`choose`]): `--lang`/`--taal` first, then an organisation
//! profile's explicit `language` when the command reads profiles, then the locale (`LC_ALL`,
//! `LC_MESSAGES`, `LANG`, the first one set: Dutch when it starts with `nl`), else English.
//!
//! The texts are a plain table ([`Text`], [`Noun`]): both languages side by side, checked at
//! compile time, nothing loaded at run time. A few dozen short messages whose only grammar is
//! one/many do not need Fluent's crate family and runtime parser.

use crate::lang::Lang;
use std::sync::atomic::{AtomicU8, Ordering};

/// The voice of this run (0 English, 1 Dutch).
static VOICE: AtomicU8 = AtomicU8::new(0);

/// Sets the voice of this run.
pub fn set(lang: Lang) {
    VOICE.store(u8::from(lang == Lang::Nl), Ordering::Relaxed);
}

/// The voice of this run (English until [`set`]).
pub fn get() -> Lang {
    match VOICE.load(Ordering::Relaxed) {
        1 => Lang::Nl,
        _ => Lang::En,
    }
}

/// The language the locale asks for, read through `var` (the environment in [`from_env`]): the
/// first of `LC_ALL`, `LC_MESSAGES` and `LANG` that is set and not empty decides, Dutch when it
/// starts with `nl` (`nl_NL.UTF-8`, `nl_BE`, `nl`), else English. `None` when none is set.
pub fn from_locale(var: impl Fn(&str) -> Option<String>) -> Option<Lang> {
    ["LC_ALL", "LC_MESSAGES", "LANG"]
        .into_iter()
        .filter_map(&var)
        .find(|value| !value.is_empty())
        .map(|value| {
            if value.starts_with("nl") {
                Lang::Nl
            } else {
                Lang::En
            }
        })
}

/// [`from_locale`] of this process's environment.
pub fn from_env() -> Option<Lang> {
    from_locale(|name| std::env::var(name).ok())
}

/// The voice: the command line's choice, else the profiles' explicit `language`, else the
/// locale's, else English.
pub fn choose(flag: Option<Lang>, profile: Option<Lang>, locale: Option<Lang>) -> Lang {
    flag.or(profile).or(locale).unwrap_or(Lang::En)
}

/// One message in both languages; `{0}`, `{1}`, … stand for the arguments of [`Text::fill`].
#[derive(Debug, Clone, Copy)]
pub struct Text {
    /// Dutch.
    pub nl: &'static str,
    /// English.
    pub en: &'static str,
}

impl Text {
    /// The message in the voice of this run.
    pub fn get(self) -> &'static str {
        self.in_lang(get())
    }

    /// The message in `lang`.
    pub fn in_lang(self, lang: Lang) -> &'static str {
        lang.pick(self.nl, self.en)
    }

    /// The message in the voice of this run with `{i}` replaced by `args[i]`.
    pub fn fill(self, args: &[&dyn std::fmt::Display]) -> String {
        self.fill_in(get(), args)
    }

    /// The message in `lang` with `{i}` replaced by `args[i]`.
    pub fn fill_in(self, lang: Lang, args: &[&dyn std::fmt::Display]) -> String {
        let mut out = self.in_lang(lang).to_string();
        for (i, arg) in args.iter().enumerate() {
            out = out.replace(&format!("{{{i}}}"), &arg.to_string());
        }
        out
    }
}

/// A noun counted: singular and plural in both languages.
#[derive(Debug, Clone, Copy)]
pub struct Noun {
    /// Dutch: one, many.
    pub nl: (&'static str, &'static str),
    /// English: one, many.
    pub en: (&'static str, &'static str),
}

impl Noun {
    /// `n` and the noun in `lang`: "1 activiteit", "3 activiteiten"; "0 activities".
    pub fn count_in(self, lang: Lang, n: usize) -> String {
        let (one, many) = lang.pick(self.nl, self.en);
        format!("{n} {}", if n == 1 { one } else { many })
    }

    /// [`Noun::count_in`] in the voice of this run.
    pub fn count(self, n: usize) -> String {
        self.count_in(get(), n)
    }
}

/// `text` in the voice of this run: unchanged in English; in Dutch, the first entry of
/// [`msg::CHECKS`] whose English pattern matches it, worded in Dutch, else unchanged (a message
/// not in the table yet stays English rather than half translated).
pub fn say(text: &str) -> String {
    say_in(get(), text)
}

/// [`say`] in `lang`.
pub fn say_in(lang: Lang, text: &str) -> String {
    if lang == Lang::En {
        return text.to_string();
    }
    for entry in msg::CHECKS {
        if let Some(args) = holes(entry.en, text) {
            // A value may be one of our own phrases (a DPIA section): worded too. It is
            // shorter than the text, so this ends.
            let args: Vec<String> = args.iter().map(|a| say_in(lang, a)).collect();
            let args: Vec<&dyn std::fmt::Display> =
                args.iter().map(|a| a as &dyn std::fmt::Display).collect();
            return entry.fill_in(lang, &args);
        }
    }
    text.to_string()
}

/// One line of clap's usage error in `lang`: the line (its indent kept) worded by the
/// [`msg::USAGE`] pattern it matches, else unchanged.
pub fn say_usage(lang: Lang, line: &str) -> String {
    if lang == Lang::En {
        return line.to_string();
    }
    let body = line.trim_start();
    let indent = &line[..line.len() - body.len()];
    for entry in msg::USAGE {
        if let Some(args) = holes(entry.en, body) {
            let args: Vec<String> = args.iter().map(|a| say_usage(lang, a)).collect();
            let args: Vec<&dyn std::fmt::Display> =
                args.iter().map(|a| a as &dyn std::fmt::Display).collect();
            return format!("{indent}{}", entry.fill_in(lang, &args));
        }
    }
    line.to_string()
}

/// What `text` puts at the places `{0}`, `{1}`, … of `pattern`, when it matches it: the
/// literal parts must match exactly, each place takes the shortest text up to the next
/// literal part (the last one, up to the end).
fn holes(pattern: &str, text: &str) -> Option<Vec<String>> {
    // The literal parts and, after each but the last, the number of the place that follows.
    let mut literals = Vec::new();
    let mut places = Vec::new();
    let mut rest = pattern;
    while let Some(open) = rest.find('{') {
        let close = rest[open..].find('}')? + open;
        let n: usize = rest[open + 1..close].parse().ok()?;
        literals.push(&rest[..open]);
        places.push(n);
        rest = &rest[close + 1..];
    }
    literals.push(rest);
    let mut text = text.strip_prefix(literals[0])?;
    let mut found = vec![String::new(); places.iter().max().map_or(0, |m| m + 1)];
    for (i, place) in places.iter().enumerate() {
        let next = literals[i + 1];
        let value = if i + 1 == places.len() {
            let value = text.strip_suffix(next)?;
            text = "";
            value
        } else {
            let at = text.find(next).filter(|_| !next.is_empty())?;
            let value = &text[..at];
            text = &text[at + next.len()..];
            value
        };
        if value.is_empty() {
            return None;
        }
        found[*place] = value.to_string();
    }
    text.is_empty().then_some(found)
}

/// The table: every message of the command line's own, both languages side by side.
pub mod msg {
    use super::{Noun, Text};

    // The chrome of diagnostics.
    pub const ERROR: Text = Text {
        nl: "fout",
        en: "error",
    };
    pub const WARNING: Text = Text {
        nl: "waarschuwing",
        en: "warning",
    };
    pub const HELP: Text = Text {
        nl: "hulp",
        en: "help",
    };

    // Counted things.
    pub const ACTIVITY: Noun = Noun {
        nl: ("activiteit", "activiteiten"),
        en: ("activity", "activities"),
    };
    pub const PROFILE: Noun = Noun {
        nl: ("organisatieprofiel", "organisatieprofielen"),
        en: ("organisation profile", "organisation profiles"),
    };
    pub const WARNINGS: Noun = Noun {
        nl: ("waarschuwing", "waarschuwingen"),
        en: ("warning", "warnings"),
    };
    pub const INVALID_QUESTIONNAIRE: Noun = Noun {
        nl: ("ongeldige vragenlijst", "ongeldige vragenlijsten"),
        en: ("invalid questionnaire", "invalid questionnaires"),
    };
    pub const QUESTION: Noun = Noun {
        nl: ("vraag", "vragen"),
        en: ("question", "questions"),
    };

    // The closing lines of `check` and `render`.
    pub const CHECKED: Text = Text {
        nl: "{0} gecontroleerd: {1} geldig, {2} ongeldig",
        en: "checked {0}: {1} valid, {2} invalid",
    };
    pub const PROFILES_CHECKED: Text = Text {
        nl: "{0}: {1} geldig, {2} ongeldig",
        en: "{0}: {1} valid, {2} invalid",
    };
    pub const RENDERED: Text = Text {
        nl: "{0} gemaakt, {1} ongewijzigd, {2} mislukt, {3}{4} overgeslagen; {5}, {6}",
        en: "{0} rendered, {1} unchanged, {2} failed, {3}{4} skipped; {5}, {6}",
    };
    pub const REFUSED: Text = Text {
        nl: "{0} geweigerd, ",
        en: "{0} refused, ",
    };
    pub const COLLECTED: Text = Text {
        nl: "{0} gemaakt, {1} ongewijzigd, {2} mislukt, {3} geweigerd",
        en: "{0} rendered, {1} unchanged, {2} failed, {3} refused",
    };
    pub const NO_PACKET: Text = Text {
        nl: "geen pakket geschreven (een pakket moet elke activiteit bevatten)",
        en: "no packet written (a packet must include every activity)",
    };
    pub const NO_REGISTER: Text = Text {
        nl: "geen register geschreven (het register moet elke activiteit bevatten)",
        en: "no register written (the register must include every activity)",
    };
    pub const NOTHING_FOUND: Text = Text {
        nl: "niets gevonden: geen vragenlijst (*.yaml, *.yml) in {0}",
        en: "nothing found: no questionnaire (*.yaml, *.yml) in {0}",
    };
    pub const VALID: Text = Text {
        nl: "geldig: {0}",
        en: "valid: {0}",
    };

    // Progress, one line per document.
    pub const WROTE: Text = Text {
        nl: "geschreven",
        en: "wrote",
    };
    pub const SAME_BYTES: Text = Text {
        nl: "gemaakt (zelfde inhoud)",
        en: "rendered (same bytes)",
    };
    pub const UNCHANGED: Text = Text {
        nl: "ongewijzigd",
        en: "unchanged",
    };
    pub const FAILED: Text = Text {
        nl: "mislukt",
        en: "failed",
    };
    pub const REFUSED_ONE: Text = Text {
        nl: "geweigerd",
        en: "refused",
    };

    // Open answers.
    pub const NOT_ANSWERED: Text = Text {
        nl: "{0} nog niet beantwoord in {1}:",
        en: "{0} not answered yet (nog niet beantwoord) in {1}:",
    };
    pub const ANSWER_THEM: Text = Text {
        nl: "beantwoord ze met `dpiagen interview {0}`, of vervang elke `{1}` in een editor",
        en: "answer them with `dpiagen interview {0}`, or replace each `{1}` in an editor",
    };

    // The interview.
    pub const OPEN_ANSWER: Noun = Noun {
        nl: ("open antwoord", "open antwoorden"),
        en: ("open answer", "open answers"),
    };
    pub const NOT_A_TERMINAL: Text = Text {
        nl: "`dpiagen interview` stelt zijn vragen in een terminal, en dit is er geen",
        en: "`dpiagen interview` asks its questions on a terminal, and this is none",
    };
    pub const NOT_A_TERMINAL_HELP: Text = Text {
        nl: "start het in een terminal, of vul elke `{0}` van {1} in een editor in",
        en: "run it in a terminal, or fill in each `{0}` of {1} in an editor",
    };
    pub const NOTHING_OPEN: Text = Text {
        nl: "{0}: geen open antwoorden; `dpiagen check {0}` controleert het bestand",
        en: "{0}: no open answers; `dpiagen check {0}` checks the file",
    };
    pub const INTERVIEW_START: Text = Text {
        nl: "{0} in {1}. Typ het antwoord en Enter; Enter alleen: overslaan, q: stoppen (elk antwoord wordt meteen opgeslagen).",
        en: "{0} in {1}. Type the answer and Enter; Enter alone: skip, q: stop (each answer is saved at once).",
    };
    pub const QUESTION_AT: Text = Text {
        nl: "[nog {0}] {1} (regel {2})",
        en: "[{0} left] {1} (line {2})",
    };
    pub const SAVED: Text = Text {
        nl: "opgeslagen: {0}",
        en: "saved: {0}",
    };
    pub const SKIPPED: Text = Text {
        nl: "overgeslagen: blijft open",
        en: "skipped: stays open",
    };
    pub const INTERVIEW_DONE: Text = Text {
        nl: "{0} beantwoord, {1} nog open in {2}.",
        en: "{0} answered, {1} still open in {2}.",
    };
    pub const NEXT_CHECK: Text = Text {
        nl: "Volgende stap: dpiagen check {0}",
        en: "Next: dpiagen check {0}",
    };
    pub const CONTINUE_LATER: Text = Text {
        nl: "Ga later verder met `dpiagen interview {0}`.",
        en: "Go on later with `dpiagen interview {0}`.",
    };
    pub const CONTROLS: Text = Text {
        nl: "{0} (Enter: overslaan, q: stoppen)",
        en: "{0} (Enter: skip, q: stop)",
    };
    pub const CONTROLS_OPTIONAL: Text = Text {
        nl: "{0} (Enter: overslaan, -: geen antwoord, q: stoppen)",
        en: "{0} (Enter: skip, -: no answer, q: stop)",
    };
    pub const ASK_YES_NO: Text = Text {
        nl: "ja of nee",
        en: "yes or no",
    };
    pub const ASK_CHOICE: Text = Text {
        nl: "nummer of naam",
        en: "number or name",
    };
    pub const ASK_DATE: Text = Text {
        nl: "datum JJJJ-MM-DD",
        en: "date YYYY-MM-DD",
    };
    pub const ASK_ID: Text = Text {
        nl: "id (kleine letters, cijfers, streepjes)",
        en: "id (lowercase letters, digits, hyphens)",
    };
    pub const ASK_NUMBER: Text = Text {
        nl: "getal",
        en: "number",
    };
    pub const ASK_TEXT: Text = Text {
        nl: "antwoord",
        en: "answer",
    };
    pub const YES: Text = Text {
        nl: "ja",
        en: "yes",
    };
    pub const NO: Text = Text {
        nl: "nee",
        en: "no",
    };
    pub const NO_ANSWER: Text = Text {
        nl: "geen antwoord",
        en: "no answer",
    };
    pub const WRITE_TEXT: Text = Text {
        nl: "typ een tekst",
        en: "write some text",
    };
    pub const NOT_A_NUMBER: Text = Text {
        nl: "`{0}` is geen geheel getal",
        en: "`{0}` is not a whole number",
    };
    pub const OUT_OF_RANGE: Text = Text {
        nl: "{0} valt buiten het bereik: van {1} tot en met {2}",
        en: "{0} is out of range: from {1} to {2}",
    };
    pub const YES_OR_NO: Text = Text {
        nl: "`{0}`: antwoord ja (j) of nee (n)",
        en: "`{0}`: answer yes (y) or no (n)",
    };
    pub const NOT_AN_ID: Text = Text {
        nl: "`{0}` is geen geldige id: kleine letters, cijfers en streepjes, bijv. obs-de-regenboog",
        en: "`{0}` is not a valid id: lowercase letters, digits and hyphens, e.g. obs-de-regenboog",
    };
    pub const NOT_A_CHOICE_NUMBER: Text = Text {
        nl: "{0} is geen keuze: kies 1 tot en met {1}",
        en: "{0} is not a choice: pick 1 to {1}",
    };
    pub const NOT_A_CHOICE: Text = Text {
        nl: "`{0}` is geen keuze; kies een nummer of een van {1}",
        en: "`{0}` is not a choice; pick a number or one of {1}",
    };
    pub const AMBIGUOUS: Text = Text {
        nl: "`{0}` past bij {1}; typ meer letters",
        en: "`{0}` matches {1}; type more letters",
    };

    /// clap's usage errors, line by line (see [`super::say_usage`]); the first pattern that
    /// matches a whole line wins, so the longer forms come first.
    pub const USAGE: &[Text] = &[
        Text {
            nl: "fout: {0}",
            en: "error: {0}",
        },
        Text {
            nl: "onverwacht argument '{0}'",
            en: "unexpected argument '{0}' found",
        },
        Text {
            nl: "tip: geef '{1}' om '{0}' als waarde door te geven",
            en: "tip: to pass '{0}' as a value, use '{1}'",
        },
        Text {
            nl: "tip: er is een vergelijkbaar argument: '{0}'",
            en: "tip: a similar argument exists: '{0}'",
        },
        Text {
            nl: "tip: er zijn vergelijkbare argumenten: {0}",
            en: "tip: some similar arguments exist: {0}",
        },
        Text {
            nl: "tip: er is een vergelijkbare opdracht: '{0}'",
            en: "tip: a similar subcommand exists: '{0}'",
        },
        Text {
            nl: "tip: er zijn vergelijkbare opdrachten: {0}",
            en: "tip: some similar subcommands exist: {0}",
        },
        Text {
            nl: "tip: er is een vergelijkbare waarde: '{0}'",
            en: "tip: a similar value exists: '{0}'",
        },
        Text {
            nl: "tip: er zijn vergelijkbare waarden: {0}",
            en: "tip: some similar values exist: {0}",
        },
        Text {
            nl: "onbekende opdracht '{0}'",
            en: "unrecognized subcommand '{0}'",
        },
        Text {
            nl: "deze verplichte argumenten ontbreken:",
            en: "the following required arguments were not provided:",
        },
        Text {
            nl: "ongeldige waarde '{0}' voor '{1}': {2}",
            en: "invalid value '{0}' for '{1}': {2}",
        },
        Text {
            nl: "ongeldige waarde '{0}' voor '{1}'",
            en: "invalid value '{0}' for '{1}'",
        },
        Text {
            nl: "[mogelijke waarden: {0}]",
            en: "[possible values: {0}]",
        },
        Text {
            nl: "'{0}' vraagt een waarde, maar die ontbreekt",
            en: "a value is required for '{0}' but none was supplied",
        },
        Text {
            nl: "het argument '{0}' kan niet samen met '{1}'",
            en: "the argument '{0}' cannot be used with '{1}'",
        },
        Text {
            nl: "het argument '{0}' kan niet samen met:",
            en: "the argument '{0}' cannot be used with:",
        },
        Text {
            nl: "het argument '{0}' mag maar één keer",
            en: "the argument '{0}' cannot be used multiple times",
        },
        Text {
            nl: "onverwachte waarde '{0}' voor '{1}': er werden er geen meer verwacht",
            en: "unexpected value '{0}' for '{1}' found; no more were expected",
        },
        Text {
            nl: "'{0}' vraagt een opdracht, maar die ontbreekt",
            en: "'{0}' requires a subcommand but one was not provided",
        },
        Text {
            nl: "[opdrachten: {0}]",
            en: "[subcommands: {0}]",
        },
        Text {
            nl: "Gebruik: {0}",
            en: "Usage: {0}",
        },
        Text {
            nl: "Meer informatie: '{0}'.",
            en: "For more information, try '{0}'.",
        },
        Text {
            nl: "het getal mag geen nul zijn",
            en: "number would be zero for non-zero type",
        },
        Text {
            nl: "dat is geen getal",
            en: "invalid digit found in string",
        },
        Text {
            nl: "`{0}` is geen deel: schrijf K/N met 1 ≤ K ≤ N, bijv. 2/4",
            en: "`{0}` is not a shard: write K/N with 1 ≤ K ≤ N, e.g. 2/4",
        },
    ];

    /// The most common messages of `check`, as patterns: `say` words them in Dutch.
    pub const CHECKS: &[Text] = &[
        Text {
            nl: "dit antwoord hoort bij formaat 2, maar het bestand zegt `version: 1`",
            en: "this answer belongs to format 2, but the file says `version: 1`",
        },
        Text {
            nl: "voer `dpiagen migrate` uit op het bestand (dat verandert alleen de versieregel)",
            en: "run `dpiagen migrate` on the file (it changes only the version line)",
        },
        Text {
            nl: "`{0}` is geen medezeggenschapsorgaan van de sector `{1}`",
            en: "`{0}` is not a participation council of the sector `{1}`",
        },
        Text {
            nl: "gebruik in deze sector een van {0}",
            en: "in this sector use one of {0}",
        },
        Text {
            nl: "deze beoordeling is nog `{0}`",
            en: "this assessment is still `{0}`",
        },
        Text {
            nl: "zet de status op `{0}` zodra het bestuur de beoordeling heeft vastgesteld",
            en: "set `{0}` once the board has adopted it",
        },
        Text {
            nl: "het veld `{0}` ontbreekt",
            en: "missing field `{0}`",
        },
        Text {
            nl: "voeg `{0}` toe met het antwoord; questionnaires/README.md beschrijft elk veld",
            en: "add `{0}` with its answer; questionnaires/README.md describes every field",
        },
        Text {
            nl: "voeg `{0}` toe (questionnaires/README.md, 4.8 `{1}`, toont elk antwoord)",
            en: "add `{0}` (questionnaires/README.md, 4.8 `{1}`, shows every answer)",
        },
        Text {
            nl: "onbekende waarde `{0}`; toegestaan zijn: {1}",
            en: "unknown variant `{0}`, expected one of {1}",
        },
        Text {
            nl: "onbekend veld `{0}`; toegestaan zijn: {1}",
            en: "unknown field `{0}`, expected one of {1}",
        },
        Text {
            nl: "controleer de spelling; questionnaires/README.md noemt elk veld",
            en: "check the spelling; questionnaires/README.md lists every field",
        },
        Text {
            nl: "`{0}` is geen datum: schrijf die als JJJJ-MM-DD, bijv. 2026-11-01",
            en: "`{0}` is not a date: write it as YYYY-MM-DD, e.g. 2026-11-01",
        },
        Text {
            nl: "`{0}` bestaat niet: maand {1} van {2} heeft {3} dagen",
            en: "`{0}` does not exist: month {1} of {2} has {3} days",
        },
        Text {
            nl: "`{0}` heeft maand {1}: een maand is 1 tot en met 12",
            en: "`{0}` has month {1}: a month is 1 to 12",
        },
        Text {
            nl: "`{0}` is niet `true` of `false`",
            en: "`{0}` is not `true` or `false`",
        },
        Text {
            nl: "schrijf `true` of `false`; `yes`, `no`, `ja`, `nee`, `on` en `off` worden niet geaccepteerd",
            en: "write `true` or `false`; `yes`, `no`, `ja`, `nee`, `on` and `off` are not accepted",
        },
        Text {
            nl: "`{0}` is geen geheel getal van {1} tot en met {2}",
            en: "`{0}` is not a whole number from {1} to {2}",
        },
        Text {
            nl: "`{0}` is geen geheel getal",
            en: "`{0}` is not a whole number",
        },
        Text {
            nl: "schrijf alleen cijfers, zonder aanhalingstekens, eenheden of decimalen",
            en: "write digits only, without quotes, units or decimals",
        },
        Text {
            nl: "hier horen regels `sleutel: waarde`",
            en: "expected a mapping (`key: value` lines)",
        },
        Text {
            nl: "hier hoort een lijst",
            en: "expected a list",
        },
        Text {
            nl: "geen antwoord: de waarde is leeg",
            en: "no answer: the value is empty",
        },
        Text {
            nl: "organisatieprofiel `{0}` bevat fouten (daar gemeld)",
            en: "organisation profile `{0}` has errors (reported for it)",
        },
        Text {
            nl: "toegestaan: {0}",
            en: "allowed: {0}",
        },
        Text {
            nl: "dubbele sleutel `{0}`: die staat al eerder in dit blok",
            en: "duplicate key `{0}`: it is already given earlier in this mapping",
        },
        Text {
            nl: "geef elk antwoord één keer; verwijder een van de twee",
            en: "give every answer once; remove one of the two",
        },
        Text {
            nl: "spring in met spaties, niet met tabs",
            en: "indent with spaces, not tabs",
        },
        Text {
            nl: "het bestand is leeg",
            en: "file is empty",
        },
        Text {
            nl: "de volledige DPIA is verplicht, maar mist nog {0}; tot dat is beantwoord, zeggen de documenten dat de DPIA nog moet worden uitgevoerd",
            en: "the full DPIA is required but lacks {0}; until it is answered, the documents say the DPIA is still to be done",
        },
        Text {
            nl: "de belangen van de school en van de betrokkenen (modelpunt 7)",
            en: "the interests of the school and of the data subjects (model point 7)",
        },
        Text {
            nl: "de wetten en het beleid die van toepassing zijn (modelpunt 9)",
            en: "the laws and policies that apply (model point 9)",
        },
        Text {
            nl: "doelbinding en verder gebruik (modelpunt 13)",
            en: "purpose limitation and further use (model point 13)",
        },
        Text {
            nl: "hoe elk recht van de betrokkenen wordt gewaarborgd (modelpunt 15)",
            en: "how each right of the data subjects is honoured (model point 15)",
        },
        Text {
            nl: "de zienswijze van ouders, leerlingen of personeel en hoe die is verkregen (Art. 35(9) AVG)",
            en: "the views of parents, pupils or staff and how they were gathered (Art. 35(9) AVG)",
        },
        Text {
            nl: "het advies van de FG met de datum ervan (Art. 35(2) AVG)",
            en: "the FG's advice with its date (Art. 35(2) AVG)",
        },
        Text {
            nl: "waarom de risico's die na de maatregelen overblijven aanvaardbaar zijn (modelpunt 17)",
            en: "why the risks that remain after the measures are acceptable (model point 17)",
        },
        Text {
            nl: "een alias mag een antwoord een paar keer herhalen, niet het bestand vermenigvuldigen; schrijf de antwoorden uit",
            en: "an alias may repeat an answer a few times, not multiply the file; write the answers out",
        },
        Text {
            nl: "een document kan geen advies noemen dat na zijn eigen datum is gegeven: zet `assessment.date` op de dag waarop deze versie uitkomt (op of na het advies), of verbeter de datum van het advies",
            en: "a document cannot report advice given after its own date: set `assessment.date` to the day this version is issued (on or after the advice), or correct the advice's date",
        },
        Text {
            nl: "loop de antwoorden na en zet dan de volgende herzieningsdatum (en een nieuwe versie en datum)",
            en: "review the answers, then set the next review date (and a new version and date)",
        },
        Text {
            nl: "de volgende herziening komt na de datum van deze versie",
            en: "the next review comes after this version's date",
        },
        Text {
            nl: "een vragenlijst is maar een paar niveaus diep; controleer het inspringen en de haakjes",
            en: "a questionnaire is only a few levels deep; check the indentation and the brackets",
        },
        Text {
            nl: "twee hoofdletters volgens ISO 3166-1 alpha-2, bijv. NL, IE, US, MY",
            en: "two capital letters of ISO 3166-1 alpha-2, e.g. NL, IE, US, MY",
        },
        Text {
            nl: "twee hoofdletters (ISO 3166-1 alpha-2), bijv. NL, IE, US",
            en: "two capital letters (ISO 3166-1 alpha-2), e.g. NL, IE, US",
        },
        Text {
            nl: "een vragenlijst begint met `version: {0}` en `kind: organisation` of `kind: activity`",
            en: "a questionnaire starts with `version: {0}` and `kind: organisation` or `kind: activity`",
        },
        Text {
            nl: "sla het bestand op als UTF-8 (in de meeste editors: \"Opslaan met codering\")",
            en: "save the file as UTF-8 (most editors: \"Save with encoding\")",
        },
        Text {
            nl: "begin het bestand met `version: {0}`",
            en: "start the file with `version: {0}`",
        },
        Text {
            nl: "geef het pad van het bestand met `kind: organisation`, gezien vanaf dit bestand",
            en: "give the path of the `kind: organisation` file, relative to this file",
        },
        Text {
            nl: "schrijf het antwoord na de dubbele punt, of laat de sleutel weg als het antwoord optioneel is",
            en: "write the answer after the colon, or leave the key out if the answer is optional",
        },
        Text {
            nl: "schrijf `[jongste, oudste]`",
            en: "write `[youngest, oldest]`",
        },
        Text {
            nl: "deze dpiagen leest de versies 1 en {0}; schrijf `version: {1}`",
            en: "this dpiagen reads versions 1 and {0}; write `version: {1}`",
        },
        Text {
            nl: "een jaar van 2000 tot en met 2100",
            en: "a year from 2000 to 2100",
        },
        Text {
            nl: "gebruik kleine letters, cijfers en koppeltekens, bijv. `{0}` (de uitvoermap krijgt die naam)",
            en: "use lowercase letters, digits and hyphens, e.g. `{0}` (it names the output folder)",
        },
        Text {
            nl: "gebruik kleine letters, cijfers en koppeltekens, bijv. `{0}` (de map met de documenten van de organisatie krijgt die naam)",
            en: "use lowercase letters, digits and hyphens, e.g. `{0}` (it names the folder of the organisation's documents)",
        },
        Text {
            nl: "een vragenlijst is een lijst van antwoorden in de vorm `sleutel: waarde`, te beginnen met `version: {0}`",
            en: "a questionnaire is a list of `key: value` answers, starting with `version: {0}`",
        },
        Text {
            nl: "een vragenlijst is één document: verdeel het over twee bestanden",
            en: "a questionnaire is one document: split it into two files",
        },
        Text {
            nl: "YAML-tags (`!naam`, `!!type`) worden in vragenlijsten niet gebruikt; haal de tag weg",
            en: "YAML tags (`!name`, `!!type`) are not used in questionnaires; remove it",
        },
        Text {
            nl: "zet de antwoorden ingesprongen onder de sleutel, bijv. `author:` en daaronder `  name: ...`",
            en: "indent the answers below the key, e.g. `author:` then `  name: ...`",
        },
        Text {
            nl: "schrijf de tekst na de dubbele punt; gebruik voor meer alinea's `|` en zet de tekst ingesprongen eronder",
            en: "write the text after the colon; for several paragraphs use `|` and indent the text below",
        },
        Text {
            nl: "schrijf één `- item` per regel onder de sleutel, of `[a, b]`",
            en: "write one `- item` per line below the key, or `[a, b]`",
        },
        Text {
            nl: "ankers en aliassen (`&naam`, `*naam`) worden samen te groot",
            en: "anchors and aliases (`&name`, `*name`) expand to too much",
        },
        Text {
            nl: "het advies van de FG is gedateerd {0}, na de datum van deze beoordeling ({1})",
            en: "the FG's advice is dated {0}, after this assessment's date {1}",
        },
        Text {
            nl: "de herzieningsdatum {0} ligt niet na de beoordelingsdatum {1}",
            en: "review date {0} is not after the assessment date {1}",
        },
        Text {
            nl: "de herzieningsdatum {0} is verstreken (vandaag is het {1})",
            en: "the review date {0} has passed (today is {1})",
        },
        Text {
            nl: "blokken en lijsten zijn dieper genest dan {0} niveaus",
            en: "mappings and lists are nested deeper than {0} levels",
        },
        Text {
            nl: "`{0}` is geen landcode volgens ISO 3166-1",
            en: "`{0}` is not an ISO 3166-1 country code",
        },
        Text {
            nl: "`{0}` is geen landcode",
            en: "`{0}` is not a country code",
        },
        Text {
            nl: "onbekende soort `{0}`",
            en: "unknown kind `{0}`",
        },
        Text {
            nl: "het bestand is binair (het bevat NUL-bytes), geen YAML",
            en: "file is binary (it contains NUL bytes), not YAML",
        },
        Text {
            nl: "het bestand is geen geldige UTF-8",
            en: "file is not valid UTF-8",
        },
        Text {
            nl: "organisatieprofiel `{0}` niet gevonden",
            en: "organisation profile `{0}` not found",
        },
        Text {
            nl: "`{0}` is een verwerking, geen organisatieprofiel",
            en: "`{0}` is an activity, not an organisation profile",
        },
        Text {
            nl: "mag niet leeg zijn",
            en: "must not be empty",
        },
        Text {
            nl: "de jongste leeftijd, {0}, ligt boven de oudste, {1}",
            en: "youngest age {0} is above oldest age {1}",
        },
        Text {
            nl: "{0} valt buiten het bereik: een score is 1 (verwaarloosbaar), 2 (beperkt), 3 (aanzienlijk) of 4 (maximaal)",
            en: "{0} is out of range: a score is 1 (verwaarloosbaar), 2 (beperkt), 3 (aanzienlijk) or 4 (maximaal)",
        },
        Text {
            nl: "{0} valt buiten het bereik",
            en: "{0} is out of range",
        },
        Text {
            nl: "niet-ondersteunde formaatversie {0}",
            en: "unsupported format version {0}",
        },
        Text {
            nl: "`{0}` is geen geldige id",
            en: "`{0}` is not a valid id",
        },
        Text {
            nl: "het bestand bevat meer dan één YAML-document (een tweede `---`)",
            en: "the file holds more than one YAML document (a second `---`)",
        },
        Text {
            nl: "niet-ondersteunde tag `{0}`",
            en: "unsupported tag `{0}`",
        },
        Text {
            nl: "ongeldige lengte {0}: verwacht werden precies twee waarden",
            en: "invalid length {0}, expected a tuple of size 2",
        },
        Text {
            nl: "{0} bestanden staan er al en zijn niet overschreven: {1}",
            en: "{0} files are already there, not overwritten: {1}",
        },
        Text {
            nl: "{0} bestand staat er al en is niet overschreven: {1}",
            en: "{0} file is already there, not overwritten: {1}",
        },
        Text {
            nl: "alleen toegestaan bij `{0}`",
            en: "only allowed with `{0}`",
        },
        Text {
            nl: "hier hoort tekst",
            en: "expected text",
        },
        Text {
            nl: "hier mag geen `sleutel: waarde` staan; controleer het inspringen",
            en: "mapping values are not allowed in this context",
        },
        Text {
            nl: "in dit blok staat iets waar een sleutel werd verwacht; controleer het inspringen",
            en: "while parsing a block mapping, did not find expected key",
        },
        Text {
            nl: "een `:` staat op een plek waar dat niet mag",
            en: "illegal placement of ':' indicator",
        },
        Text {
            nl: "na de tekst tussen dubbele aanhalingstekens staat nog iets",
            en: "invalid trailing content after double-quoted scalar",
        },
        Text {
            nl: "de alias verwijst naar een onbekend anker",
            en: "alias references unknown anchor",
        },
        Text {
            nl: "tabs zijn hier niet toegestaan: spring in met spaties",
            en: "tabs disallowed within this context (block indentation)",
        },
        Text {
            nl: "in deze tekst staat een tab",
            en: "while scanning a plain scalar, found a tab",
        },
    ];

    // Schemas and `init`.
    pub const CANNOT_WRITE_OUT: Text = Text {
        nl: "kan {0} niet schrijven: {1}",
        en: "cannot write {0}: {1}",
    };
    pub const THE_MANUAL_PAGE: Text = Text {
        nl: "de handleidingpagina",
        en: "the manual page",
    };
    pub const THE_SCRIPT: Text = Text {
        nl: "het script",
        en: "the script",
    };
    pub const THE_JSON_REPORT: Text = Text {
        nl: "het JSON-verslag",
        en: "the JSON report",
    };
    pub const THE_SCHEMA: Text = Text {
        nl: "het schema",
        en: "the schema",
    };
    pub const WROTE_MAN_PAGES: Text = Text {
        nl: "handleidingpagina's geschreven in {0}",
        en: "wrote the manual pages to {0}",
    };
    pub const NO_MAN_PAGE: Text = Text {
        nl: "geen handleidingpagina voor `{0}`",
        en: "no manual page for `{0}`",
    };
    pub const ONE_OF: Text = Text {
        nl: "een van {0}",
        en: "one of {0}",
    };
    pub const WROTE_TEMPLATES: Text = Text {
        nl: "{0} sjablonen geschreven in {1}; gebruik ze met --templates {1}",
        en: "wrote {0} templates to {1}; render with --templates {1}",
    };
    pub const EXPORT_HELP: Text = Text {
        nl: "kies een lege map, of voeg --force toe om te overschrijven",
        en: "choose an empty folder, or add --force to overwrite",
    };
    pub const CANNOT_WATCH: Text = Text {
        nl: "kan {0} niet in de gaten houden: {1}",
        en: "cannot watch {0}: {1}",
    };
    pub const WATCHER_REPORTED: Text = Text {
        nl: "de bestandswachter meldde: {0}",
        en: "the file watcher reported: {0}",
    };
    pub const STOPPED_WATCHING: Text = Text {
        nl: "gestopt met in de gaten houden",
        en: "stopped watching",
    };
    pub const MIGRATE_NOTHING_WRITTEN: Text = Text {
        nl: "niets gewijzigd: herstel eerst de bestanden hierboven",
        en: "nothing changed: mend the files above first",
    };
    pub const MIGRATE_PENDING: Text = Text {
        nl: "{0}: nog formaat 1",
        en: "{0}: still format 1",
    };
    pub const MIGRATE_CHECKED: Text = Text {
        nl: "{0} bestand(en) nog formaat 1, {1} al formaat {2}; `dpiagen migrate` zet ze om",
        en: "{0} file(s) still format 1, {1} already format {2}; `dpiagen migrate` converts them",
    };
    pub const MIGRATE_ALL_CURRENT: Text = Text {
        nl: "alle {0} bestand(en) zijn al formaat {1}",
        en: "all {0} file(s) are already format {1}",
    };
    pub const MIGRATED_FILE: Text = Text {
        nl: "{0}: omgezet",
        en: "{0}: migrated",
    };
    pub const MIGRATED: Text = Text {
        nl: "{0} bestand(en) omgezet, {1} al formaat {2}",
        en: "migrated {0} file(s), {1} already format {2}",
    };
    pub const CANNOT_MIGRATE: Text = Text {
        nl: "kan {0} niet schrijven: {1}; de bestanden ervoor zijn al omgezet",
        en: "cannot write {0}: {1}; the files before it are already migrated",
    };
    pub const SCHEMAS_UPDATED: Text = Text {
        nl: "{0}: {1} schema's bijgewerkt",
        en: "{0}: {1} schemas updated",
    };
    pub const CANNOT_WRITE_SCHEMAS: Text = Text {
        nl: "kan de schema's niet schrijven in {0}: {1}",
        en: "cannot write the schemas into {0}: {1}",
    };
    pub const WROTE_SKELETON: Text = Text {
        nl: "{0} geschreven ({1} open antwoorden)\nVolgende stap: dpiagen interview {0}   (of vul elke `{2}` in een editor in, dan dpiagen check)",
        en: "wrote {0} ({1} open answers)\nNext: dpiagen interview {0}   (or fill in each `{2}` in an editor, then dpiagen check)",
    };
    pub const BAD_ACTIVITY_ID: Text = Text {
        nl: "`{0}` is geen geldige id voor een activiteit",
        en: "`{0}` is not a valid activity id",
    };
    pub const BAD_ACTIVITY_ID_HELP: Text = Text {
        nl: "gebruik kleine letters, cijfers en koppeltekens, bijv. `instagram-schoolaccount` (de id geeft het bestand en de uitvoermap hun naam)",
        en: "use lowercase letters, digits and hyphens, e.g. `instagram-schoolaccount` (it names the file and the output folder)",
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |name| {
            pairs
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn the_locale_speaks_dutch_only_when_it_says_nl() {
        assert_eq!(from_locale(env(&[("LANG", "nl_NL.UTF-8")])), Some(Lang::Nl));
        assert_eq!(from_locale(env(&[("LANG", "nl_BE")])), Some(Lang::Nl));
        assert_eq!(from_locale(env(&[("LANG", "C")])), Some(Lang::En));
        assert_eq!(from_locale(env(&[("LANG", "C.UTF-8")])), Some(Lang::En));
        assert_eq!(from_locale(env(&[("LANG", "en_GB.UTF-8")])), Some(Lang::En));
        assert_eq!(from_locale(env(&[])), None);
    }

    #[test]
    fn lc_all_then_lc_messages_then_lang_and_empty_values_do_not_count() {
        let all = env(&[("LC_ALL", "C"), ("LANG", "nl_NL.UTF-8")]);
        assert_eq!(from_locale(all), Some(Lang::En));
        let messages = env(&[("LC_MESSAGES", "nl_NL.UTF-8"), ("LANG", "C")]);
        assert_eq!(from_locale(messages), Some(Lang::Nl));
        let empty = env(&[("LC_ALL", ""), ("LC_MESSAGES", ""), ("LANG", "nl_NL")]);
        assert_eq!(from_locale(empty), Some(Lang::Nl));
        assert_eq!(from_locale(env(&[("LANG", "")])), None);
    }

    #[test]
    fn the_flag_beats_the_profile_which_beats_the_locale() {
        use Lang::{En, Nl};
        assert_eq!(choose(Some(En), Some(Nl), Some(Nl)), En);
        assert_eq!(choose(None, Some(En), Some(Nl)), En);
        assert_eq!(choose(None, None, Some(Nl)), Nl);
        assert_eq!(choose(None, None, None), En);
    }

    #[test]
    fn counts_take_the_singular_only_for_one() {
        assert_eq!(msg::ACTIVITY.count_in(Lang::Nl, 1), "1 activiteit");
        assert_eq!(msg::ACTIVITY.count_in(Lang::Nl, 3), "3 activiteiten");
        assert_eq!(msg::ACTIVITY.count_in(Lang::Nl, 0), "0 activiteiten");
        assert_eq!(msg::ACTIVITY.count_in(Lang::En, 1), "1 activity");
        assert_eq!(msg::QUESTION.count_in(Lang::Nl, 2), "2 vragen");
    }

    #[test]
    fn check_messages_are_worded_in_dutch_by_pattern() {
        let nl = |text| say_in(Lang::Nl, text);
        assert_eq!(
            nl("unknown variant `basis`, expected one of po, so, vo, mbo, ho"),
            "onbekende waarde `basis`; toegestaan zijn: po, so, vo, mbo, ho"
        );
        assert_eq!(
            nl("`2026-02-30` does not exist: month 2 of 2026 has 28 days"),
            "`2026-02-30` bestaat niet: maand 2 van 2026 heeft 28 dagen"
        );
        assert_eq!(
            nl("`300` is not a whole number from 0 to 255"),
            "`300` is geen geheel getal van 0 tot en met 255"
        );
        assert_eq!(
            nl("`drie` is not a whole number"),
            "`drie` is geen geheel getal"
        );
        assert_eq!(nl("file is empty"), "het bestand is leeg");
        // A DPIA section inside the message is worded too.
        assert_eq!(
            nl(
                "the full DPIA is required but lacks purpose limitation and further use (model \
                 point 13); until it is answered, the documents say the DPIA is still to be done"
            ),
            "de volledige DPIA is verplicht, maar mist nog doelbinding en verder gebruik \
             (modelpunt 13); tot dat is beantwoord, zeggen de documenten dat de DPIA nog moet \
             worden uitgevoerd"
        );
        // Not in the table, or only part of it: left as it is.
        assert_eq!(nl("file is empty, mostly"), "file is empty, mostly");
        assert_eq!(nl("something new"), "something new");
        assert_eq!(
            say_in(Lang::En, "missing field `name`"),
            "missing field `name`"
        );
    }

    #[test]
    fn every_check_pattern_matches_itself_and_keeps_its_places() {
        for entry in msg::CHECKS {
            let sample = entry.fill_in(Lang::En, &[&"A", &"B", &"C", &"D"]);
            let dutch = say_in(Lang::Nl, &sample);
            assert_eq!(
                dutch,
                entry.fill_in(Lang::Nl, &[&"A", &"B", &"C", &"D"]),
                "{}",
                entry.en
            );
            for place in ["{0}", "{1}", "{2}", "{3}"] {
                assert_eq!(
                    entry.en.contains(place),
                    entry.nl.contains(place),
                    "{place} in {}",
                    entry.en
                );
            }
        }
    }

    #[test]
    fn every_usage_pattern_matches_itself_and_keeps_its_places_and_indent() {
        for entry in msg::USAGE {
            let sample = format!("  {}", entry.fill_in(Lang::En, &[&"A", &"B", &"C"]));
            assert_eq!(
                say_usage(Lang::Nl, &sample),
                format!("  {}", entry.fill_in(Lang::Nl, &[&"A", &"B", &"C"])),
                "{}",
                entry.en
            );
            assert_eq!(say_usage(Lang::En, &sample), sample);
        }
        // A line no pattern knows stays as it is.
        assert_eq!(say_usage(Lang::Nl, "  <PATHS>..."), "  <PATHS>...");
    }

    #[test]
    fn fill_replaces_every_numbered_place() {
        let text = msg::WROTE_SKELETON.fill_in(Lang::Nl, &[&"a.yaml", &3, &"<vul in>"]);
        assert_eq!(
            text,
            "a.yaml geschreven (3 open antwoorden)\nVolgende stap: dpiagen interview a.yaml   (of vul elke `<vul in>` in een editor in, dan dpiagen check)"
        );
        assert!(!msg::CHECKED.fill_in(Lang::En, &[&1, &2, &3]).contains('{'));
    }
}
