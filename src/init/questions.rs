//! The questions of both questionnaire kinds, in Dutch, with the defaults a kind of activity
//! brings (the one place that knows them). Platform facts (provider, minimum age, what
//! agreement a school can get, own purposes) come from `data/platforms.yaml`.

use super::skeleton::{Entry, Value, entry, plain, text};
use crate::knowledge::platforms::{Platform, Platforms, SchoolAgreement};

/// What an activity is, for the defaults of its skeleton.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ActivityKind {
    /// An Instagram account of the school (Meta, joint controller, transfer to the US).
    Instagram,
    /// WhatsApp for contact with parents (no agreement possible, transfer to the US).
    Whatsapp,
    /// Lessons by video call (a processor; its country still to check).
    VideoLessons,
    /// A publisher's learning platform (a processor under the model agreement 4.0).
    LearningPlatform,
    /// Anything else: every answer open.
    Other,
}

const OPEN: Value = Value::Open;

/// The organisation profile's questions.
pub fn organisation() -> Vec<Entry> {
    // Each question names whose answer it asks: the interview shows one question at a time.
    let person = |role: &str, whom: &str| {
        Value::Map(vec![
            entry("name", &format!("Volledige naam van {whom}."), OPEN),
            entry("role", &format!("Functie van {whom}."), text(role)),
            entry("email", &format!("E-mailadres van {whom}."), OPEN),
        ])
    };
    vec![
        entry("version", "", plain(crate::model::FORMAT_VERSION)),
        entry("kind", "", plain("organisation")),
        entry(
            "id",
            "Korte vaste naam van de organisatie (kleine letters, cijfers en streepjes, bijv. obs-de-regenboog); hij geeft de map van de eigen documenten, zoals de gedragscode.",
            OPEN,
        ),
        entry(
            "name",
            "Naam van de school (of het bestuur) zoals die op de documenten komt.",
            OPEN,
        ),
        entry(
            "board",
            "Het bevoegd gezag, de verwerkingsverantwoordelijke, bijv. \"Stichting Openbaar Onderwijs ...\".",
            OPEN,
        ),
        entry(
            "sector",
            "Sector: po (primair), so (speciaal), vo (voortgezet), mbo of ho.",
            OPEN,
        ),
        entry("city", "Vestigingsplaats.", OPEN),
        entry(
            "public_authority",
            "Voert de organisatie een publieke taak uit (true of false)? Voor elke door de overheid bekostigde school: true.",
            plain(true),
        ),
        entry(
            "board_signatory",
            "Wie tekent namens het bestuur?",
            person(
                "voorzitter college van bestuur",
                "wie namens het bestuur tekent (bijv. de voorzitter van het bestuur)",
            ),
        ),
        entry(
            "privacy_officer",
            "De privacy officer die de documenten voorbereidt.",
            person("privacy officer", "de privacy officer"),
        ),
        entry(
            "fg",
            "De functionaris gegevensbescherming (FG).",
            person(
                "functionaris gegevensbescherming",
                "de functionaris gegevensbescherming (FG)",
            ),
        ),
        entry(
            "council",
            "De medezeggenschapsraad die instemt met de gedragscode en het privacybeleid.",
            Value::Map(vec![
                entry(
                    "kind",
                    "po, so, vo: mr (van één school) of gmr (van een bestuur); mbo: ondernemingsraad of studentenraad; ho: mr, universiteitsraad, faculteitsraad, ondernemingsraad of studentenraad.",
                    plain("mr"),
                ),
                entry("name", "Naam zoals in brieven, bijv. \"MR OBS ...\".", OPEN),
            ]),
        ),
    ]
}

/// The questions of an activity called `id` of `kind`, for the profile at `organisation`.
pub fn activity(
    id: &str,
    kind: ActivityKind,
    organisation: &str,
    platforms: &'static Platforms,
) -> Vec<Entry> {
    let facts = Facts::of(kind, platforms);
    let mut tree = vec![
        entry("version", "", plain(crate::model::FORMAT_VERSION)),
        entry("kind", "", plain("activity")),
        entry(
            "organisation",
            "Pad naar het organisatieprofiel, vanaf de map van dit bestand.",
            text(organisation),
        ),
        entry(
            "assessment",
            "Over deze beoordeling.",
            assessment(id, &facts),
        ),
        entry(
            "processing",
            "Wat er gebeurt en waarom.",
            processing(&facts),
        ),
        entry(
            "subjects",
            "Van wie worden gegevens verwerkt? Eén blok per groep; voeg groepen toe of haal ze weg.",
            Value::Items(facts.subjects.iter().map(|g| subject(g)).collect()),
        ),
        entry(
            "data",
            "Welke persoonsgegevens? Eén blok per soort gegevens.",
            Value::Items(vec![data(&facts)]),
        ),
    ];
    if facts.consent {
        tree.push(entry(
            "consent",
            "Hoe wordt toestemming gevraagd en vastgelegd?",
            consent(),
        ));
    }
    tree.push(entry(
        "vendors",
        "Leveranciers en andere ontvangers. Eén blok per leverancier.",
        Value::Items(vec![vendor(&facts)]),
    ));
    if let Some(transfer) = transfer(&facts) {
        tree.push(entry(
            "transfers",
            "Doorgiften naar landen buiten de EER (art. 44-49 AVG).",
            Value::Items(vec![transfer]),
        ));
    }
    tree.extend([
        entry(
            "criteria",
            "De negen criteria van WP248: geldt het criterium (true of false), en waarom?",
            criteria(),
        ),
        entry(
            "ap_list",
            "Punten van de AP-lijst die altijd een DPIA vragen (Stcrt. 2019, 64418) die gelden, elk met item en reason; [] als geen enkel punt geldt.",
            Value::Items(vec![]),
        ),
        entry(
            "risks",
            "Risico's voor de betrokkenen, elk met kans en ernst van 1 (verwaarloosbaar) tot 4 (maximaal), voor en na maatregelen.",
            Value::Items(vec![risk()]),
        ),
    ]);
    tree
}

/// The answers a full DPIA needs beyond the pre-DPIA's (`init activity --dpia`), every one
/// still open.
pub fn dpia() -> Entry {
    let open = |key, question: &str| entry(key, question, Value::Open);
    entry(
        "dpia",
        "De volledige DPIA (Model DPIA Rijksdienst): wat de rest van deze vragenlijst nog niet zegt.",
        Value::Map(vec![
            entry(
                "fg_advice",
                "Het advies van de functionaris gegevensbescherming (art. 35 lid 2 AVG).",
                Value::Map(vec![
                    open("date", "Datum van het advies (JJJJ-MM-DD)."),
                    open("summary", "Het advies in het kort."),
                    open("followed", "Volgt het bestuur het advies? (true of false)"),
                    open(
                        "response",
                        "Wat doet het bestuur met het advies; waarom niet, als het het niet volgt?",
                    ),
                ]),
            ),
            entry(
                "interests",
                "Belangen bij de verwerking (punt 7 van het model).",
                Value::Map(vec![
                    open("school", "Welk belang heeft de school bij de verwerking?"),
                    open(
                        "subjects",
                        "Welke belangen hebben leerlingen, ouders en medewerkers: wat levert het hen op, wat staat er voor hen op het spel?",
                    ),
                ]),
            ),
            entry(
                "framework",
                "Welke wetten, regels en beleid gelden (punt 9), bijvoorbeeld de WPO, de WVO of het privacyreglement van het bestuur? Eén per regel.",
                Value::Flow(vec![Value::Open]),
            ),
            open(
                "further_use",
                "Gebruikt de school of een leverancier de gegevens ook voor iets anders dan de doelen, en waarom mag dat wel of niet (punt 13)?",
            ),
            entry(
                "rights",
                "Hoe de school elk recht van de betrokkenen waarborgt: wie een verzoek behandelt, hoe en binnen welke termijn; of waarom het recht niet geldt (punt 15).",
                Value::Map(vec![
                    open(
                        "information",
                        "Hoe worden betrokkenen vooraf geïnformeerd (art. 12-14 AVG)?",
                    ),
                    open("access", "Inzage (art. 15 AVG)?"),
                    open("rectification", "Rectificatie en aanvulling (art. 16 AVG)?"),
                    open("erasure", "Gegevens laten wissen (art. 17 AVG)?"),
                    open("restriction", "Beperking van de verwerking (art. 18 AVG)?"),
                    open("portability", "Overdraagbaarheid (art. 20 AVG)?"),
                    open("objection", "Bezwaar (art. 21 AVG)?"),
                    open(
                        "automated_decisions",
                        "Neemt het systeem besluiten zonder tussenkomst van een mens (art. 22 AVG)?",
                    ),
                ]),
            ),
            entry(
                "views",
                "De zienswijzen van de betrokkenen of hun vertegenwoordigers (art. 35 lid 9 AVG). Eén blok per groep; of: parents, pupils, staff, council, other.",
                Value::Items(vec![vec![
                    open("of", "Van wie (parents, pupils, staff, council of other)?"),
                    open(
                        "how",
                        "Hoe is de zienswijze gevraagd, bijvoorbeeld een ouderpanel of de MR-vergadering, met datum?",
                    ),
                    open(
                        "outcome",
                        "Wat zeiden zij, en wat heeft de school ermee gedaan?",
                    ),
                ]]),
            ),
            open(
                "residual_acceptance",
                "Waarom zijn de risico's die na de maatregelen overblijven aanvaardbaar (punt 17)?",
            ),
        ]),
    )
}

/// What a kind of activity brings as defaults.
struct Facts {
    title: Option<&'static str>,
    use_: &'static str,
    platform: Option<&'static Platform>,
    product: Option<&'static str>,
    basis: Option<&'static str>,
    subjects: &'static [&'static str],
    data: Option<(&'static str, &'static str)>,
    consent: bool,
    role: Option<&'static str>,
    agreement: Option<&'static str>,
    model: Option<&'static str>,
    locations: &'static [&'static str],
    transfer: Option<(&'static str, &'static str)>,
}

impl Facts {
    fn of(kind: ActivityKind, platforms: &'static Platforms) -> Facts {
        let blank = Facts {
            title: None,
            use_: "other",
            platform: None,
            product: None,
            basis: None,
            subjects: &["pupils"],
            data: None,
            consent: false,
            role: None,
            agreement: None,
            model: None,
            locations: &[],
            transfer: None,
        };
        match kind {
            ActivityKind::Instagram => Facts {
                title: Some("Instagram-account van de school"),
                use_: "school-channel",
                platform: platforms.get("instagram"),
                basis: Some("consent"),
                subjects: &["pupils", "staff"],
                data: Some(("foto's en video's van leerlingen", "sensitive")),
                consent: true,
                // The school and Meta decide together what happens with the posts (CJEU
                // C-210/16, Wirtschaftsakademie).
                role: Some("joint-controller"),
                locations: &["IE", "US"],
                transfer: Some(("Meta Platforms, Inc.", "joint-controller")),
                ..blank
            },
            ActivityKind::Whatsapp => Facts {
                title: Some("WhatsApp voor contact met ouders"),
                use_: "parent-communication",
                platform: platforms.get("whatsapp"),
                basis: Some("public-task"),
                subjects: &["pupils", "parents", "staff"],
                data: Some(("inhoud van berichten", "sensitive")),
                role: Some("processor"),
                locations: &["IE", "US"],
                transfer: Some(("WhatsApp LLC", "independent-controller")),
                ..blank
            },
            ActivityKind::VideoLessons => Facts {
                title: Some("Videolessen op afstand"),
                use_: "video-lessons",
                basis: Some("public-task"),
                subjects: &["pupils", "staff"],
                data: Some((
                    "beeld en geluid van leerlingen en leerkrachten",
                    "sensitive",
                )),
                role: Some("processor"),
                ..blank
            },
            ActivityKind::LearningPlatform => Facts {
                title: Some("Digitaal leerplatform"),
                use_: "learning-platform",
                product: None,
                basis: Some("public-task"),
                subjects: &["pupils", "staff"],
                data: Some(("namen, groep en leerresultaten", "ordinary")),
                role: Some("processor"),
                agreement: Some("signed"),
                model: Some("model4"),
                ..blank
            },
            ActivityKind::Other => blank,
        }
    }

    /// Agreement status from what the platform offers a school.
    fn agreement(&self) -> Value {
        if let Some(status) = self.agreement {
            return plain(status);
        }
        match self.platform.map(|p| p.school_agreement) {
            // Nothing to sign with the provider.
            Some(SchoolAgreement::None) => plain("not-possible"),
            // Only the provider's own terms: no agreement of the school's own.
            Some(SchoolAgreement::VendorTerms) => plain("none"),
            _ => OPEN,
        }
    }
}

fn or_open(value: Option<&str>) -> Value {
    value.map_or(OPEN, plain)
}

fn assessment(id: &str, facts: &Facts) -> Value {
    Value::Map(vec![
        entry(
            "id",
            "Vaste naam van deze beoordeling (kleine letters, cijfers en streepjes); hij geeft de map van de documenten.",
            plain(id),
        ),
        entry(
            "title",
            "Titel van de verwerking, zoals die op de documenten komt.",
            facts.title.map_or(OPEN, text),
        ),
        entry("version", "Versie van deze beoordeling.", text("0.1")),
        entry(
            "year",
            "Het jaar waar de documenten bij horen, bijv. 2026.",
            OPEN,
        ),
        entry(
            "author",
            "Wie schrijft deze beoordeling?",
            Value::Map(vec![
                entry(
                    "name",
                    "Volledige naam van wie deze beoordeling schrijft.",
                    OPEN,
                ),
                entry(
                    "role",
                    "Functie van wie deze beoordeling schrijft.",
                    text("privacy officer"),
                ),
            ]),
        ),
        entry("date", "Datum van deze versie (JJJJ-MM-DD).", OPEN),
        entry(
            "review",
            "Datum van de volgende herziening (JJJJ-MM-DD), na de datum hierboven.",
            OPEN,
        ),
        entry(
            "status",
            "concept, of vastgesteld zodra het bestuur de beoordeling heeft vastgesteld.",
            plain("concept"),
        ),
    ])
}

fn processing(facts: &Facts) -> Value {
    let platform = facts
        .platform
        .map(|p| p.name.as_str())
        .or(facts.product)
        .map_or(OPEN, text);
    Value::Map(vec![
        entry(
            "description",
            "Beschrijf de verwerking: wat gebeurt er, met welk middel, door wie en voor wie? Markdown mag.",
            OPEN,
        ),
        entry(
            "use",
            "Soort gebruik: school-channel, in-class, parent-communication, learning-platform, video-lessons of other.",
            plain(facts.use_),
        ),
        entry("platform", "Naam van het platform of product.", platform),
        entry(
            "purposes",
            "Doelen, elk met zijn grondslag (art. 6 lid 1 AVG): consent, contract, legal-obligation, vital-interests, public-task of legitimate-interests.",
            Value::Items(vec![vec![
                entry("name", "Het doel in één zin.", OPEN),
                entry("basis", "De grondslag.", or_open(facts.basis)),
            ]]),
        ),
        entry(
            "necessity",
            "Noodzaak.",
            Value::Map(vec![
                entry(
                    "proportionality",
                    "Waarom staat de inbreuk in verhouding tot het doel (proportionaliteit)?",
                    OPEN,
                ),
                entry(
                    "subsidiarity",
                    "Welke minder ingrijpende middelen zijn overwogen, en waarom volstaan ze wel of niet (subsidiariteit)?",
                    OPEN,
                ),
            ]),
        ),
    ])
}

fn subject(group: &'static str) -> Vec<Entry> {
    let mut item = vec![entry(
        "group",
        "Soort groep: pupils, parents, staff of other.",
        plain(group),
    )];
    if group == "pupils" {
        item.push(entry(
            "ages",
            "Jongste en oudste leeftijd, in jaren.",
            Value::Flow(vec![OPEN, OPEN]),
        ));
    }
    item.push(entry("count", "Ongeveer hoeveel personen?", OPEN));
    item
}

fn data(facts: &Facts) -> Vec<Entry> {
    let (category, kind) = facts
        .data
        .map_or((OPEN, OPEN), |(c, k)| (text(c), plain(k)));
    vec![
        entry("category", "Welke gegevens?", category),
        entry(
            "kind",
            "Soort: ordinary, sensitive (bijv. foto's, berichten), special (art. 9 AVG), criminal of national-id.",
            kind,
        ),
        entry("retention", "Hoe lang worden ze bewaard?", OPEN),
    ]
}

fn consent() -> Value {
    let yes_no = |key, question| entry(key, question, OPEN);
    Value::Map(vec![
        entry(
            "from",
            "Aan wie: parents (ouders van leerlingen jonger dan 16), pupils (vanaf 16), staff.",
            Value::Flow(vec![plain("parents"), plain("staff")]),
        ),
        yes_no(
            "informed_beforehand",
            "Worden zij vooraf geïnformeerd over wat er met hun gegevens gebeurt (true of false)?",
        ),
        yes_no(
            "covers_school_use",
            "Dekt de toestemming het gebruik door de school (true of false)?",
        ),
        yes_no(
            "covers_platform_use",
            "Dekt de toestemming ook wat het platform zelf met de gegevens doet (true of false)?",
        ),
        entry("recorded_in", "Waar wordt de toestemming vastgelegd?", OPEN),
        entry("withdrawal", "Hoe trekt iemand de toestemming in?", OPEN),
    ])
}

fn vendor(facts: &Facts) -> Vec<Entry> {
    let name = facts.platform.map_or(OPEN, |p| text(&p.provider));
    let mut item = vec![entry("name", "Juridische naam van de leverancier.", name)];
    if let Some(p) = facts.platform {
        item.push(entry("product", "Product.", text(&p.name)));
    }
    item.push(entry(
        "role",
        "Rol onder de AVG: processor (verwerker), sub-processor, independent-controller of joint-controller.",
        or_open(facts.role),
    ));
    if facts.platform.is_some_and(|p| p.own_purposes) {
        item.push(entry(
            "own_purposes",
            "Eigen doelen van de leverancier met de gegevens (volgens data/platforms.yaml gebruikt dit platform de gegevens ook voor zichzelf).",
            Value::Flow(vec![text("advertenties en profilering van gebruikers")]),
        ));
    }
    let mut agreement = vec![entry(
        "status",
        "Stand van de overeenkomst: signed, in-negotiation, none of not-possible.",
        facts.agreement(),
    )];
    if let Some(model) = facts.model {
        agreement.push(entry(
            "model",
            "Model: model4 (Model Verwerkersovereenkomst 4.0), vendor-terms, joint-arrangement of other.",
            plain(model),
        ));
    }
    item.push(entry(
        "agreement",
        "De overeenkomst met de leverancier.",
        Value::Map(agreement),
    ));
    let locations = if facts.locations.is_empty() {
        Value::Flow(vec![OPEN])
    } else {
        Value::Flow(facts.locations.iter().map(|c| plain(*c)).collect())
    };
    item.push(entry(
        "locations",
        "Landen (ISO-code, bijv. NL, IE, US) waar de gegevens staan of worden ingezien, ook voor support.",
        locations,
    ));
    if let Some(age) = facts.platform.and_then(|p| p.minimum_age) {
        item.push(entry(
            "minimum_age",
            "Minimumleeftijd volgens de voorwaarden van het platform (data/platforms.yaml).",
            plain(age),
        ));
    }
    item
}

fn transfer(facts: &Facts) -> Option<Vec<Entry>> {
    let (importer, role) = facts.transfer?;
    Some(vec![
        entry("importer", "Wie ontvangt de gegevens?", text(importer)),
        entry("importer_role", "Rol van de ontvanger.", plain(role)),
        entry(
            "importer_kind",
            "Soort dienst: communication-service of other.",
            plain("communication-service"),
        ),
        entry("country", "Land van de ontvanger (ISO-code).", plain("US")),
        entry(
            "tool",
            "Doorgiftemechanisme: adequacy, dpf, scc, bcr, derogation of none.",
            plain("dpf"),
        ),
        entry(
            "dpf_certified",
            "Staat de ontvanger op de lijst van het EU-US Data Privacy Framework (true of false)? Controleer op dataprivacyframework.gov.",
            OPEN,
        ),
    ])
}

fn criteria() -> Value {
    let criterion = |key, question: &str| {
        entry(
            key,
            "",
            Value::Map(vec![
                entry("applies", &format!("{question} (true of false)"), OPEN),
                entry(
                    "reason",
                    &format!(
                        "Waarom geldt criterium {} wel of niet?",
                        question.split('.').next().unwrap_or_default()
                    ),
                    OPEN,
                ),
            ]),
        )
    };
    Value::Map(vec![
        criterion(
            "evaluation",
            "1. Evaluatie of scoren, ook profilering en voorspellen?",
        ),
        criterion(
            "automated_decision",
            "2. Geautomatiseerde besluiten met rechtsgevolg of een vergelijkbaar wezenlijk gevolg?",
        ),
        criterion("monitoring", "3. Stelselmatig volgen of monitoren?"),
        criterion(
            "sensitive",
            "4. Gevoelige gegevens of gegevens van zeer persoonlijke aard?",
        ),
        criterion("large_scale", "5. Verwerking op grote schaal?"),
        criterion(
            "combining",
            "6. Koppelen of combineren van gegevensverzamelingen?",
        ),
        criterion("vulnerable", "7. Kwetsbare betrokkenen, zoals kinderen?"),
        criterion("innovative", "8. Innovatief gebruik of nieuwe technologie?"),
        criterion(
            "blocking",
            "9. Verhindert de verwerking dat betrokkenen een recht uitoefenen of een dienst gebruiken?",
        ),
    ])
}

fn risk() -> Vec<Entry> {
    vec![
        entry("event", "De gevreesde gebeurtenis in één zin.", OPEN),
        entry(
            "kind",
            "Soort: illegitimate-access (onrechtmatige toegang), unwanted-change (ongewenste wijziging) of disappearance (verdwijnen).",
            OPEN,
        ),
        entry("likelihood", "Kans voor maatregelen (1-4).", OPEN),
        entry("severity", "Ernst voor maatregelen (1-4).", OPEN),
        entry(
            "measures",
            "Maatregelen die het risico verkleinen.",
            Value::Flow(vec![OPEN]),
        ),
        entry(
            "residual",
            "Kans en ernst na de maatregelen (1-4).",
            Value::Map(vec![
                entry("likelihood", "Kans na maatregelen (1-4).", OPEN),
                entry("severity", "Ernst na maatregelen (1-4).", OPEN),
            ]),
        ),
    ]
}
